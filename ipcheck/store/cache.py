"""A cache of results per file content, so a second run over unchanged files is nearly free.

Like ruff's and black's, but keyed by content: an entry is found by the SHA-256
of the file's bytes together with what else the result depends on (the
command, ipcheck's version, the checklists that can be pinned), so a changed
byte is always checked again and a new checklist or ipcheck version makes a new
key. It lives where the platform keeps caches (IPCHECK_CACHE_DIR overrides it) in one SQLite file: concurrent runs cannot corrupt it, and a
cache that cannot be opened or read is simply not used.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import sqlite3

CACHE_ENV = "IPCHECK_CACHE_DIR"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS results (key BLOB PRIMARY KEY, value BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, ident TEXT NOT NULL,"
    " key BLOB NOT NULL)"
)
# Where a file's identity (device, inode, size, modification and change times in ns)
# changes with every write to it: the change time cannot be set back by a program,
# so an unchanged identity is unchanged content. On Windows st_ctime is the creation
# time, so there every file is read and hashed.
TRUST_IDENTITY = os.name == "posix"
# Names or keys asked for in one query: under SQLite's oldest limit of 999 parameters.
_QUERY_SIZE = 500


class Entry(NamedTuple):
    """A result to keep: by the key of its content; with the file it came from, and that
    file's identity when it held still while it was read."""

    key: bytes
    value: bytes
    path: str
    ident: str | None


def identity(path: str | Path) -> str | None:
    """The file's identity, where it can be trusted to change with its content."""
    if not TRUST_IDENTITY:
        return None
    try:
        st = os.stat(path)  # noqa: PTH116 (a string path: no Path built for each of 85,000 files)
    except OSError:
        return None
    return f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def cache_dir() -> Path:
    """IPCHECK_CACHE_DIR, else where the platform keeps a user's caches — the rule
    platformdirs follows, written out here because importing it costs a tenth of
    ipcheck's start-up: %LOCALAPPDATA%\\ipcheck\\Cache, ~/Library/Caches/ipcheck,
    $XDG_CACHE_HOME/ipcheck (~/.cache/ipcheck)."""
    given = os.environ.get(CACHE_ENV)
    if given:
        return Path(given)
    if os.name == "nt":
        local = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(local) / "ipcheck" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "ipcheck"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return root / "ipcheck"


def _kept_path(kind: str, data: bytes) -> Path:
    from ipcheck import __version__

    digest = hashlib.sha256(f"{kind} {__version__}\0".encode() + data).hexdigest()
    return cache_dir() / kind / f"{digest}.msgpack"


def load_kept(kind: str, data: bytes, type_: Any) -> Any:
    """What `keep` kept for these bytes (and this ipcheck version), or None."""
    import msgspec

    try:
        return msgspec.msgpack.decode(_kept_path(kind, data).read_bytes(), type=type_)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None


def keep(kind: str, data: bytes, value: object) -> None:
    """Keep a value computed from these bytes; a cache that cannot be written is skipped."""
    import msgspec

    path = _kept_path(kind, data)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(msgspec.msgpack.encode(value))
        tmp.replace(path)
    except OSError:
        pass


class ResultCache:
    """Results by key; every failure of the cache means "not cached", never an error."""

    def __init__(self, salt: str, folder: Path | None = None) -> None:
        self.salt = salt.encode("utf-8")
        # a file's row belongs to this salt: another ipcheck or catalog looks up its own
        self._scope = hashlib.sha256(self.salt).hexdigest()[:16]
        self._cwd = os.getcwd()  # noqa: PTH109 (a string: joined to 85,000 names)
        self.path = (folder or cache_dir()) / "results.sqlite3"
        self._db: sqlite3.Connection | None = None
        self._failed = False

    def _connect(self) -> sqlite3.Connection | None:
        import sqlite3  # here: status, mark and report load checklists without a results cache

        if self._db is None and not self._failed:
            try:
                self._db = self._open()
            except sqlite3.OperationalError:
                # busy or locked by another ipcheck opening it at the same time: no cache
                # for this run (never taken for a broken file, which would wipe theirs)
                self._failed = True
            except sqlite3.DatabaseError:
                # not a database (a disk error, a stray file): start it afresh, once
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                try:
                    self._db = self._open()
                except (OSError, sqlite3.Error):
                    self._failed = True
            except (OSError, sqlite3.Error):
                self._failed = True
        return self._db

    def _open(self) -> sqlite3.Connection:
        import sqlite3

        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
        except BaseException:
            db.close()
            raise
        return db

    def key(self, content: bytes) -> bytes:
        digest = hashlib.sha256(self.salt)
        digest.update(b"\0")
        digest.update(content)
        return digest.digest()

    def get(self, key: bytes) -> bytes | None:
        return self.get_many([key]).get(key)

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """The results kept under these keys (one query for many: a second run over
        85,000 files asks once per few hundred)."""
        import sqlite3

        db = self._connect()
        found: dict[bytes, bytes] = {}
        if db is None:
            return found
        try:
            for start in range(0, len(keys), _QUERY_SIZE):
                part = keys[start : start + _QUERY_SIZE]
                marks = ",".join("?" * len(part))
                query = f"SELECT key, value FROM results WHERE key IN ({marks})"
                found.update((bytes(k), bytes(v)) for k, v in db.execute(query, part))
        except sqlite3.Error:
            return {}
        return found

    def _place(self, path: str | Path) -> str:
        # os.path.abspath asks the system for the working folder on every call
        return f"{self._scope}:{os.path.normpath(os.path.join(self._cwd, path))}"  # noqa: PTH118

    def known(self, paths: Sequence[str | Path]) -> list[bytes | None]:
        """For each file, the key of the result kept for it if its identity has not changed
        since it was read (no file is read now), else None."""
        import sqlite3

        idents = [identity(path) for path in paths]
        keys: list[bytes | None] = [None] * len(paths)
        db = self._connect() if any(idents) else None
        if db is None:
            return keys
        places = [self._place(path) for path in paths]
        wanted = {place: n for n, place in enumerate(places) if idents[n] is not None}
        names = list(wanted)
        try:
            for start in range(0, len(names), _QUERY_SIZE):
                part = names[start : start + _QUERY_SIZE]
                marks = ",".join("?" * len(part))
                query = f"SELECT path, ident, key FROM files WHERE path IN ({marks})"
                for place, ident, key in db.execute(query, part):
                    n = wanted[place]
                    if ident == idents[n]:
                        keys[n] = bytes(key)
        except sqlite3.Error:
            return [None] * len(paths)
        return keys

    def put_many(self, entries: Iterable[Entry]) -> None:
        import sqlite3

        db = self._connect()
        if db is None:
            return
        entries = list(entries)
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany(
                    "INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)",
                    [(e.key, e.value) for e in entries],
                )
                db.executemany(
                    "INSERT OR REPLACE INTO files (path, ident, key) VALUES (?, ?, ?)",
                    [(self._place(e.path), e.ident, e.key) for e in entries if e.ident is not None],
                )
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
