"""Files are the database: canonical TOML, atomic writes, one writer at a time.

Every write, of an assessment or of an output (report, summary, draft, backup),
goes to a temporary file in the same folder, is fsynced and then moved over
the target with os.replace, so a crash or a full disk leaves the old file or
the new one, never a torn one. The target is never followed if it is a
symbolic link. Writers of an assessment are serialised by a lock file beside
it (the `fasteners` library: the OS's file locks), so concurrent `ipcheck mark`
calls all land.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

import msgspec
import tomli_w

from ipcheck.errors import InputError
from ipcheck.store.files import read_bytes
from ipcheck.store.loader import describe_conversion_error
from ipcheck.text.i18n import _
from ipcheck.text.lazy import lazy
from ipcheck.text.oserrors import reason
from ipcheck.text.width import display_width

T = TypeVar("T")
LOCK_TIMEOUT_SECONDS = 60


def to_toml(record: msgspec.Struct) -> str:
    """The canonical text of a record: field order, defaults left out, TOML dates kept.

    The record is converted back with the reader's own rules first, so no value
    the reader would refuse (a name or a note over its limit) is ever written."""
    data = msgspec.to_builtins(record, builtin_types=(dt.datetime, dt.date))
    try:
        msgspec.convert(data, type(record), strict=True)
    except msgspec.ValidationError as exc:
        problem = describe_conversion_error(exc)
        raise InputError(
            _("nothing written: {key}: {problem}").format(key=problem.key, problem=problem.message)
        ) from None
    return dump_toml(data)


# An array of scalars, as tomli_w writes it: one item a line.
_ARRAY = lazy(r"^(?P<key>[^\n\[]* = )\[\n(?P<items>(?:  [^\n]+,\n)+)\]$", re.MULTILINE)
INLINE_WIDTH = 100  # a short array goes on one line when the line stays this short


def dump_toml(data: dict[str, Any]) -> str:
    """TOML text as ipcheck writes it: tomli_w's, with short arrays on one line."""
    return _ARRAY().sub(_inline, tomli_w.dumps(data, multiline_strings=False, indent=2))


def _inline(match: re.Match[str]) -> str:
    items = [line.strip().removesuffix(",") for line in match["items"].splitlines()]
    line = f"{match['key']}[{', '.join(items)}]"
    return line if display_width(line) <= INLINE_WIDTH else match.group(0)


def check_target(output: Path | None, force: bool) -> None:
    """An output path (-o) can be written: not a link, not a folder, its folder exists, and
    nothing is overwritten without --force."""
    if output is None:
        return
    refuse_link(output)
    if output.is_dir():
        raise InputError(_("{path} is a folder; give a file name").format(path=output))
    if os.path.lexists(output) and not force:
        raise InputError(
            _("{path} already exists; pass --force to overwrite it").format(path=output)
        )
    if not output.absolute().parent.is_dir():
        raise InputError(_("{folder}: no such folder").format(folder=output.parent))


def refuse_link(path: Path) -> None:
    if path.is_symlink():
        raise InputError(
            _("{path}: is a symbolic link; ipcheck does not write through links").format(path=path)
        )


class ChangedMeanwhile(Exception):
    """The file is not what the writer read: another writer, sharing no lock with this
    one, replaced it meanwhile. Nothing was written; the change is made again on it."""


@contextmanager
def atomic_path(path: Path, *, sweep: bool = False, expect: bytes | None = None) -> Iterator[Path]:
    """A temporary path beside `path` to write to; on success it replaces `path`.

    On any error the temporary file is removed and `path` is untouched. With
    sweep (only while holding the file's lock), temporary files left by killed
    writers are removed first. With `expect`, the file is replaced only if it still
    holds those bytes, looked at just before (ChangedMeanwhile otherwise)."""
    refuse_link(path)
    if sweep:
        _sweep(path)
    import tempfile  # here: commands that only read start faster without it

    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:  # said of the file it would write, not of a random name
        exc.filename = str(path)
        raise
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _fsync_file(tmp)
        mode = path.stat().st_mode & 0o7777 if path.is_file() else 0o666 & ~_umask()
        tmp.chmod(mode)
        refuse_link(path)
        if expect is None:
            tmp.replace(path)
        else:
            with _claimed(path):  # the look and the replace, one writer at a time
                if read_bytes(path) != expect:
                    raise ChangedMeanwhile(str(path))
                tmp.replace(path)
    except FileNotFoundError:
        if expect is not None and not os.path.lexists(tmp):
            # swept by a writer that shares no lock with this one: it changed the file
            raise ChangedMeanwhile(str(path)) from None
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.filename == tmp_name:  # said of the file being written, not of its temporary
            exc.filename = str(path)
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


