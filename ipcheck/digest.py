"""Digests: of a file's content (not its formatting), and of files on disk."""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec


def content_digest(raw: dict[str, Any]) -> str:
    """SHA-256 of the parsed content, so BOM, CRLF, comments or key order do not count."""
    canonical = msgspec.json.encode(raw, order="sorted")
    return "sha256:" + hashlib.sha256(canonical).hexdigest()
