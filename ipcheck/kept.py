"""Values kept by the bytes they were computed from, in the user's cache folder: a loaded
checklist, the parsed message catalog — what every run would otherwise work out again
from the same bytes (a tenth of a command's start-up). A value is found by the SHA-256
of what it came from and ipcheck's version, so a changed byte or a new ipcheck finds
nothing; a cache that cannot be read or written is not used, never an error.

It sits at the bottom of the house, beside errors.py: the interface's language needs it
(text/i18n.py) as much as the files do (store/).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

CACHE_ENV = "IPCHECK_CACHE_DIR"


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
