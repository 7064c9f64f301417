"""Evidence files (佐证材料): where they may live, their hashes, and checking them."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
from pathlib import Path
from typing import NamedTuple

from ipcheck.errors import InputError
from ipcheck.model.assessment import Evidence
from ipcheck.model.loaded import LoadedAssessment
from ipcheck.rules.paths import path_problem
from ipcheck.store.files import is_inside, open_regular
from ipcheck.text.i18n import N_, _
from ipcheck.text.oserrors import reason
from ipcheck.text.safety import printable

# Read 1 MiB at a time into one reused buffer: memory stays flat for files of any
# size, and hashing runs at OpenSSL's speed (bench/assessment.py).
CHUNK = 1 << 20


def sha256_fd(fd: int) -> tuple[str, int]:
    """(hex digest, size) of what a descriptor reads, in chunks, never whole into memory."""
    digest = hashlib.sha256()
    size = 0
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    with io.FileIO(fd, "rb", closefd=False) as handle:
        while read := handle.readinto(buffer):
            digest.update(view[:read])
            size += read
    return digest.hexdigest(), size


def sha256_file(path: Path) -> tuple[str, int]:
    """(hex digest, size) of a regular file (InputError for anything else)."""
    fd, _found = open_regular(path)
    try:
        return sha256_fd(fd)
    finally:
        os.close(fd)


def stored_path(folder: Path, given: Path, allow_outside: bool) -> tuple[str, bool]:
    """The path to record for `given`: relative to folder, with /; and whether it is outside."""
    base = Path(os.path.normpath(folder.absolute()))
    lexical = Path(os.path.normpath(given.absolute()))
    lexically_inside = lexical.is_relative_to(base)
    if lexically_inside and is_inside(given, folder):
        stored, outside = lexical.relative_to(base).as_posix(), False
    elif not allow_outside:
        if lexically_inside:
            message = _(
                "{path}: evidence leads outside the assessment's folder {folder} "
                "through a symlink; copy it into the folder, or pass --allow-outside"
            )
        else:
            message = _(
                "{path}: evidence leads outside the assessment's folder {folder}; "
                "copy it into the folder, or pass --allow-outside"
            )
        raise InputError(message.format(path=given, folder=folder))
    else:
        try:
            stored, outside = Path(os.path.relpath(lexical, base)).as_posix(), True
        except ValueError:  # on another drive (Windows)
            stored, outside = lexical.as_posix(), True
    problem = path_problem(stored, outside_ok=outside)
    if problem is not None:
        raise InputError(
            _("{path}: the file name {problem}; rename the file").format(
                path=printable(stored), problem=problem
            )
        )
    return stored, outside


def make_evidence(
    folder: Path, given: Path, by: str, at: dt.datetime, allow_outside: bool
) -> Evidence:
    """Open the file once (a link as its last component is refused), check that what was
    opened is the file the name leads to, record where it lies, and hash what was opened:
    a link swapped in meanwhile cannot put another file's hash on record."""
    if not os.path.lexists(given):
        raise InputError(_("{path}: no such evidence file").format(path=given))
    if given.is_dir():
        raise InputError(_("{path}: evidence must be a file, not a folder").format(path=given))
    if given.is_symlink():
        stored_path(folder, given, allow_outside)  # a link out is refused as leading out
        raise InputError(
            _("{path}: is a symbolic link; attach the file it points to ({target})").format(
                path=given, target=Path(os.path.realpath(given))
            )
        )
    fd, opened = open_regular(given, follow_links=False)
    try:
        path, outside = stored_path(folder, given, allow_outside)
        try:
            now_there = Path(os.path.realpath(given)).stat()
        except OSError:
            now_there = None
        if now_there is None or not os.path.samestat(opened, now_there):
            raise InputError(
                _("{path}: changed while it was being attached; try again").format(path=given)
            )
        try:
            sha, size = sha256_fd(fd)
        except OSError as exc:
            raise InputError(
                _("{path}: cannot read: {reason}").format(path=given, reason=reason(exc))
            ) from None
    finally:
        os.close(fd)
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


OUTSIDE_HINT = N_(
    "cannot be verified here: it lies outside the assessment's folder "
    "(pass --allow-outside to check it)"
)


def verify(loaded: LoadedAssessment, allow_outside: bool = False) -> VerifyResult:
    """Every evidence file exists with its recorded hash; nothing unreferenced lies around.

    The file decides nothing about what is read: an entry that leads outside the
    assessment's folder (recorded as outside, absolute, climbing out, or through a
    symlink) is listed as not verifiable unless the person running ipcheck passes
    allow_outside."""
    folder = loaded.folder
    missing: list[Finding] = []
    modified: list[Finding] = []
    refused: list[Finding] = []
    referenced: set[str] = set()
    checked = ok = 0
    for item_id, state in loaded.assessment.items.items():
        for evidence in state.evidence:
            checked += 1
            problem = path_problem(evidence.path)
            leads_out = problem is not None and path_problem(evidence.path, outside_ok=True) is None
            if problem is not None and not leads_out:
                refused.append(Finding(item_id, evidence.path, problem))  # a control character …
                continue
            if leads_out or evidence.outside:
                if not evidence.outside:
                    detail = _(
                        "{problem}, not recorded as outside evidence; cannot be verified here"
                    ).format(problem=problem)
                    refused.append(Finding(item_id, evidence.path, detail))
                    continue
                if not allow_outside:
                    refused.append(Finding(item_id, evidence.path, _(OUTSIDE_HINT)))
                    continue
            path = folder / evidence.path
            referenced.add(os.path.normcase(os.path.normpath(path.absolute())))
            if not os.path.lexists(path):
                missing.append(Finding(item_id, evidence.path, _("no such file")))
                continue
            if not allow_outside and not is_inside(path, folder):
                detail = _("{hint} (a symlink)").format(hint=_(OUTSIDE_HINT))
                refused.append(Finding(item_id, evidence.path, detail))
                continue
            try:
                sha, size = sha256_file(path)
            except InputError as exc:
                missing.append(Finding(item_id, evidence.path, str(exc).removeprefix(f"{path}: ")))
                continue
            except OSError as exc:
                detail = _("cannot read: {reason}").format(reason=reason(exc))
                missing.append(Finding(item_id, evidence.path, detail))
                continue
            if sha != evidence.sha256:
                modified.append(
                    Finding(
                        item_id,
                        evidence.path,
                        _(
                            "sha256 {found}… ≠ recorded {recorded}… "
                            "(size {size} vs {recorded_size})"
                        ).format(
                            found=sha[:12],
                            recorded=evidence.sha256[:12],
                            size=size,
                            recorded_size=evidence.size,
                        ),
                    )
                )
            else:
                ok += 1
    unreferenced = []
    evidence_dir = folder / loaded.assessment.evidence_dir
    problem = path_problem(loaded.assessment.evidence_dir)
    if problem is not None:
        detail = _("evidence_dir {problem}").format(problem=problem)
        refused.append(Finding("-", loaded.assessment.evidence_dir, detail))
    elif evidence_dir.is_dir() and not allow_outside and not is_inside(evidence_dir, folder):
        detail = _("evidence_dir {problem}").format(problem=_(OUTSIDE_HINT))
        refused.append(Finding("-", loaded.assessment.evidence_dir, detail))
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
