"""Submission (报送): `key new|show`, `seal`, `unseal`.

A county seals its assessment when it submits it: the file gains a `sealed` history
line, and beside it a seal file (叶县-2025.seal) holds what was submitted — the file's
SHA-256, its chain head, every evidence file's path, size and SHA-256 — signed with the
county's key (store/seal_file.py). The office checks the seal with the county's public
key alone (`verify`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipcheck.core import marking
from ipcheck.errors import ExitCode, InputError
from ipcheck.model.assessment import PRACTICES_OF, Assessment, Section, Stamp
from ipcheck.model.events import Events, Out, Say
from ipcheck.model.loaded import LoadedAssessment
from ipcheck.model.problems import Severity
from ipcheck.model.seal import Seal
from ipcheck.rules.assessment import check_assessment
from ipcheck.rules.identity import Identity, assessee_identity, owner_identity
from ipcheck.store.assessment_file import open_assessment, transaction
from ipcheck.store.catalog import newest
from ipcheck.store.clock import who
from ipcheck.store.evidence import verify as check_evidence
from ipcheck.store.keys import (
    PublicKey,
    create_key,
    default_key_path,
    key_name,
    load_private,
    name_path,
    raw_public,
)
from ipcheck.store.seal_file import make_seal, seal_path
from ipcheck.store.writer import to_toml
from ipcheck.text.i18n import _

Dirs = Sequence[tuple[Path, bool]]


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
    made: list[Seal] = []

    def sealing(current: Assessment, stamp: Stamp) -> Assessment:
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
        evidence = check_evidence(LoadedAssessment(current, path))
        wrong = len(evidence.missing) + len(evidence.modified) + len(evidence.refused)
        if wrong:
            raise InputError(
                _(
                    "{path}: {count} evidence file(s) missing, changed or outside "
                    "(ipcheck verify lists them); evidence is sealed as it is recorded"
                ).format(path=path, count=wrong)
            )
        return marking.sealed(current, stamp, public.fingerprint)

    def the_seal(updated: Assessment, data: bytes, _old: bytes) -> list[tuple[Path, bytes]]:
        """Written before the file: a crash between the two leaves a seal of bytes never
        written, which verify calls an earlier submission and the next seal replaces."""
        last = updated.history[-1]
        made.append(make_seal(updated, path.name, data, private, public.comment, last.at, last.by))
        return [(target, to_toml(made[0]).encode("utf-8"))]

    sealed_file = transaction(opened, sealing, author, beside=the_seal)
    yield Say(
        _(
            "{path}: sealed (已报送) with key {fingerprint}: the file and {count} "
            "evidence file(s); the seal is {seal}. Send the file, its evidence folder and "
            "the seal; the office checks them with: ipcheck verify --key KEY"
        ).format(
            path=path, fingerprint=public.fingerprint, count=len(made[0].evidence), seal=target
        )
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
    transaction(
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
