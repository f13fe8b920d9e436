"""Reading a listing line by line, so one bad byte never costs more than its own line.

Each line is decoded on its own: a line that is not valid UTF-8 keeps its number and carries the
decoding error, and the loader reports it as a :class:`kg.model.LoadIssue` while the other lines
still load.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     p = pathlib.Path(d, "x.txt")
...     _ = p.write_bytes(b"ok\\r\\nbad \\xff byte\\nlast")
...     [(ln.number, ln.text, ln.error is not None) for ln in read_lines(p)]
[(1, 'ok', False), (2, 'bad \\ufffd byte', True), (3, 'last', False)]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import LoaderError
from kg.model import LoadIssue


@dataclass(frozen=True)
class Line:
    """One line of a listing: 1-based number, decoded text, and why decoding failed (if it did)."""

    number: int
    text: str
    error: str | None = None

    def issue(self, path: Path | str, reason: str | None = None) -> LoadIssue:
        """A :class:`LoadIssue` at this line; the decoding error wins over ``reason``."""
        return LoadIssue(path=str(path), line=self.number, reason=self.error or reason or "bad line")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a :class:`LoaderError` naming the file when it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise LoaderError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise LoaderError(f"{path}: is a directory, not a listing file") from None
    except OSError as exc:
        raise LoaderError(f"{path}: cannot read ({exc.strerror or exc})") from None


def decode_lines(data: bytes) -> list[Line]:
    """Split ``data`` into lines and decode each one separately (UTF-8, a leading BOM dropped)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines: list[Line] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        raw = raw.removesuffix(b"\r")
        try:
            lines.append(Line(number, raw.decode("utf-8")))
        except UnicodeDecodeError as exc:
            error = f"invalid UTF-8 at byte {exc.start + 1} of the line ({raw[exc.start : exc.end]!r})"
            lines.append(Line(number, raw.decode("utf-8", errors="replace"), error))
    # a final newline is not an extra empty line
    if lines and lines[-1].text == "" and lines[-1].error is None:
        lines.pop()
    return lines


def read_lines(path: Path) -> list[Line]:
    """Read and decode ``path`` line by line (see :func:`decode_lines`)."""
    return decode_lines(read_bytes(path))
