"""Digests: of a file's content (not its formatting), and of files on disk."""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec


def content_digest(raw: dict[str, Any]) -> str:
    """SHA-256 of parsed content, so BOM, CRLF, comments or key order do not count."""
    canonical = msgspec.json.encode(raw, order="sorted")
    return "sha256:" + hashlib.sha256(canonical).hexdigest()


def record_digest(record: msgspec.Struct) -> str:
    """SHA-256 of what a record means: its canonical data, defaults left out, so a file
    that spells a default out (`aliases = []`) has the digest of one that does not."""
    return content_digest(msgspec.to_builtins(record))
