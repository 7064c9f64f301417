"""Commands that change an assessment: init, mark, note, attach, detach.

Each opens the assessment, checks everything it is given, then makes its change through
the file's one owner (store/assessment_file.py): under its lock, on a fresh read,
validated, written atomically.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ipcheck.core import marking
from ipcheck.core.create import default_file_name, make_assessee, new_assessment
from ipcheck.errors import ExitCode, InputError
from ipcheck.model.assessment import Assessment, Evidence, Status
from ipcheck.model.events import Events, Say
from ipcheck.rules.scope import ScopedItem, resolve_refs, with_states
from ipcheck.rules.scoring import item_score
from ipcheck.rules.status import parse_status
from ipcheck.store.assessment_file import Opened, create, open_assessment, transaction
from ipcheck.store.catalog import resolve
from ipcheck.store.clock import now, who
from ipcheck.store.evidence import make_evidence
from ipcheck.store.writer import refuse_link
from ipcheck.text.i18n import _, ngettext

Dirs = Sequence[tuple[Path, bool]]
DEFAULT_CHECKLIST = "pingdingshan-2021-22"


def init(
    spec: str | None,
    dirs: Dirs,
    *,
    county: str | None,
    unit: str | None,
    period: int,
    output: Path | None,
    force: bool,
    by: str | None,
) -> Events:
    """Create an assessment file and its evidence folder; refuse to overwrite without force."""
    if not 2000 <= period <= 2100:
        raise InputError(
            _("--period {period}: the year assessed must be between 2000 and 2100").format(
                period=period
            )
        )
    checklist = resolve(spec or DEFAULT_CHECKLIST, dirs)
    assessee = make_assessee(checklist, county=county, unit=unit)
    path = output if output is not None else Path(default_file_name(assessee, period))
    if path.is_dir():
        path = path / default_file_name(assessee, period)
    if path.suffix != ".toml":
        raise InputError(_("{path}: an assessment file must end in .toml").format(path=path))
    refuse_link(path)
    if os.path.lexists(path) and not force:
        raise InputError(_("{path} already exists; pass --force to overwrite it").format(path=path))
    if not path.parent.is_dir():
        raise InputError(_("{folder}: no such folder").format(folder=path.parent))
    evidence_dir = f"{path.stem}-佐证材料"
    assessment = new_assessment(checklist, assessee, period, evidence_dir, who(by), now())
    create(path, assessment, force=force)
    (path.parent / evidence_dir).mkdir(exist_ok=True)
    pin = assessment.checklist
    yield Say(
        _(
            "created {path} for {assessee} {period}: {count} items "
            "of {id}@{version}; evidence goes in {folder}"
        ).format(
            path=path,
            assessee=assessee.name,
            period=period,
            count=len(assessment.items),
            id=pin.id,
            version=pin.version,
            folder=path.parent / evidence_dir,
        )
    )
    return ExitCode.OK


class Marked(NamedTuple):
    items: list[ScopedItem]
    assessment: Assessment
    without_evidence: list[ScopedItem]


def _mark(
    opened: Opened,
    refs: Sequence[str],
    *,
    status: Status | None = None,
    note: str | object | None = marking.KEEP,
    reason: str | None = None,
    evidence_paths: Sequence[Path] = (),
    by: str | None,
    allow_outside: bool = False,
    score: int | None = None,
) -> Marked:
    """`mark`, `note` and `attach`: everything is checked before the file is touched.
    An item of the scope missing from the file (it counts as 未开始) is written back."""
    a = opened.loaded.assessment
    chosen = resolve_refs(opened.scope, refs, a.assessee, opened.checklist.checklist)
    names = {s.item.id: s.name for s in chosen}
    items_of = {s.item.id: s.item for s in chosen}
    author = who(by)
    # Hash evidence before taking the lock, so a big file does not hold up other writers
    # (the time it is recorded at is the change's, taken under the lock).
    evidence: list[Evidence] = [
        make_evidence(opened.loaded.folder, p, author, now(), allow_outside) for p in evidence_paths
    ]
    ids = [s.item.id for s in chosen]
    updated = transaction(
        opened,
        lambda cur, stamp: marking.mark(
            with_states(cur, chosen),
            ids,
            stamp,
            status=status,
            note=note,
            reason=reason,
            evidence=evidence,
            names=names,
            score=score,
            items_of=items_of,
        ),
        author,
    )
    scoring = opened.checklist.checklist.scoring
    flagged = [s for s in chosen if item_score(s.item, updated.items[s.item.id], scoring).unproven]
    return Marked(chosen, updated, flagged)


def mark(
    args: Sequence[str],
    dirs: Dirs,
    *,
    note: str | None,
    reason: str | None,
    evidence: Sequence[Path],
    file: Path | None,
    by: str | None,
    allow_outside: bool,
    score: int | None = None,
) -> Events:
    """Set the status of items (named by id, number or measure), then the status word."""
    if len(args) < 2:
        raise InputError(
            _("give one or more items, then a status (e.g. ipcheck mark 1.1 1.2 已完成)")
        )
    *refs, word = args
    status = parse_status(word)
    opened = open_assessment(file, dirs)
    result = _mark(
        opened,
        refs,
        status=status,
        note=marking.KEEP if note is None else note,
        reason=reason,
        evidence_paths=evidence,
        by=by,
        allow_outside=allow_outside,
        score=score,
    )
    numbers = " ".join(s.number for s in result.items)
    yield Say(
        _("{path}: {items} → {status}").format(
            path=opened.loaded.path, items=numbers, status=status.said
        )
    )
    for scoped in result.without_evidence:
        yield Say(
            _(
                "{item} earns no points until evidence is attached (无佐证材料不得分); "
                "attach some with --evidence PATH"
            ).format(item=scoped.name),
            "warning",
        )
    return ExitCode.OK


def note(
    args: Sequence[str], dirs: Dirs, *, clear: bool, file: Path | None, by: str | None
) -> Events:
    """Set, change or clear the note (说明) of items."""
    refs, text = (list(args), None) if clear else (list(args[:-1]), args[-1])
    if not refs:
        raise InputError(_("give one or more items, then the note (or --clear)"))
    opened = open_assessment(file, dirs)
    result = _mark(opened, refs, note=text, by=by)
    numbers = " ".join(s.number for s in result.items)
    said = _("{path}: note cleared on {items}") if clear else _("{path}: note set on {items}")
    yield Say(said.format(path=opened.loaded.path, items=numbers))
    return ExitCode.OK


def attach(
    item: str,
    paths: Sequence[Path],
    dirs: Dirs,
    *,
    file: Path | None,
    by: str | None,
    allow_outside: bool,
) -> Events:
    """Attach evidence files to items (one, a list or a measure) without changing their
    status."""
    opened = open_assessment(file, dirs)
    result = _mark(opened, [item], evidence_paths=paths, by=by, allow_outside=allow_outside)
    # one item by its name (1.1 惩罚性赔偿), several by their numbers
    items = (
        result.items[0].name
        if len(result.items) == 1
        else _(", ").join(s.number for s in result.items)
    )
    yield Say(
        _("{path}: {count} file(s) attached to {item}").format(
            path=opened.loaded.path, count=len(paths), item=items
        )
    )
    return ExitCode.OK


def detach(
    item: str, paths: Sequence[str], dirs: Dirs, *, file: Path | None, by: str | None
) -> Events:
    """Remove evidence entries, named by their stored path, from one item."""
    opened = open_assessment(file, dirs)
    assessee = opened.loaded.assessment.assessee
    chosen = resolve_refs(opened.scope, [item], assessee, opened.checklist.checklist)
    if len(chosen) != 1:
        raise InputError(
            _("{item!r} names {count} items; name one item (e.g. 1.2)").format(
                item=item, count=len(chosen)
            )
        )
    wanted = [Path(p).as_posix().removeprefix("./") for p in paths]
    transaction(
        opened,
        lambda cur, stamp: marking.detach(cur, chosen[0].item.id, wanted, stamp, chosen[0].name),
        who(by),
    )
    removed = ngettext(
        "{path}: {count} evidence entry removed",
        "{path}: {count} evidence entries removed",
        len(paths),
    )
    yield Say(removed.format(path=opened.loaded.path, count=len(paths)))
    return ExitCode.OK
