"""Evidence files (佐证材料): where they may live, their hashes, and checking them."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import NamedTuple

from ipcheck.errors import InputError, without_path
from ipcheck.model.assessment import Evidence
from ipcheck.model.loaded import LoadedAssessment
from ipcheck.rules.paths import path_problem
from ipcheck.store.files import is_inside, open_regular, walk
from ipcheck.text.i18n import N_, _
from ipcheck.text.oserrors import reason
from ipcheck.text.safety import printable

# Read 1 MiB at a time into one reused buffer: memory stays flat for files of any
# size, and hashing runs at OpenSSL's speed (bench/assessment.py).
CHUNK = 1 << 20


def sha256_fd(fd: int) -> tuple[str, int]:
    """(hex digest, size) of what a descriptor reads, in chunks, never whole into memory."""
    import hashlib  # here: status looks at evidence without loading OpenSSL (3-5 ms)

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
    checked: int  # links from items to files: a file that proves three items counts 3
    ok: int  # … of them intact
    missing: list[Finding]
    modified: list[Finding]
    refused: list[Finding]
    unreferenced: list[str]
    files: int = 0  # distinct evidence files the links name

    @property
    def clean(self) -> bool:
        return not (self.missing or self.modified or self.refused or self.unreferenced)


OUTSIDE_HINT = N_(
    "cannot be verified here: it lies outside the assessment's folder "
    "(pass --allow-outside to check it)"
)


class Examined(NamedTuple):
    """An evidence file as it is now: its SHA-256 and size, or why it is not (missing, or
    refused: not read)."""

    sha256: str | None
    size: int
    refused: bool = False  # not read: outside the folder, a name the format refuses
    detail: str = ""
    looked: bool = True  # its path passed the rule, so the file it names was looked for


def examine(
    folder: Path, stored: str, *, outside: bool = False, allow_outside: bool = False
) -> Examined:
    """The one rule evidence is read by, for verify and for a seal's check alike.

    The file decides nothing about what is read: an entry that leads outside the
    assessment's folder (recorded as outside, absolute, climbing out, or through a
    symlink) is refused, not read, unless the person running ipcheck passes
    allow_outside; whether it leads out is said before whether it exists."""
    problem = path_problem(stored)
    leads_out = problem is not None and path_problem(stored, outside_ok=True) is None
    if problem is not None and not leads_out:
        return Examined(None, 0, True, problem, looked=False)  # a control character …
    if leads_out or outside:
        if not outside:
            detail = _("{problem}, not recorded as outside evidence; cannot be verified here")
            return Examined(None, 0, True, detail.format(problem=problem), looked=False)
        if not allow_outside:
            return Examined(None, 0, True, _(OUTSIDE_HINT), looked=False)
    path = folder / stored
    if not os.path.lexists(path):
        return Examined(None, 0, False, _("no such file"))
    if not allow_outside and not is_inside(path, folder):
        return Examined(None, 0, True, _("{hint} (a symlink)").format(hint=_(OUTSIDE_HINT)))
    try:
        sha, size = sha256_file(path)
    except InputError as exc:
        return Examined(None, 0, False, without_path(str(exc), path))
    except OSError as exc:
        return Examined(None, 0, False, _("cannot read: {reason}").format(reason=reason(exc)))
    return Examined(sha, size)


class Glance(NamedTuple):
    """What `status` says of the evidence without reading it: files gone, files whose size
    is not the one recorded (changed for sure; a change keeping the size is verify's)."""

    missing: list[str]
    resized: list[str]


def glance(loaded: LoadedAssessment) -> Glance:
    """Each evidence file of the folder looked at, not read (by `examine`'s rule of what
    may be looked at: nothing outside the folder, no name the format refuses)."""
    folder = loaded.folder
    missing: list[str] = []
    resized: list[str] = []
    seen: set[str] = set()
    for state in loaded.assessment.items.values():
        for entry in state.evidence:
            if entry.outside or entry.path in seen or path_problem(entry.path) is not None:
                continue
            seen.add(entry.path)
            path = folder / entry.path
            try:
                found = path.stat()
            except OSError:
                missing.append(entry.path)
                continue
            if found.st_size != entry.size and is_inside(path, folder):
                resized.append(entry.path)
    return Glance(missing, resized)


def verify(loaded: LoadedAssessment, allow_outside: bool = False) -> VerifyResult:
    """Every evidence file exists with its recorded hash; nothing unreferenced lies around
    (each read by `examine`'s rule)."""
    folder = loaded.folder
    missing: list[Finding] = []
    modified: list[Finding] = []
    refused: list[Finding] = []
    referenced: set[str] = set()
    named: set[str] = set()
    checked = ok = 0
    for item_id, state in loaded.assessment.items.items():
        for evidence in state.evidence:
            checked += 1
            named.add(evidence.path)
            now = examine(
                folder, evidence.path, outside=evidence.outside, allow_outside=allow_outside
            )
            if now.looked:
                path = folder / evidence.path
                referenced.add(os.path.normcase(os.path.normpath(path.absolute())))
            if now.sha256 is None:
                (refused if now.refused else missing).append(
                    Finding(item_id, evidence.path, now.detail)
                )
            elif now.sha256 != evidence.sha256:
                modified.append(
                    Finding(
                        item_id,
                        evidence.path,
                        _(
                            "sha256 {found}… ≠ recorded {recorded}… "
                            "(size {size} vs {recorded_size})"
                        ).format(
                            found=now.sha256[:12],
                            recorded=evidence.sha256[:12],
                            size=now.size,
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
        # links to folders are not followed, so a symlink loop cannot trap it
        for root, _dirs, files in walk(evidence_dir):
            for name in files:
                path = Path(root) / name
                if (
                    _left_by_the_system(name)
                    or os.path.normcase(os.path.normpath(path.absolute())) in referenced
                ):
                    continue
                unreferenced.append(path.relative_to(folder).as_posix())
    return VerifyResult(checked, ok, missing, modified, refused, unreferenced, len(named))


# What Windows Explorer and Office leave in a folder they show or open: thumbnails, folder
# settings, Word's owner file of an open document (~$会议纪要.docx). Like the Mac's and
# git's dot files, none is evidence, and a sealed folder cannot have them attached.
_SYSTEM_NAMES = frozenset({"thumbs.db", "ehthumbs.db", "ehthumbs_vista.db", "desktop.ini"})


def _left_by_the_system(name: str) -> bool:
    return name.startswith((".", "~$")) or name.lower() in _SYSTEM_NAMES
