"""Files a page sends: given a safe name, kept inside the evidence folder, never over
another file.

A browser sends a file's name as the sender's machine had it; a page from elsewhere can
send any name at all (`../../x`, `C:\\x`, `CON`, names of 300 characters). The name kept
is the last part of it, without what Windows refuses or treats specially, and never
empty; a file of that name already there gets ` (2)`, ` (3)` … before its suffix. The
file is created exclusively (no link followed, nothing overwritten) in the evidence
folder itself, which must lie inside the assessment's folder and not be a link.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from ipcheck.errors import InputError
from ipcheck.text.i18n import _


def evidence_folder(folder: Path, evidence_dir: str) -> Path:
    """The assessment's evidence folder (made if missing; it may lie deeper, 材料/佐证):
    refused when it climbs out of the assessment's folder or any part of it is a link."""
    refused = InputError(
        _("{folder}: the evidence folder must be a folder beside the assessment").format(
            folder=evidence_dir
        )
    )
    parts = PurePosixPath(evidence_dir.replace("\\", "/")).parts
    if not parts or parts[0] == "/" or any(p in {"..", "."} or ":" in p for p in parts):
        raise refused
    target = folder
    for part in parts:
        target = target / part
        if target.is_symlink():
            raise refused
    target.mkdir(parents=True, exist_ok=True)
    inside = os.path.realpath(folder)
    if not target.is_dir() or os.path.commonpath([os.path.realpath(target), inside]) != inside:
        raise refused
    return target


def keep(folder: Path, name: str, chunks: Iterable[bytes]) -> Path:
    """Write a sent file into `folder` under a free form of `name`, exclusively."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    for counter in range(1, 1000):
        candidate = name if counter == 1 else f"{stem} ({counter}){'.' + suffix if suffix else ''}"
        path = folder / candidate
        created = False
        try:
            with path.open("xb") as handle:  # O_EXCL: no link followed, nothing overwritten
                created = True
                for chunk in chunks:
                    handle.write(chunk)
        except FileExistsError:
            if created:
                raise
            continue
        except BaseException:
            if created:
                path.unlink(missing_ok=True)
            raise
        return path
    raise InputError(_("{name}: too many files of this name").format(name=name))