@contextmanager
def atomic_output(path: Path, *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text stream whose content replaces `path` atomically when the block ends."""
    with atomic_path(path) as tmp, tmp.open("w", encoding=encoding, newline="") as stream:
        yield stream


def atomic_write(
    path: Path, text: str | bytes, *, sweep: bool = False, expect: bytes | None = None
) -> None:
    """Write text (UTF-8, as given) or bytes to path atomically; with `expect`, only over
    those bytes (atomic_path)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    with atomic_path(path, sweep=sweep, expect=expect) as tmp:
        tmp.write_bytes(data)


# A claim left by a writer killed between its look and its replace (microseconds) is
# stale after this long; a live one is held for the time of a read and a rename.
CLAIM_STALE_SECONDS = 10.0


@contextmanager
def _claimed(path: Path) -> Iterator[None]:
    """The moment between a writer's last look at the file and its replace, held by one
    writer of any account or machine: a file beside it (.叶县-2025.toml.claim) made only
    if none is there (O_EXCL, atomic on local disks and shared drives alike) and removed
    at once — never left for a county to send. Writers sharing no lock both passed the
    look, and the second replace undid the first (a re-trial: 1 change in 20 lost)."""
    import time

    claim = path.with_name(f".{path.name}.claim")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
    while True:
        try:
            os.close(os.open(claim, flags, 0o666))
            break
        except FileExistsError:
            pass
        except PermissionError:
            # Windows answers "access denied" for a claim whose removal another writer
            # has just asked for (delete pending): taken, for a moment. Elsewhere, or
            # with no claim there, it is the folder refusing: said.
            if os.name != "nt" or not os.path.lexists(claim):
                raise
        try:
            if time.time() - claim.stat().st_mtime > CLAIM_STALE_SECONDS:
                claim.unlink(missing_ok=True)  # a killed writer's
                continue
        except OSError:
            continue  # removed meanwhile: claim it now
        if time.monotonic() > deadline:  # a drive whose clock runs ahead keeps it fresh
            raise InputError(
                _(
                    "{claim}: held for {seconds} s, as no ipcheck holds it for more than "
                    "an instant: left by one that stopped; delete it if no ipcheck is "
                    "writing {path}, and try again"
                ).format(claim=claim, path=path.name, seconds=LOCK_TIMEOUT_SECONDS)
            ) from None
        time.sleep(0.002)
    try:
        yield
    finally:
        claim.unlink(missing_ok=True)


def _sweep(path: Path) -> None:
    """Temporary files left by killed writers, removed (under the file's lock). One may
    be a live writer's that shares no lock with this one (another account's): that
    writer finds it gone and makes its change again (ChangedMeanwhile)."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        stale.unlink(missing_ok=True)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a folder for fsync; NTFS journals the rename
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def lock_path(path: Path) -> Path:
    """Where the lock of an assessment lives: in the user's own folder for ipcheck's
    files (kept.cache_dir()/locks), so no lock file sits beside the assessment (or goes
    into the zip a county sends) and none is ever deleted. It is named by the file's
    folder as the file system knows it (device and inode, where it gives them) and the
    file's name: the same file reached by another path — a second spelling, a bind
    mount, a link to its folder — takes the same lock. Writers that share no lock (two
    accounts, two cache folders, two machines on a shared drive) are caught by the
    writer's look at the file just before it replaces it (`atomic_path(expect=…)`)."""
    import hashlib

    from ipcheck.kept import cache_dir

    real = os.path.realpath(path)
    folder, name = os.path.split(real)
    try:
        held = Path(folder).stat()
        where = f"{held.st_dev}:{held.st_ino}" if held.st_ino else ""
    except OSError:
        where = ""
    key = f"{where}/{os.path.normcase(name)}" if where else os.path.normcase(real)
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return cache_dir() / "locks" / f"{digest}.lock"


# An OS file lock on POSIX (fcntl) is the process's: two threads of one process (the
# page's server, whose requests run on worker threads) both "hold" it at once, and one's
# release frees it for everyone. So each lock is also taken by one thread at a time here.
_THREAD_LOCKS: dict[Path, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()
_HELD = threading.local()  # the locks this thread holds: a change within a change passes


def locked(path: Path, work: Callable[[], T]) -> T:
    """Run work() holding the file's lock: no other process, and no other thread of this
    one, changes the file meanwhile."""
    lock = lock_path(path)
    held: set[Path] | None = getattr(_HELD, "locks", None)
    if held is None:
        held = _HELD.locks = set()
    if lock in held:  # this thread holds it already (a companion changed within the change)
        return work()
    with _THREAD_LOCKS_GUARD:
        among_threads = _THREAD_LOCKS.setdefault(lock, threading.Lock())
    if not among_threads.acquire(timeout=LOCK_TIMEOUT_SECONDS):
        raise InputError(
            _("{path}: another ipcheck has held its lock for {seconds} s; try again").format(
                path=path, seconds=LOCK_TIMEOUT_SECONDS
            )
        )
    held.add(lock)
    try:
        return _locked_among_processes(path, lock, work)
    finally:
        held.discard(lock)
        among_threads.release()


def _locked_among_processes(path: Path, lock: Path, work: Callable[[], T]) -> T:
    # fasteners: OS locks (fcntl on POSIX, msvcrt on Windows) at a thirtieth of the
    # start-up filelock 4 costs (bench/startup.py)
    import fasteners

    try:
        # a folder where no lock file can be made at all (read-only, not a file system) is
        # said at once, not after the timeout
        lock.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600))
    except OSError as exc:
        raise InputError(
            _("{path}: cannot create the lock file {lock} in {folder}: {reason}").format(
                path=path, lock=lock.name, folder=lock.parent, reason=reason(exc)
            )
        ) from None
    holder = fasteners.InterProcessLock(lock)
    if not holder.acquire(timeout=LOCK_TIMEOUT_SECONDS):
        if holder.lockfile is not None:  # fasteners leaves it open when it gives up
            holder.lockfile.close()
        raise InputError(
            _("{path}: another ipcheck has held its lock for {seconds} s; try again").format(
                path=path, seconds=LOCK_TIMEOUT_SECONDS
            )
        )
    try:
        return work()
    finally:
        holder.release()
