"""Opening files that came from elsewhere: regular files only, never more than a limit.

A name ending in `.toml` may be a FIFO (reading blocks for ever), a link to
`/dev/zero` (reading never ends) or a device. Every read of an input goes
through `open_regular`, which opens without blocking, looks at what it opened
and refuses anything but a regular file, and `read_bytes`, which stops at a
limit. The calls used have a Windows path beside the POSIX one: the flags that
Windows lacks are 0 there, and the checks that replace them (`fstat` on what
was opened, the identity of the file) work on both.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ipcheck.errors import InputError
from ipcheck.text.i18n import _
from ipcheck.text.oserrors import reason

# The largest TOML file ipcheck reads (SECURITY.md: a 50 MB file is handled).
MAX_INPUT_BYTES = 64 << 20

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)  # Windows: no newline translation
    | getattr(os, "O_NONBLOCK", 0)  # POSIX: opening a FIFO does not wait for a writer
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOINHERIT", 0)  # Windows' O_CLOEXEC
)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)  # POSIX; on Windows the lstat/fstat identity check


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a FIFO (named pipe)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    if stat.S_ISLNK(mode):
        return _("a symbolic link")
    return _("not a regular file")


def _os_error(path: Path | str, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError(_("{path}: no such file").format(path=path))
    if isinstance(exc, IsADirectoryError):
        return InputError(_("{path}: is a folder, not a file").format(path=path))
    if isinstance(exc, PermissionError):
        return InputError(_("{path}: permission denied").format(path=path))
    return InputError(_("{path}: cannot read: {reason}").format(path=path, reason=reason(exc)))


def open_regular(path: Path | str, *, follow_links: bool = True) -> tuple[int, os.stat_result]:
    """Open a regular file for reading: (descriptor, its fstat). Refuse anything else.

    With follow_links=False a symbolic link as the last component is refused,
    and the file opened must be the one the name showed a moment before.
    """
    before = None
    if not follow_links:
        try:
            before = os.lstat(path)
        except OSError as exc:
            raise _os_error(path, exc) from None
        if stat.S_ISLNK(before.st_mode):
            raise InputError(
                _("{path}: is a symbolic link; name the file it points to").format(path=path)
            )
    try:
        fd = os.open(path, _OPEN_FLAGS | (0 if follow_links else _NO_FOLLOW))
    except ValueError:  # an embedded NUL
        raise InputError(_("{path!r}: not a usable file name").format(path=path)) from None
    except OSError as exc:
        if Path(path).is_dir():
            raise InputError(_("{path}: is a folder, not a file").format(path=path)) from None
        raise _os_error(path, exc) from None
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode):
            raise InputError(
                _("{path}: is {kind}, not a regular file; not read").format(
                    path=path, kind=kind_of(found.st_mode)
                )
            )
        if before is not None and not os.path.samestat(before, found):
            raise InputError(
                _("{path}: changed while it was being opened; try again").format(path=path)
            )
    except BaseException:
        os.close(fd)
        raise
    return fd, found


def _too_large(path: Path | str, limit: int) -> InputError:
    return InputError(
        _("{path}: larger than {size} MB; ipcheck reads no more").format(
            path=path, size=limit >> 20
        )
    )


def read_fd(fd: int, path: Path | str, limit: int) -> bytes:
    """Everything from fd, refusing more than limit bytes."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _too_large(path, limit)
    return b"".join(chunks)


@contextmanager
def _opened_within(path: Path | str, limit: int | None) -> Iterator[tuple[int, int]]:
    """(descriptor, limit) of a regular file that says it holds at most `limit` bytes
    (default MAX_INPUT_BYTES); OS errors while it is read as one-line InputErrors."""
    limit = MAX_INPUT_BYTES if limit is None else limit
    fd, found = open_regular(path)
    try:
        if found.st_size > limit:
            raise _too_large(path, limit)
        yield fd, limit
    except OSError as exc:
        raise _os_error(path, exc) from None
    finally:
        os.close(fd)


def read_bytes(path: Path | str, limit: int | None = None) -> bytes:
    """A regular file's content, at most `limit` bytes (default MAX_INPUT_BYTES); OS errors
    as one-line InputErrors."""
    with _opened_within(path, limit) as (fd, most):
        return read_fd(fd, path, most)


def feed_file(
    path: Path | str, feed: Callable[[memoryview], object], limit: int | None = None
) -> None:
    """Hand a regular file's content to `feed` piece by piece, through one small buffer,
    under read_bytes's rules (regular files only, at most `limit` bytes; OS errors as
    one-line InputErrors). For a hash of a file whose bytes are not kept: reading
    thousands of files into bytes of their own is a third slower than the hash."""
    with _opened_within(path, limit) as (fd, most):
        buffer = bytearray(1 << 16)
        view = memoryview(buffer)
        total = 0
        with open(fd, "rb", buffering=0, closefd=False) as stream:
            while count := stream.readinto(buffer):
                total += count
                if total > most:
                    raise _too_large(path, most)
                feed(view[:count])


def read_head(path: Path | str, size: int) -> bytes | None:
    """The first bytes of a regular file, or None if it is not one or cannot be read."""
    try:
        fd, _found = open_regular(path)
    except InputError:
        return None
    try:
        return os.read(fd, size)
    except OSError:
        return None
    finally:
        os.close(fd)


def read_companion(path: Path, assessment: Path, limit: int) -> bytes | None:
    """A file kept beside an assessment (its .seal, its .review), or None where there is
    none. Read as evidence is read (SECURITY.md, promise 2): a link that leads outside
    the assessment's folder is not followed, and nothing of where it leads is said."""
    if not os.path.lexists(path):
        return None
    if not is_inside(path, assessment.absolute().parent):
        raise InputError(
            _("{path}: leads outside the assessment's folder (a symbolic link); not read").format(
                path=path
            )
        )
    return read_bytes(path, limit)


def is_inside(path: Path | str, folder: Path | str) -> bool:
    """Whether path, with every link followed, lies in folder (also with links followed)."""
    real = Path(os.path.realpath(path))
    return real.is_relative_to(Path(os.path.realpath(folder)))


def walk(folder: Path | str) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk's (folder, its folders, its files), top-down and sorted, links to folders
    not followed — without recursion, which on Python 3.11 os.walk uses: a received tree
    1,000 folders deep ran it out of stack. A folder that cannot be listed is passed by."""
    stack = [os.fspath(folder)]
    while stack:
        top = stack.pop()
        try:
            with os.scandir(top) as listing:
                entries = list(listing)
        except OSError:
            continue
        folders = sorted(e.name for e in entries if _is_folder(e))
        files = sorted(e.name for e in entries if not _is_folder(e))
        yield top, folders, files
        stack.extend(
            os.path.join(top, e.name)  # noqa: PTH118
            for e in sorted(entries, key=lambda e: e.name, reverse=True)
            if _is_folder(e) and not e.is_symlink()
        )


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
