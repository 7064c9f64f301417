"""A cache of results per file content, so a second run over unchanged files costs little.

Like ruff's and black's, but keyed by content only: an entry is found by the
SHA-256 of the file's bytes together with what else the result depends on (the
command, ipcheck's version, the checklists that can be pinned), so a changed
byte is always checked again. Nothing the sender of a file controls is trusted
to say that it did not change: a file's times, size and inode can all be set
by whoever prepared the stick or the share it came on (NTFS and SMB let a
program set even the change time), so every file is read and hashed on every
run, and the cache spares only the checking. It lives where the platform keeps
caches (IPCHECK_CACHE_DIR overrides it) in one SQLite file: concurrent runs
cannot corrupt it. The cache is never a reason to fail: one that cannot be
opened or read is not used, and a value that is not as it was kept under its key
(each is kept with the CRC-32 of its key and itself) or does not decode is a miss.

A connection is opened when first needed and closed by `close()` (or the `with`
block), never left to the garbage collector.
"""

from __future__ import annotations

import contextlib
import hashlib
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, NamedTuple, Self

from ipcheck.kept import cache_dir
from ipcheck.store.files import feed_file

if TYPE_CHECKING:
    import sqlite3

# One table: a row of an older layout (with a table of file identities, or a value with no
# CRC-32 after it) is left unused.
_SCHEMA = "CREATE TABLE IF NOT EXISTS results (key BLOB PRIMARY KEY, value BLOB NOT NULL)"
# How long a statement waits for another connection's lock: another ipcheck's write
# takes milliseconds; a cache locked longer (another program) is done without.
BUSY_SECONDS = 2.0
# Keys asked for in one query: under SQLite's oldest limit of 999 parameters.
_QUERY_SIZE = 500


class Entry(NamedTuple):
    """A result to keep, by the key of its content."""

    key: bytes
    value: bytes


def _crc(key: bytes, value: bytes) -> bytes:
    return zlib.crc32(value, zlib.crc32(key)).to_bytes(4, "big")


def _with_crc(key: bytes, value: bytes) -> bytes:
    """A value as it is kept: followed by the CRC-32 of its key and itself, so that a value
    damaged on the disk, or found under another key, is told from the value kept there
    (SQLite keeps no checksum of its own)."""
    return value + _crc(key, value)


def _whole(key: object, kept: object) -> bytes | None:
    """The value kept under key, or None where it is not as it was kept there: not bytes
    at all (a row written by another program), or not matching its CRC-32 (a flipped
    byte would otherwise decode into other figures, and another file's value into that
    file's)."""
    if not isinstance(key, bytes) or not isinstance(kept, bytes) or len(kept) < 4:
        return None
    value, crc = kept[:-4], kept[-4:]
    return value if _crc(key, value) == crc else None


class ResultCache:
    """Results by key; every failure of the cache means "not cached", never an error."""

    def __init__(self, salt: str, folder: Path | None = None) -> None:
        self.salt = salt.encode("utf-8")
        self.path = (folder or cache_dir()) / "results.sqlite3"
        self._db: sqlite3.Connection | None = None
        self._failed = False

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _connect(self) -> sqlite3.Connection | None:
        import sqlite3  # here: status, mark and report load checklists without a results cache

        if self._db is None and not self._failed:
            try:
                self._db = self._open_soon()
            except sqlite3.OperationalError:
                # still busy or locked by another ipcheck: no cache for this run (never
                # taken for a broken file, which would wipe theirs)
                self._failed = True
            except sqlite3.DatabaseError:
                # not a database (a disk error, a stray file): start it afresh, once
                try:
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                except OSError:  # a read-only folder, a folder where a file should be
                    self._failed = True
                    return None
                try:
                    self._db = self._open()
                except (OSError, sqlite3.Error):
                    self._failed = True
            except (OSError, sqlite3.Error):
                self._failed = True
        return self._db

    def _open_soon(self) -> sqlite3.Connection:
        """Open it, trying again a few times while another ipcheck is creating it: SQLite
        answers "locked" at once, without waiting, to a second connection that sets up
        the same new file."""
        import sqlite3
        import time

        for wait in (0.05, 0.1, 0.2, 0.4):
            began = time.monotonic()
            try:
                return self._open()
            except sqlite3.OperationalError:
                if time.monotonic() - began >= BUSY_SECONDS / 2:
                    raise  # it waited SQLite's whole timeout: locked, not being created
                time.sleep(wait)
        return self._open()

    def _open(self) -> sqlite3.Connection:
        import sqlite3

        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(_SCHEMA)
        except BaseException:
            db.close()
            raise
        return db

    def _digest(self) -> hashlib._Hash:
        """The SHA-256 every key begins with: what else a result depends on (the salt)."""
        digest = hashlib.sha256(self.salt)
        digest.update(b"\0")
        return digest

    def key(self, content: bytes) -> bytes:
        digest = self._digest()
        digest.update(content)
        return digest.digest()

    def key_of_file(self, path: Path) -> bytes:
        """The key of a file's bytes as read now (as `key(read_bytes(path))`), its bytes
        not kept: where most files will be found in the cache, only the ones that are
        not are read again to be checked (and keyed again, by the bytes checked)."""
        digest = self._digest()
        feed_file(path, digest.update)
        return digest.digest()

    def get(self, key: bytes) -> bytes | None:
        return self.get_many([key]).get(key)

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """The results kept under these keys (one query for a few hundred)."""
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
                for key, value in db.execute(query, part):
                    whole = _whole(key, value)
                    if whole is not None:
                        found[bytes(key)] = whole
        except sqlite3.Error:
            self._give_up()
            return {}
        return found

    def put_many(self, entries: Iterable[Entry]) -> None:
        import sqlite3

        db = self._connect()
        if db is None:
            return
        rows = [(key, _with_crc(key, value)) for key, value in entries]
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)", rows)
        except sqlite3.Error:
            self._give_up()

    def forget(self, key: bytes) -> None:
        """Drop a result that turned out unusable (it did not decode): the next run
        computes it again instead of meeting it again."""
        import sqlite3

        db = self._connect()
        if db is None:
            return
        try:
            db.execute("DELETE FROM results WHERE key = ?", (key,))
        except sqlite3.Error:
            self._give_up()

    def _give_up(self) -> None:
        """No cache for the rest of this run: a cache locked by another program, or one
        that fails, is not waited for again and again (each wait is SQLite's timeout)."""
        import sqlite3

        self._failed = True
        with contextlib.suppress(sqlite3.Error):
            self.close()

    def close(self) -> None:
        """Close the connection; the next use opens it again."""
        if self._db is not None:
            self._db.close()
            self._db = None
