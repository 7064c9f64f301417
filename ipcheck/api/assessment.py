"""An assessment, opened and changed: what `init`, `mark`, `note`, `attach`, `detach`,
`write`, `figure`, `seal` and `unseal` do, as functions that return what they did.

Every change goes through the file's one owner (store/assessment_file.py): under the
file's lock, on a fresh read, stamped with who made it and when, validated, written
atomically. Everything given is checked before the file is touched; a refusal is an
IpcheckError whose message is the one line the command line prints.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ipcheck.core import marking
from ipcheck.core.create import default_file_name, make_assessee, new_assessment
from ipcheck.errors import InputError
from ipcheck.model.assessment import Assessment, Evidence, Stamp, Status
from ipcheck.model.loaded import LoadedAssessment
from ipcheck.model.problems import Severity
from ipcheck.model.seal import Seal
from ipcheck.rules.assessment import check_assessment
from ipcheck.rules.identity import Identity, assessee_identity, owner_identity
from ipcheck.rules.scope import ScopedItem, resolve_refs, with_states
from ipcheck.rules.scoring import item_score
from ipcheck.rules.status import parse_status
from ipcheck.store.assessment_file import Opened, create, transaction
from ipcheck.store.assessment_file import open_assessment as open_file
from ipcheck.store.catalog import checklist_dirs, newest, resolve
from ipcheck.store.clock import now, who
from ipcheck.store.evidence import make_evidence
from ipcheck.store.evidence import verify as check_evidence
from ipcheck.store.keys import PublicKey, default_key_path, key_name, load_private, raw_public
from ipcheck.store.seal_file import make_seal, seal_path
from ipcheck.store.writer import refuse_link, to_toml
from ipcheck.text.i18n import _

Dirs = Sequence[tuple[Path, bool]]
DEFAULT_CHECKLIST = "pingdingshan-2021-22"
KEEP = marking.KEEP  # "leave the note as it is"


def open_assessment(
    path: str | Path | None = None, *, checklist_dirs: Sequence[str | Path] = ()
) -> Opened:
    """The assessment at `path` (or the only one in the current folder), with the checklist
    it pins and the scope of its assessee; `checklist_dirs` adds folders of checklists."""
    return open_file(None if path is None else Path(path), dirs_of(checklist_dirs))


def dirs_of(extra: Sequence[str | Path] = ()) -> Dirs:
    """The checklist folders to look in: the shipped ones, then IPCHECK_CHECKLIST_DIR, then
    `extra`."""
    return checklist_dirs([Path(p) for p in extra])


class Created(NamedTuple):
    path: Path
    assessment: Assessment
    evidence_dir: Path


def create_assessment(
    *,
    county: str | None = None,
    unit: str | None = None,
    period: int,
    checklist: str | None = None,
    path: str | Path | None = None,
    force: bool = False,
    by: str | None = None,
    dirs: Dirs | None = None,
) -> Created:
    """A new assessment of a county (by its name or alias) or a unit (by id, name or alias)
    for a year, every item of its scope 未开始, with its evidence folder beside it. The file
    is `path` (a folder: the default name in it), else 叶县-2025.toml here; an existing
    file is kept unless `force`."""
    if not 2000 <= period <= 2100:
        raise InputError(
            _("--period {period}: the year assessed must be between 2000 and 2100").format(
                period=period
            )
        )
    found = resolve(checklist or DEFAULT_CHECKLIST, dirs if dirs is not None else dirs_of())
    assessee = make_assessee(found, county=county, unit=unit)
    target = Path(path) if path is not None else Path(default_file_name(assessee, period))
    if target.is_dir():
        target = target / default_file_name(assessee, period)
    if target.suffix != ".toml":
        raise InputError(_("{path}: an assessment file must end in .toml").format(path=target))
    refuse_link(target)
    if os.path.lexists(target) and not force:
        raise InputError(
            _("{path} already exists; pass --force to overwrite it").format(path=target)
        )
    if not target.parent.is_dir():
        raise InputError(_("{folder}: no such folder").format(folder=target.parent))
    evidence_dir = f"{target.stem}-佐证材料"
    assessment = new_assessment(found, assessee, period, evidence_dir, who(by), now())
    create(target, assessment, force=force)
    (target.parent / evidence_dir).mkdir(exist_ok=True)
    return Created(target, assessment, target.parent / evidence_dir)


class Marked(NamedTuple):
    """What a change to items did: the items, the assessment as written, and those whose
    points wait for evidence (无佐证材料不得分)."""

    items: list[ScopedItem]
    assessment: Assessment
    without_evidence: list[ScopedItem]


def mark(
    opened: Opened,
    items: Sequence[str],
    status: Status | str | None = None,
    *,
    note: str | object | None = KEEP,
    reason: str | None = None,
    evidence: Sequence[str | Path] = (),
    score: int | None = None,
    by: str | None = None,
    allow_outside: bool = False,
) -> Marked:
    """Set the status of items (named by number, id or whole measure: "1.1", "十四"), with
    a note (None clears it), the 不适用 reason, evidence files and a part score. A status
    is a Status or what officers type (已完成, 推进中, done …)."""
    if isinstance(status, str):
        status = parse_status(status)
    a = opened.loaded.assessment
    chosen = resolve_refs(opened.scope, list(items), a.assessee, opened.checklist.checklist)
    names = {s.item.id: s.name for s in chosen}
    items_of = {s.item.id: s.item for s in chosen}
    author = who(by)
    # Hash evidence before taking the lock, so a big file does not hold up other writers
    # (the time it is recorded at is the change's, taken under the lock).
    attached: list[Evidence] = [
        make_evidence(opened.loaded.folder, Path(p), author, now(), allow_outside) for p in evidence
    ]
    ids = [s.item.id for s in chosen]
    updated = transaction(
        opened,
        lambda current, stamp: marking.mark(
            with_states(current, chosen),
            ids,
            stamp,
            status=status,
            note=note,
            reason=reason,
            evidence=attached,
            names=names,
            score=score,
            items_of=items_of,
        ),
        author,
    )
    scoring = opened.checklist.checklist.scoring
    flagged = [s for s in chosen if item_score(s.item, updated.items[s.item.id], scoring).unproven]
    return Marked(chosen, updated, flagged)


def note(
    opened: Opened, items: Sequence[str], text: str | None, *, by: str | None = None
) -> Marked:
    """Set the note (说明) of items; None clears it."""
    return mark(opened, items, note=text, by=by)


def attach(
    opened: Opened,
    items: Sequence[str],
    files: Sequence[str | Path],
    *,
    by: str | None = None,
    allow_outside: bool = False,
) -> Marked:
    """Attach evidence files to items without changing their status: each is hashed as it
    is opened, and must lie in the assessment's folder unless `allow_outside`."""
    return mark(opened, items, evidence=files, by=by, allow_outside=allow_outside)


