"""Evidence files (佐证材料): where they may live, their hashes, and checking them."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import NamedTuple

from ipcheck.assessment import LoadedAssessment, escapes_folder
from ipcheck.assessment_model import Evidence
from ipcheck.errors import InputError

# Read 1 MiB at a time into one reused buffer: memory stays flat for files of any
# size, and hashing runs at OpenSSL's speed (bench/assessment.py).
CHUNK = 1 << 20


def sha256_file(path: Path) -> tuple[str, int]:
    """(hex digest, size) of a file, read in chunks, never whole into memory."""
    digest = hashlib.sha256()
    size = 0
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    with path.open("rb", buffering=0) as handle:
        while read := handle.readinto(buffer):
            digest.update(view[:read])
            size += read
    return digest.hexdigest(), size


def stored_path(folder: Path, given: Path, allow_outside: bool) -> tuple[str, bool]:
    """The path to record for `given`: relative to folder, with /; and whether it is outside."""
    base = Path(os.path.normpath(folder.absolute()))
    lexical = Path(os.path.normpath(given.absolute()))
    lexically_inside = lexical.is_relative_to(base)
    if lexically_inside and given.resolve().is_relative_to(folder.resolve()):
        return lexical.relative_to(base).as_posix(), False
    if not allow_outside:
        how = " through a symlink" if lexically_inside else ""
        raise InputError(
            f"{given}: evidence leads outside the assessment's folder {folder}{how}; "
            "copy it into the folder, or pass --allow-outside"
        )
    try:
        return Path(os.path.relpath(lexical, base)).as_posix(), True
    except ValueError:  # on another drive (Windows)
        return lexical.as_posix(), True


def make_evidence(
    folder: Path, given: Path, by: str, at: dt.datetime, allow_outside: bool
) -> Evidence:
    if not given.exists():
        raise InputError(f"{given}: no such evidence file")
    if not given.is_file():
        raise InputError(f"{given}: evidence must be a file, not a folder")
    path, outside = stored_path(folder, given, allow_outside)
    try:
        sha, size = sha256_file(given)
    except OSError as exc:
        raise InputError(f"{given}: cannot read: {exc.strerror or exc}") from None
    return Evidence(path=path, sha256=sha, size=size, added=at, by=by, outside=outside)


class Finding(NamedTuple):
    item: str
    path: str
    detail: str


class VerifyResult(NamedTuple):
    checked: int
    ok: int
    missing: list[Finding]
    modified: list[Finding]
    refused: list[Finding]
    unreferenced: list[str]

    @property
    def clean(self) -> bool:
        return not (self.missing or self.modified or self.refused or self.unreferenced)


def verify(loaded: LoadedAssessment) -> VerifyResult:
    """Every evidence file exists with its recorded hash; nothing unreferenced lies around."""
    folder = loaded.folder
    missing: list[Finding] = []
    modified: list[Finding] = []
    refused: list[Finding] = []
    referenced: set[str] = set()
    checked = ok = 0
    for item_id, state in loaded.assessment.items.items():
        for evidence in state.evidence:
            checked += 1
            if escapes_folder(evidence.path) and not evidence.outside:
                refused.append(Finding(item_id, evidence.path, "leaves the assessment's folder"))
                continue
            path = folder / evidence.path
            referenced.add(os.path.normcase(os.path.normpath(path.absolute())))
            if not path.is_file():
                missing.append(Finding(item_id, evidence.path, "no such file"))
                continue
            try:
                sha, size = sha256_file(path)
            except OSError as exc:
                missing.append(Finding(item_id, evidence.path, f"cannot read: {exc.strerror}"))
                continue
            if sha != evidence.sha256:
                modified.append(
                    Finding(
                        item_id,
                        evidence.path,
                        f"sha256 {sha[:12]}… ≠ recorded {evidence.sha256[:12]}… "
                        f"(size {size} vs {evidence.size})",
                    )
                )
            else:
                ok += 1
    unreferenced = []
    evidence_dir = folder / loaded.assessment.evidence_dir
    if escapes_folder(loaded.assessment.evidence_dir):
        refused.append(
            Finding("-", loaded.assessment.evidence_dir, "evidence_dir leaves the folder")
        )
    elif evidence_dir.is_dir():
        # os.walk does not follow symlinked folders, so a symlink loop cannot trap it.
        for root, dirs, files in os.walk(evidence_dir):
            dirs.sort()
            for name in sorted(files):
                path = Path(root) / name
                if (
                    name.startswith(".")
                    or os.path.normcase(os.path.normpath(path.absolute())) in referenced
                ):
                    continue
                unreferenced.append(path.relative_to(folder).as_posix())
    return VerifyResult(checked, ok, missing, modified, refused, unreferenced)
