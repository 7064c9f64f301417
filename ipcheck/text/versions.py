"""Semantic versions (1.0.0): recognised by the official semver.org pattern, ordered by the
`semver` library (imported only when versions are ordered, to keep start-up small)."""

from __future__ import annotations

from typing import Any

from ipcheck.text.lazy import lazy

# Official semver regex (semver.org); the same one the JSON Schemas carry for editors.
SEMVER_PATTERN = (
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
_SEMVER = lazy(SEMVER_PATTERN)


def is_version(text: str) -> bool:
    return _SEMVER().match(text) is not None


def version_key(text: str) -> Any:
    """A key that orders versions as semver does (1.10.0 after 1.9.0, 1.0.0-rc.1 before 1.0.0)."""
    import semver

    return semver.Version.parse(text)
