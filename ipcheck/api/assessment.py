"""An assessment, opened and changed: what `init`, `mark`, `note`, `attach` and `detach`
do, as functions that return what they did (`seal`, `unseal` and the keys: api/sealing.py;
`write` and `figure`: api/narrative.py).

Every change goes through the file's one owner (store/assessment_file.py): under the
file's lock, on a fresh read, stamped with who made it and when, validated, written
atomically. Everything given is checked before the file is touched; a refusal is an
IpcheckError whose message is the one line the command line prints. What only `init`
or evidence needs is imported where it is used: `mark` runs many times a day.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ipcheck.core import marking
from ipcheck.errors import InputError
from ipcheck.model.assessment import Assessment, Evidence, Stamp, Status
from ipcheck.model.checklist import Source
from ipcheck.model.points import exact
from ipcheck.rules.scope import ScopedItem, resolve_refs, with_states
from ipcheck.rules.scoring import item_score
from ipcheck.rules.status import parse_status
from ipcheck.store.assessment_file import Opened, create, transaction
from ipcheck.store.assessment_file import open_assessment as open_file
from ipcheck.store.catalog import checklist_dirs, resolve
from ipcheck.store.clock import now, who
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


def _check_period(period: int, source: Source) -> None:
    """A year the checklist's policy can be assessed in: from the year it was issued to
    the next one (2005 for 2025 was taken, and named every report: a trial)."""
    latest = now().year + 1
    if period < source.issued.year:
        raise InputError(
            _(
                "--period {period}: {doc} was issued on {issued}; a self-assessment under it "
                "is of {year} or later"
            ).format(
                period=period, doc=source.doc_number, issued=source.issued, year=source.issued.year
            )
        )
    if period > latest:
        raise InputError(
            _(
                "--period {period}: a self-assessment is of a year already begun, or the next "
                "({latest} at the latest)"
            ).format(period=period, latest=latest)
        )


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
    from ipcheck.core.create import default_file_name, make_assessee, new_assessment
    from ipcheck.store.writer import refuse_link

    if not 2000 <= period <= 2100:
        raise InputError(
            _("--period {period}: the year assessed must be between 2000 and 2100").format(
                period=period
            )
        )
    found = resolve(checklist or DEFAULT_CHECKLIST, dirs if dirs is not None else dirs_of())
    _check_period(period, found.checklist.source)
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
    beside = target.parent / evidence_dir
    if os.path.lexists(beside) and not beside.is_dir():  # said before the file is written
        raise InputError(
            _("{path}: is a file, where the evidence folder goes; rename or move it").format(
                path=beside
            )
        )
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
    # the files this change attached, as recorded (each once, whatever items took it)
    attached: tuple[str, ...] = ()


def mark(
    opened: Opened,
    items: Sequence[str],
    status: Status | str | None = None,
    *,
    note: str | object | None = KEEP,
    reason: str | None = None,
    evidence: Sequence[str | Path] = (),
    score: float | None = None,
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
    if evidence:
        from ipcheck.store.evidence import make_evidence
    attached: list[Evidence] = [
        make_evidence(opened.loaded.folder, Path(p), author, now(), allow_outside) for p in evidence
    ]
    ids = [s.item.id for s in chosen]
    under_lock: list[Assessment] = []  # the file as this change found it

    def apply(current: Assessment, stamp: Stamp) -> Assessment:
        under_lock[:] = [current]
        return marking.mark(
            with_states(current, chosen),
            ids,
            stamp,
            status=status,
            note=note,
            reason=reason,
            evidence=attached,
            names=names,
            score=None if score is None else exact(score),
            items_of=items_of,
        )

    updated = transaction(opened, apply, author)
    scoring = opened.checklist.checklist.scoring
    flagged = [s for s in chosen if item_score(s.item, updated.items[s.item.id], scoring).unproven]
    before = under_lock[0] if under_lock else opened.loaded.assessment
    return Marked(chosen, updated, flagged, _attached(before, updated, ids))


def _attached(before: Assessment, after: Assessment, ids: Sequence[str]) -> tuple[str, ...]:
    """The files this change attached: new entries on its items, each file once (one file
    on three items is one), against the file as the change found it — not as this command
    first read it, which others' attachments meanwhile would count as its own."""

    def entries(a: Assessment) -> set[tuple[str, str, str]]:
        return {
            (item, e.path, e.sha256)
            for item in ids
            if item in a.items
            for e in a.items[item].evidence
        }

    return tuple(sorted({path for _item, path, _sha in entries(after) - entries(before)}))


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