def detach(
    opened: Opened, item: str, paths: Sequence[str | Path], *, by: str | None = None
) -> Assessment:
    """Remove evidence entries, named by their stored path, from one item (the files stay)."""
    assessee = opened.loaded.assessment.assessee
    chosen = resolve_refs(opened.scope, [item], assessee, opened.checklist.checklist)
    if len(chosen) != 1:
        raise InputError(
            _("{item!r} names {count} items; name one item (e.g. 1.2)").format(
                item=item, count=len(chosen)
            )
        )
    wanted = [Path(p).as_posix().removeprefix("./") for p in paths]
    return transaction(
        opened,
        lambda current, stamp: marking.detach(
            current, chosen[0].item.id, wanted, stamp, chosen[0].name
        ),
        who(by),
    )


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
    from ipcheck.store.keys import create_key, name_path

    target = Path(path) if path is not None else default_key_path()
    create_key(target, force, name)
    return name_path(target).read_text(encoding="utf-8").strip()


def unseal(opened: Opened, reason: str, *, by: str | None = None) -> Assessment:
    """Lift the seal on purpose, with the reason, recorded in the history."""
    return transaction(
        opened,
        lambda current, stamp: marking.unsealed(current, stamp, reason),
        who(by),
        sealed_ok=True,
    )
