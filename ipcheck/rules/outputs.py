"""What format an output is: the one asked for, else the one its file name says."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from ipcheck.errors import InputError
from ipcheck.text.i18n import _

# what an output's name says it is
SUFFIXES = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".docx": "docx",
    ".pdf": "pdf",
    ".xlsx": "xlsx",
    ".csv": "csv",
    ".txt": "text",
}


def output_format(
    fmt: str | None, output: Path | None, formats: Collection[str], default: str
) -> str:
    """The format asked for, or the one OUT's name says (default where neither says); a
    format and a name that disagree are refused (a Word file named .pdf helps nobody)."""
    named = SUFFIXES.get(output.suffix.lower()) if output is not None else None
    named = named if named in formats else None
    if fmt is None:
        return named or default
    if named is not None and named != fmt:
        raise InputError(
            _("-o {path} names a .{named} file but --format is {fmt}; give matching ones").format(
                path=output, named=named, fmt=fmt
            )
        )
    return fmt