class Reattached(NamedTuple):
    """A file attached again wherever it was attached: the items that took its new
    SHA-256, and those where it was unchanged."""

    path: str  # as recorded
    changed: list[ScopedItem]
    unchanged: list[ScopedItem]


def attach_again(
    opened: Opened, files: Sequence[str | Path], *, by: str | None = None
) -> list[Reattached]:
    """Attach each file again to every item that holds it (by its recorded path), after the
    file changed: one command instead of one per item. A file no item holds is refused.
    The items are those holding it under the file's lock, on the read the change is made
    to: a detach made while a big file was hashed stays made."""
    author = who(by)
    out: list[Reattached] = []
    for given in files:
        opened = opened.fresh()
        out.append(_attach_again(opened, Path(given), author))
    return out


def _attach_again(opened: Opened, given: Path, author: str) -> Reattached:
    from ipcheck.store.evidence import make_evidence, stored_path

    recorded = stored_path(opened.loaded.folder, given, allow_outside=True)[0]

    def holding(current: Assessment) -> list[ScopedItem]:
        holders = [
            scoped
            for scoped in opened.scope
            if scoped.item.id in current.items
            and any(e.path == recorded for e in current.items[scoped.item.id].evidence)
        ]
        if not holders:
            raise InputError(
                _("{path} is not attached to any item (ipcheck attach ITEM {path})").format(
                    path=recorded
                )
            )
        return holders

    a = opened.loaded.assessment
    holding(a)  # said before a file is hashed
    outside = any(e.outside for st in a.items.values() for e in st.evidence if e.path == recorded)
    # hashed before the lock, as mark does: a big file does not hold up other writers
    entry = make_evidence(opened.loaded.folder, given, author, now(), outside)
    names = {s.item.id: s.name for s in opened.scope}
    done: list[Reattached] = []

    def apply(current: Assessment, stamp: Stamp) -> Assessment:
        holders = holding(current)  # as the file is now, under its lock
        ids = [s.item.id for s in holders]
        updated = marking.mark(
            with_states(current, holders), ids, stamp, evidence=[entry], names=names
        )
        changed = [s for s in holders if current.items[s.item.id] != updated.items[s.item.id]]
        done[:] = [Reattached(recorded, changed, [s for s in holders if s not in changed])]
        return updated

    transaction(opened, apply, author)
    return done[0]


def _recorded_as(opened: Opened, given: Path, held: set[str]) -> str:
    """The evidence entry a path names: as recorded (叶县-2025-佐证材料/x.pdf), or as
    attach takes it — absolute, or from the current folder — even once the file is gone."""
    from ipcheck.store.evidence import stored_path

    as_given = given.as_posix().removeprefix("./")
    if as_given in held:
        return as_given
    try:
        return stored_path(opened.loaded.folder, given, allow_outside=True)[0]
    except InputError:
        return as_given


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
    state = opened.loaded.assessment.items.get(chosen[0].item.id)
    held = {e.path for e in state.evidence} if state is not None else set()
    wanted = [_recorded_as(opened, Path(p), held) for p in paths]
    return transaction(
        opened,
        lambda current, stamp: marking.detach(
            current, chosen[0].item.id, wanted, stamp, chosen[0].name
        ),
        who(by),
    )
