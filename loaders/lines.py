"""Reading a listing line by line, so one bad byte never costs more than its own line.

A listing is read only when it is a regular file of at most :data:`MAX_FILE_BYTES`: a FIFO, a
device or a socket is refused before anything is read from it (a FIFO would block the load
forever, ``/dev/zero`` would never end). Each line is decoded on its own: a line that is not valid
UTF-8, or longer than :data:`MAX_LINE_BYTES`, keeps its number and carries the reason, and the
loader reports it as a :class:`kg.model.LoadIssue` while the other lines still load.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     p = pathlib.Path(d, "x.txt")
...     _ = p.write_bytes(b"ok\\r\\nbad \\xff byte\\nlast")
...     [(ln.number, ln.text, ln.error is not None) for ln in read_lines(p)]
[(1, 'ok', False), (2, 'bad \\ufffd byte', True), (3, 'last', False)]
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from kg.errors import LoaderError
from kg.model import LoadIssue

#: a listing larger than this is refused rather than read (the sample corpus is ~1 MB)
MAX_FILE_BYTES = 256 * 1024 * 1024
#: one listing line (an arXiv row, a JSONL record) longer than this is reported, not parsed
MAX_LINE_BYTES = 1024 * 1024
#: how much of an over-long line is kept as its text (enough to show what it was)
_LONG_LINE_PREFIX = 200
_BOM = b"\xef\xbb\xbf"

#: names of the file kinds a listing cannot be, by the stat test that recognises them
_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


@dataclass(frozen=True)
class Line:
    """One line of a listing: 1-based number, decoded text, and why it cannot be used (if so)."""

    number: int
    text: str
    error: str | None = None

    def issue(self, path: Path | str, reason: str | None = None) -> LoadIssue:
        """A :class:`LoadIssue` at this line; the line's own error wins over ``reason``."""
        return LoadIssue(path=str(path), line=self.number, reason=self.error or reason or "bad line")


def _refuse_unless_regular(path: Path, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise LoaderError(f"{path}: is a directory, not a listing file")
    for is_kind, kind in _SPECIAL_KINDS:
        if is_kind(mode):
            raise LoaderError(f"{path}: is {kind}, not a regular file; refused without reading it")
    if not stat.S_ISREG(mode):
        raise LoaderError(f"{path}: is not a regular file; refused without reading it")


def _refuse_if_too_large(path: Path, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise LoaderError(f"{path}: {size} bytes, larger than the {MAX_FILE_BYTES} bytes a listing may have")


def _os_error(path: Path, exc: OSError) -> LoaderError:
    if isinstance(exc, FileNotFoundError):
        return LoaderError(f"{path}: no such file")
    if isinstance(exc, IsADirectoryError):
        return LoaderError(f"{path}: is a directory, not a listing file")
    return LoaderError(f"{path}: cannot read ({exc.strerror or exc})")


def read_head(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """At most ``limit`` bytes from the start of ``path``, after checking it is a listing file.

    The file is looked at with ``stat`` first and opened non-blocking, so a FIFO or device is
    refused without waiting for it; ``fstat`` on the open file closes the gap in which the path
    could have been swapped for one. Raises :class:`LoaderError` naming the file and the reason.
    """
    try:
        _refuse_unless_regular(path, os.stat(path).st_mode)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _os_error(path, exc) from None
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(handle.fileno())
            _refuse_unless_regular(path, info.st_mode)
            _refuse_if_too_large(path, info.st_size)
            # one byte more than allowed tells a file that grew past the limit while being read
            data = handle.read(min(limit, MAX_FILE_BYTES + 1))
        except OSError as exc:
            raise _os_error(path, exc) from None
    if len(data) > MAX_FILE_BYTES:
        _refuse_if_too_large(path, len(data))
    return data


def read_bytes(path: Path) -> bytes:
    """The whole listing (see :func:`read_head` for what is refused, and why)."""
    return read_head(path)


def _decode_line(number: int, raw: bytes) -> Line:
    if len(raw) > MAX_LINE_BYTES:
        prefix = raw[:_LONG_LINE_PREFIX].decode("utf-8", errors="replace")
        return Line(number, prefix, f"line of {len(raw)} bytes, longer than the {MAX_LINE_BYTES} allowed")
    try:
        return Line(number, raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        error = f"invalid UTF-8 at byte {exc.start + 1} of the line ({raw[exc.start : exc.end]!r})"
        return Line(number, raw.decode("utf-8", errors="replace"), error)


def decode_lines(data: bytes) -> list[Line]:
    """Split ``data`` into lines and decode each one separately (UTF-8, a leading BOM dropped)."""
    data = data.removeprefix(_BOM)
    lines = [
        _decode_line(number, raw.removesuffix(b"\r")) for number, raw in enumerate(data.split(b"\n"), start=1)
    ]
    # a final newline is not an extra empty line
    if lines and lines[-1].text == "" and lines[-1].error is None:
        lines.pop()
    return lines


def read_lines(path: Path) -> list[Line]:
    """Read and decode ``path`` line by line (see :func:`decode_lines`)."""
    return decode_lines(read_bytes(path))
