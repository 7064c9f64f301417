"""Values kept by the bytes they were computed from, in the user's cache folder: a loaded
checklist, the parsed message catalog — what every run would otherwise work out again
from the same bytes (a tenth of a command's start-up). A value is kept with the bytes it
came from and ipcheck's version, and is used only where both are the same, byte for
byte: a changed byte or a new ipcheck finds nothing. Its file is named by the bytes'
CRC-32 and length, a name to find it by, not a proof (the comparison is): so no hash
library is loaded (OpenSSL's costs 3-5 ms a start). A cache that cannot be read or
written is not used, never an error.

It sits at the bottom of the house, beside errors.py: the interface's language needs it
(text/i18n.py) as much as the files do (store/).
"""

from __future__ import annotations

import os
import sys
import zlib
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
    return cache_dir() / kind / f"{zlib.crc32(data):08x}-{len(data)}.msgpack"


def _version() -> str:
    from ipcheck import __version__

    return __version__


def load_kept(kind: str, data: bytes, type_: Any) -> Any:
    """What `keep` kept for exactly these bytes (and this ipcheck version), or None."""
    import msgspec

    try:
        version, source, value = msgspec.msgpack.decode(
            _kept_path(kind, data).read_bytes(), type=tuple[str, bytes, type_]
        )
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None
    return value if version == _version() and source == data else None


def keep(kind: str, data: bytes, value: object) -> None:
    """Keep a value computed from these bytes; a cache that cannot be written is skipped."""
    import msgspec

    path = _kept_path(kind, data)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(msgspec.msgpack.encode((_version(), data, value)))
        tmp.replace(path)
    except OSError:
        pass
