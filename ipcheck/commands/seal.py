"""Submission (报送) and its check: `key new|show`, `seal`, `unseal`, and the seal part
of `verify`.

A county seals its assessment when it submits it: the file gains a `sealed` history
line, and beside it a seal file (叶县-2025.seal) holds what was submitted — the file's
SHA-256, its chain head, every evidence file's path, size and SHA-256 — signed with the
county's key. The office checks the seal with the county's public key alone.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import msgspec

from ipcheck.commands.events import Events, Out, Say
from ipcheck.commands.opening import change, open_assessment
from ipcheck.core import marking
from ipcheck.core.seal import SealCheck, Trusted, check_seal, make_seal
from ipcheck.errors import ExitCode, InputError
from ipcheck.model.assessment import PRACTICES_OF, Assessment, Section
from ipcheck.model.checklist import Checklist
from ipcheck.model.loaded import LoadedAssessment
from ipcheck.model.problems import Severity
from ipcheck.model.seal import SEAL_SUFFIX, Seal
from ipcheck.rules.assessment import check_assessment
from ipcheck.rules.history import is_sealed
from ipcheck.rules.identity import Identity, assessee_identity, owner_identity
from ipcheck.rules.paths import path_problem
from ipcheck.store.catalog import newest
from ipcheck.store.clock import now, who
from ipcheck.store.evidence import sha256_file
from ipcheck.store.evidence import verify as check_evidence
from ipcheck.store.files import is_inside, read_bytes, read_companion
from ipcheck.store.keys import (
    PublicKey,
    create_key,
    default_key_path,
    key_name,
    load_private,
    name_path,
    raw_public,
    trusted_keys,
)
from ipcheck.store.loader import describe_conversion_error, load_assessment
from ipcheck.store.toml import decode_text, loads_toml
from ipcheck.store.writer import atomic_write, locked, to_toml
from ipcheck.text.i18n import _

Dirs = Sequence[tuple[Path, bool]]
SEAL_LIMIT = 16 << 20  # a seal lists the evidence files: far below this


def seal_path(assessment: Path) -> Path:
    return assessment.with_suffix(SEAL_SUFFIX)


def key_new(path: Path | None, comment: str | None, force: bool) -> Events:
    """Create the signing key; print the public key line to give the office."""
    path = path or default_key_path()
    create_key(path, force, comment or who(None))
    yield Out(name_path(path).read_text(encoding="utf-8"))
    yield Say(
        _(
            "signing key written to {path} (keep it to yourself); give the office the "
            "public key line above (ipcheck key prints it again)"
        ).format(path=path)
    )
    return ExitCode.OK


def key_show(path: Path | None, comment: str | None) -> Events:
    """The public key line of the signing key, with the name it was made with."""
    path = path or default_key_path()
    key = load_private(path)
    name = comment or key_name(path) or who(None)
    yield Out(PublicKey(raw_public(key), name).text + "\n")
    return ExitCode.OK


def seal(file: Path | None, dirs: Dirs, *, key: Path | None, by: str | None) -> Events:
    """Seal the assessment as submitted: refused while it has errors or its evidence is
    missing or changed."""
    opened = open_assessment(file, dirs)
    path = opened.loaded.path
    key_file = key or default_key_path()
    private = load_private(key_file)
    author = who(by)
    name = key_name(key_file) or opened.loaded.assessment.assessee.name
    public = PublicKey(raw_public(private), name)
    target = seal_path(path)

    def work() -> tuple[Seal, Assessment]:
        stamp = marking.Stamp(author, now())  # under the lock: after every earlier change
        loaded = load_assessment(path)
        current = loaded.assessment
        if current.checklist != opened.loaded.assessment.checklist:
            raise InputError(
                _("{path}: changed while this command ran; run it again").format(path=path)
            )
        errors = [
            p for p in check_assessment(current, opened.checklist) if p.severity is Severity.ERROR
        ]
        if errors:
            raise InputError(
                _(
                    "{path}: {count} error(s) (ipcheck validate lists them); a file "
                    "with errors is not sealed"
                ).format(path=path, count=len(errors))
            )
        evidence = check_evidence(loaded)
        wrong = len(evidence.missing) + len(evidence.modified) + len(evidence.refused)
        if wrong:
            raise InputError(
                _(
                    "{path}: {count} evidence file(s) missing, changed or outside "
                    "(ipcheck verify lists them); evidence is sealed as it is recorded"
                ).format(path=path, count=wrong)
            )
        updated = marking.sealed(current, stamp, public.fingerprint)
        data = to_toml(updated).encode("utf-8")
        made = make_seal(updated, path.name, data, private, public.comment, stamp.at, stamp.by)
        text = to_toml(made)
        atomic_write(path, data, sweep=True)
        atomic_write(target, text)
        return made, updated

    made, sealed_file = locked(path, work)
    yield Say(
        _(
            "{path}: sealed (已报送) with key {fingerprint}: the file and {count} "
            "evidence file(s); the seal is {seal}. Send the file, its evidence folder and "
            "the seal; the office checks them with: ipcheck verify --key KEY"
        ).format(path=path, fingerprint=public.fingerprint, count=len(made.evidence), seal=target)
    )
    city = newest(sealed_file.checklist.id, dirs) or opened.checklist
    assessee = assessee_identity(city.checklist, sealed_file.assessee)
    if isinstance(assessee, Identity) and owner_identity(city.checklist, name) != assessee:
        yield Say(
            _(
                "{path}: the key is named {name}; the office's list of keys names each key's "
                "county or unit, so it must write {assessee} after this key (ipcheck key "
                "--name {assessee} prints the line so)"
            ).format(path=path, name=name, assessee=assessee.name),
            "warning",
        )
    unwritten = [
        section.label
        for section in Section
        if section not in sealed_file.narrative
        and not (
            section is Section.PRACTICES
            and any(key.startswith(PRACTICES_OF) for key in sealed_file.narrative)
        )
    ]
    if unwritten:
        yield Say(
            _(
                "{path}: sections of the report not written in your own words: "
                "{sections}; its report shows drafts (【草稿】) there"
            ).format(path=path, sections="、".join(unwritten)),
            "warning",
        )
    return ExitCode.OK


def unseal(file: Path | None, dirs: Dirs, *, reason: str | None, by: str | None) -> Events:
    """Lift the seal on purpose, with the reason, recorded in the history."""
    opened = open_assessment(file, dirs)
    change(
        opened,
        lambda cur, stamp: marking.unsealed(cur, stamp, reason or ""),
        who(by),
        sealed_ok=True,
    )
    yield Say(
        _(
            "{path}: seal lifted (recorded in its history); it can be changed again, "
            "and must be sealed again before it is submitted"
        ).format(path=opened.loaded.path)
    )
    return ExitCode.OK


def read_seal(path: Path, data: bytes) -> Seal:
    """A seal file, checked as a received file: bounded, its format enforced."""
    raw = loads_toml(decode_text(data, str(path)), str(path))
    try:
        return msgspec.convert(raw, Seal, strict=True)
    except msgspec.ValidationError as exc:
        problem = describe_conversion_error(exc)
        raise InputError(
            _("{path}: not a seal ipcheck can read: {key}: {problem}").format(
                path=path, key=problem.key, problem=problem.message
            )
        ) from None


def owned_keys(given: str, checklist: Checklist) -> list[Trusted]:
    """--key's keys, each with the county or unit written after it; a key whose owner is
    not exactly one county of the roster or one unit is refused, naming its line."""
    owned: list[Trusted] = []
    for public in trusted_keys(given):
        owner = owner_identity(checklist, public.comment)
        if isinstance(owner, str):
            raise InputError(f"{public.source}: {owner}")
        owned.append(Trusted(public, owner))
    return owned


def check_sealed(
    loaded: LoadedAssessment, key: str | None, checklist: Checklist
) -> SealCheck | None:
    """The seal beside the assessment, checked; None when there is none and no key was
    given. Only evidence inside the assessment's folder is read."""
    target = seal_path(loaded.path)
    trusted = owned_keys(key, checklist) if key is not None else None
    # a link leading out of the assessment's folder is refused as evidence is, unread
    seal_data = read_companion(target, loaded.path, SEAL_LIMIT)
    if seal_data is None:
        if is_sealed(loaded.assessment):
            problem = _(
                "its history says it was sealed, but its seal file {seal} is missing"
            ).format(seal=target.name)
        elif key is not None:
            problem = _("not sealed: no seal file {seal} beside it (ipcheck seal)").format(
                seal=target.name
            )
        else:
            return None
        return SealCheck([problem], "", None)
    found = read_seal(target, seal_data)
    if key is None and not is_sealed(loaded.assessment):
        return SealCheck([], found.signature.fingerprint, None, lifted=True)
    folder = loaded.folder
    files_now: dict[str, tuple[int, str] | str] = {}
    for entry in found.evidence:
        bad_path = path_problem(entry.path)
        where = folder / entry.path
        if bad_path is not None:
            files_now[entry.path] = bad_path
        elif not os.path.lexists(where):
            files_now[entry.path] = _("no such file")
        elif not is_inside(where, folder):  # said before whether where it leads exists
            files_now[entry.path] = _("leads outside the assessment's folder; not read")
        elif not where.exists():
            files_now[entry.path] = _("no such file")
        else:
            try:
                sha, size = sha256_file(where)
            except InputError as exc:
                files_now[entry.path] = str(exc)
                continue
            files_now[entry.path] = (size, sha)
    data = read_bytes(loaded.path)
    assessee = assessee_identity(checklist, loaded.assessment.assessee)
    return check_seal(found, data, loaded.assessment, files_now, trusted, assessee)
