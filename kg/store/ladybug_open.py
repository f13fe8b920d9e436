"""Opening a LadybugDB store, and recovering one whose last writer stopped part-way.

A writer killed (or out of disk) during a checkpoint leaves its pages in ``<store>.shadow`` and
``<store>.wal.checkpoint``. LadybugDB finishes such a checkpoint only when it opens the store
read-write, and refuses read-only opens until then. A writer killed between checkpoints leaves
just ``<store>.wal``, which read-only opens replay by themselves. So a reader that meets an
unfinished checkpoint finishes it the way any writer would: one read-write open and close.
Every failure says what state the store is in and the one command to run.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from kg.errors import StoreError

_LOCK_PID = re.compile(r"held by PID (\d+)")
_OS_CAUSE = re.compile(r"(?:Error: |: )([^:]+)$")  # "...: Read-only file system"
_RECOVERY_PENDING = "checkpoint recovery is pending"
POST_COMMIT_CHECKPOINT = "post-commit checkpoint failed"
_WAL_DAMAGED = "wal file is corrupted"
_CHECKPOINT_FILES = (".shadow", ".wal.checkpoint")
#: seconds a reader waits for another process's checkpoint before saying it cannot read yet
RECOVERY_WAIT = 10.0


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__




def open_failure(path: Path, exc: RuntimeError, read_only: bool) -> str:
    message = first_line(exc)
    if "lock" in message.lower():
        hint = "" if read_only else " (or open it read-only)"
        return f"the store {path} is locked by {_lock_holder(message)}; wait for it to finish{hint}"
    if _WAL_DAMAGED in message.lower():
        return (f"the store {path} cannot be opened: its write-ahead log {path}.wal is damaged (a "
                f"write stopped part-way, e.g. on a full disk) and LadybugDB will not replay it; keep "
                f"the files as they are and rebuild into a new path with `kg build --store NEW_PATH`")
    if not read_only and _checkpoint_unfinished(path):
        return _recovery_failure(path, message)
    return f"cannot open the LadybugDB store {path}: {message}"


def _lock_holder(message: str) -> str:
    pid = _LOCK_PID.search(message)
    return f"process {pid.group(1)}" if pid else "another process"


def _cause(message: str) -> str:
    """The operating system's words at the end of an engine error ("No space left on device")."""
    match = _OS_CAUSE.search(message)
    return match.group(1).strip() if match else message


def open_database(path: Path, read_only: bool) -> Any:
    import ladybug

    try:
        return ladybug.Database(str(path), read_only=read_only)
    except RuntimeError as exc:
        if read_only and _RECOVERY_PENDING in str(exc):
            return _recover_then_open_read_only(path)
        raise StoreError(open_failure(path, exc, read_only)) from None


def _recover_then_open_read_only(path: Path) -> Any:
    """Finish the unfinished checkpoint, then open read-only. While another process holds the
    write lock the checkpoint is its own, in progress (a writer recovers when it opens): wait
    for it, up to :data:`RECOVERY_WAIT` seconds."""
    import ladybug

    deadline = time.monotonic() + RECOVERY_WAIT
    while True:
        holder = _finish_checkpoint(path)
        try:
            return ladybug.Database(str(path), read_only=True)
        except RuntimeError as exc:
            if _RECOVERY_PENDING not in str(exc):
                raise StoreError(open_failure(path, exc, read_only=True)) from None
        if time.monotonic() >= deadline:
            raise StoreError(f"the store {path} is in the middle of a checkpoint by "
                             f"{holder or 'another process'} and cannot be read until it ends "
                             f"(waited {RECOVERY_WAIT:g}s); when it has, run `kg stats --store {path}`")
        time.sleep(0.1)


def _finish_checkpoint(path: Path) -> str | None:
    """Open read-write and close, which applies the unfinished checkpoint; or, if another
    process holds the write lock, which one."""
    import ladybug

    try:
        ladybug.Database(str(path)).close()
    except RuntimeError as exc:
        message = first_line(exc)
        if "could not set lock" in message.lower():
            return _lock_holder(message)
        raise StoreError(_recovery_failure(path, message)) from None
    return None


def _checkpoint_unfinished(path: Path) -> bool:
    return any(path.with_name(path.name + suffix).exists() for suffix in _CHECKPOINT_FILES)


def _recovery_failure(path: Path, message: str) -> str:
    cause = _cause(message)
    state = (f"the store {path} needs recovery (its last writer stopped during a checkpoint) "
             f"and it cannot be done here: {cause}")
    if "no space" in cause.lower():
        return f"{state}; free disk space, then run `kg stats --store {path}`"
    return f"{state}; run `kg stats --store {path}` as a user who can write to {path.parent}"


def checkpoint_failure(path: Path, message: str) -> StoreError:
    """LadybugDB calls such a write "durable and will be recovered on restart", but its own
    detail says the commit record only *may* have reached the disk, and after a full disk the
    store has come back without the write. So say what is known, and how to learn the rest."""
    return StoreError(
        f"the write to {path} may not have been kept: the checkpoint right after its commit "
        f"failed ({_cause(message)}), so the store may reopen with it or as it was before; free "
        f"disk space if it is full, then run `kg stats --store {path}` to recover it and see which"
    )
