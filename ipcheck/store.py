"""Files are the database: canonical TOML, atomic writes, one writer at a time.

Every write goes to a temporary file in the same folder, is fsynced and then
moved over the old file with os.replace, so a crash leaves the old file or the
new one, never a torn one. Writers are serialised by a lock file beside the
assessment (the `filelock` library), so concurrent `ipcheck mark` calls all land.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import msgspec
import tomli_w

from ipcheck.errors import InputError

T = TypeVar("T")
LOCK_TIMEOUT_SECONDS = 60


def to_toml(record: msgspec.Struct) -> str:
    """The canonical text of a record: field order, defaults left out, TOML dates kept."""
    data = msgspec.to_builtins(record, builtin_types=(dt.datetime, dt.date))
    return dump_toml(data)


def dump_toml(data: dict[str, Any]) -> str:
    return tomli_w.dumps(data, multiline_strings=False, indent=2)


def atomic_write(path: Path, text: str) -> None:
    """Write text (UTF-8, LF) to path atomically. Call it holding the file's lock."""
    data = text.encode("utf-8")
    # A writer killed mid-write leaves its temporary file; the lock holder may sweep them.
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        stale.unlink(missing_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            tmp.chmod(path.stat().st_mode & 0o7777)
        else:
            tmp.chmod(0o666 & ~_umask())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def locked(path: Path, work: Callable[[], T]) -> T:
    """Run work() holding the file's lock."""
    from filelock import FileLock, Timeout

    try:
        with FileLock(lock_path(path), timeout=LOCK_TIMEOUT_SECONDS):
            return work()
    except Timeout:
        raise InputError(
            f"{path}: another ipcheck has held its lock for {LOCK_TIMEOUT_SECONDS} s; try again"
        ) from None
    except PermissionError:
        raise InputError(f"{path}: cannot create the lock file {lock_path(path).name}") from None
