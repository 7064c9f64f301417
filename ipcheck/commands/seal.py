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

from ipcheck.api import sealing as api
from ipcheck.errors import ExitCode
from ipcheck.model.events import Events, Out, Say
from ipcheck.rules.assessment import apart_from_folder, apart_message
from ipcheck.store.assessment_file import open_assessment
from ipcheck.store.clock import who
from ipcheck.store.keys import (
    create_key,
    default_key_path,
    public_line,
)
from ipcheck.text.i18n import _

Dirs = Sequence[tuple[Path, bool]]


def key_new(path: Path | None, comment: str | None, force: bool) -> Events:
    """Create the signing key; print the public key line to give the office."""
    path = path or default_key_path()
    yield Out(create_key(path, force, comment or who(None)))
    yield Say(
        _(
            "signing key written to {path} (keep it to yourself); give the office the "
            "public key line above (ipcheck key prints it again)"
        ).format(path=path)
    )
    return ExitCode.OK


def key_show(path: Path | None, comment: str | None) -> Events:
    """The public key line of the signing key, with the name it was made with."""
    yield Out(public_line(path or default_key_path(), comment) + "\n")
    return ExitCode.OK


def seal(file: Path | None, dirs: Dirs, *, key: Path | None, by: str | None) -> Events:
    """Seal the assessment as submitted: refused while it has errors or its evidence is
    missing or changed."""
    opened = open_assessment(file, dirs)
    done = api.seal(opened, key=key, by=by, dirs=dirs)
    path = opened.path
    yield Say(
        _(
            "{path}: sealed (待报送) with key {fingerprint}: the file and {count} "
            "evidence file(s); the seal is {seal}. Send the file, its evidence folder and "
            "the seal; the office checks them with: ipcheck verify --key KEY"
        ).format(
            path=path,
            fingerprint=done.key.fingerprint,
            count=len(done.seal.evidence),
            seal=done.seal_path,
        )
    )
    apart = apart_from_folder(opened.fresh().loaded.assessment)
    if apart:
        yield Say(apart_message(apart, opened.loaded.assessment.evidence_dir), "warning")
    if done.key_owner is not None:
        yield Say(
            _(
                "{path}: the key is named {name}; the office's list of keys names each key's "
                "county or unit, so it must write {assessee} after this key (ipcheck key "
                "--name {assessee} prints the line so)"
            ).format(path=path, name=done.key.comment, assessee=done.key_owner.name),
            "warning",
        )
    if done.unwritten:
        yield Say(
            _(
                "{path}: sections of the report not written in your own words: "
                "{sections}; its report shows drafts (【草稿】) there"
            ).format(path=path, sections="、".join(done.unwritten)),
            "warning",
        )
    return ExitCode.OK


def unseal(file: Path | None, dirs: Dirs, *, reason: str | None, by: str | None) -> Events:
    """Lift the seal on purpose, with the reason, recorded in the history."""
    opened = open_assessment(file, dirs)
    api.unseal(opened, reason or "", by=by)
    yield Say(
        _(
            "{path}: seal lifted (recorded in its history); it can be changed again, "
            "and must be sealed again before it is submitted"
        ).format(path=opened.loaded.path)
    )
    return ExitCode.OK
