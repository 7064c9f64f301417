"""Sealing: an assessment sealed as submitted (报送) and signed, its seal lifted on
purpose, and the signing keys — what `seal`, `unseal` and `key` do.

The seal is written beside the file before the file's `sealed` line, under the file's
lock (store/assessment_file.transaction): a crash between the two leaves a seal of
bytes never written, which `verify` calls an earlier submission and the next seal
replaces.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ipcheck.api.assessment import dirs_of
from ipcheck.core import marking
from ipcheck.errors import InputError
from ipcheck.model.assessment import Assessment, Stamp
from ipcheck.model.loaded import LoadedAssessment
from ipcheck.model.problems import Severity
from ipcheck.model.seal import Seal
from ipcheck.rules.assessment import check_assessment
from ipcheck.rules.identity import Identity, assessee_identity, owner_identity
from ipcheck.store.assessment_file import Opened, transaction
from ipcheck.store.catalog import newest
from ipcheck.store.clock import who
from ipcheck.store.evidence import verify as check_evidence
from ipcheck.store.keys import (
    PublicKey,
    default_key_path,
    key_name,
    load_private,
    public_line,
    raw_public,
)
from ipcheck.store.seal_file import make_seal, seal_path, seal_state
from ipcheck.store.writer import to_toml
from ipcheck.text.i18n import _

Dirs = Sequence[tuple[Path, bool]]


class Sealed(NamedTuple):
    assessment: Assessment
    seal: Seal
    seal_path: Path
    key: PublicKey
    # warnings to give: the key's name does not name the assessee; sections not written
    key_owner: Identity | None  # the assessee the key's name should give, where it does not
    unwritten: list[str]


def seal(
    opened: Opened,
    *,
    key: str | Path | None = None,
    by: str | None = None,
    dirs: Dirs | None = None,
) -> Sealed:
    """Seal the assessment as submitted (报送), signed with the key (default: the user's):
    refused while it has errors or its evidence is missing or changed. The seal file is
    written first, then the file's `sealed` line."""
    from ipcheck.model.assessment import PRACTICES_OF, Section

    path = opened.path
    if seal_state(opened.loaded, opened.checklist.checklist) == "sealed":
        raise InputError(
            _(
                "{path}: already sealed (待报送), and its seal {seal} holds: nothing to do; "
                "send the file, its evidence folder and the seal"
            ).format(path=path, seal=seal_path(path).name)
        )
    key_file = Path(key) if key is not None else default_key_path()
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
        # files, not links: a file that proves three items is one file wrong, as verify says
        wrong = len({f.path for f in (*evidence.missing, *evidence.modified, *evidence.refused)})
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
    city = newest(sealed_file.checklist.id, dirs if dirs is not None else dirs_of())
    roster = (city or opened.checklist).checklist
    assessee = assessee_identity(roster, sealed_file.assessee)
    owner = None
    if isinstance(assessee, Identity) and owner_identity(roster, name) != assessee:
        owner = assessee
    unwritten = [
        section.label
        for section in Section
        if section not in sealed_file.narrative
        and not (
            section is Section.PRACTICES
            and any(k.startswith(PRACTICES_OF) for k in sealed_file.narrative)
        )
    ]
    return Sealed(sealed_file, made[0], target, public, owner, unwritten)


def new_key(name: str, *, path: str | Path | None = None, force: bool = False) -> str:
    """A new signing key (Ed25519), kept readable by its owner only: at `path`, else in
    the user's config folder; its public key line, with `name` after it — the county or
    unit it answers for, as the office's list will name it (叶县, 市考核办)."""
    from ipcheck.store.keys import create_key

    target = Path(path) if path is not None else default_key_path()
    return create_key(target, force, name).strip()


def public_key_line(path: str | Path | None = None) -> str | None:
    """The public key line of the signing key (at `path`, else in the user's config folder),
    with the name it was made with: what the office is given. None where there is none."""
    target = Path(path) if path is not None else default_key_path()
    return public_line(target) if target.exists() else None


def unseal(opened: Opened, reason: str, *, by: str | None = None) -> Assessment:
    """Lift the seal on purpose, with the reason, recorded in the history."""
    return transaction(
        opened,
        lambda current, stamp: marking.unsealed(current, stamp, reason),
        who(by),
        sealed_ok=True,
    )
