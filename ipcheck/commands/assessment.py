"""Commands that change an assessment: init, mark, note, attach, detach — each one call
to the Python API (ipcheck/api), then what to say of it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ipcheck.api import assessment as api
from ipcheck.errors import ExitCode, InputError
from ipcheck.model.events import Events, Say
from ipcheck.rules.assessment import apart_message, in_evidence_folder
from ipcheck.rules.status import parse_status
from ipcheck.rules.values import check_points
from ipcheck.store.assessment_file import open_assessment
from ipcheck.text.i18n import _, ngettext
from ipcheck.text.input import items_then_rest

if TYPE_CHECKING:
    from ipcheck.model.assessment import Assessment
    from ipcheck.rules.scope import ScopedItem

Dirs = Sequence[tuple[Path, bool]]


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
    made = api.create_assessment(
        county=county,
        unit=unit,
        period=period,
        checklist=spec,
        path=output,
        force=force,
        by=by,
        dirs=dirs,
    )
    pin = made.assessment.checklist
    yield Say(
        _(
            "created {path} for {assessee} {period}: {count} items "
            "of {id}@{version}; evidence goes in {folder}"
        ).format(
            path=made.path,
            assessee=made.assessment.assessee.name,
            period=period,
            count=len(made.assessment.items),
            id=pin.id,
            version=pin.version,
            folder=made.evidence_dir,
        )
    )
    return ExitCode.OK


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
    score: str | None = None,
) -> Events:
    """Set the status of items (named by id, number or measure), then the status word."""
    if len(args) < 2:
        raise InputError(
            _("give one or more items, then a status (e.g. ipcheck mark 1.1 1.2 已完成)")
        )
    *refs, word = args
    status = parse_status(word)
    opened = open_assessment(file, dirs)
    result = api.mark(
        opened,
        refs,
        status,
        note=api.KEEP if note is None else note,
        reason=reason,
        evidence=evidence,
        by=by,
        allow_outside=allow_outside,
        score=None if score is None else check_points(score, "--score"),
    )
    numbers = " ".join(s.number for s in result.items)
    yield Say(
        _("{path}: {items} → {status}").format(
            path=opened.loaded.path, items=numbers, status=status.said
        )
    )
    yield from _apart(result)
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
    if text is not None and not text.strip():
        # as `write` does: an empty text clears nothing by accident
        raise InputError(_("the note is empty; nothing written (to remove it, use --clear)"))
    opened = open_assessment(file, dirs)
    result = api.note(opened, refs, text, by=by)
    numbers = " ".join(s.number for s in result.items)
    if _notes(opened.loaded.assessment, result.items) == _notes(result.assessment, result.items):
        said = _("{path}: the note of {items} was already so; nothing written")
    elif clear:
        said = _("{path}: note cleared on {items}")
    else:
        said = _("{path}: note set on {items}")
    yield Say(said.format(path=opened.loaded.path, items=numbers))
    return ExitCode.OK


def _notes(assessment: Assessment, items: Sequence[ScopedItem]) -> list[str | None]:
    states = assessment.items
    return [states[s.item.id].note if s.item.id in states else None for s in items]


def attach(
    args: Sequence[str],
    dirs: Dirs,
    *,
    file: Path | None,
    by: str | None,
    allow_outside: bool,
) -> Events:
    """Attach evidence files to items (one, several, a list or a measure) without changing
    their status: the items as every command takes them, then the files."""
    refs, rest = items_then_rest(args, os.path.lexists)
    if not refs or not rest:
        raise InputError(
            _("give one or more items, then the files (e.g. ipcheck attach 1.1 1.2 ledger.xlsx)")
        )
    paths = [Path(p) for p in rest]
    opened = open_assessment(file, dirs)
    result = api.attach(opened, refs, paths, by=by, allow_outside=allow_outside)
    # one item by its name (1.1 惩罚性赔偿), several by their numbers
    items = (
        result.items[0].name
        if len(result.items) == 1
        else _(", ").join(s.number for s in result.items)
    )
    # a file already attached (pressed twice) is not counted as attached again, nor one
    # another officer attached meanwhile
    added = len(result.attached)
    if added:
        yield Say(
            _("{path}: {count} file(s) attached to {item}").format(
                path=opened.loaded.path, count=added, item=items
            )
        )
    if len(paths) > added:
        yield Say(
            _("{path}: {count} file(s) already attached to {item}, left as they were").format(
                path=opened.loaded.path, count=len(paths) - added, item=items
            )
        )
    yield from _apart(result)
    return ExitCode.OK


def _apart(result: api.Marked) -> Events:
    """Files this change attached outside the evidence folder: said as they are attached
    (the office received a sealed file without them, and the seal failed there)."""
    a = result.assessment
    folder = a.evidence_dir
    outside = {e.path for state in a.items.values() for e in state.evidence if e.outside}
    new = [p for p in result.attached if p not in outside and not in_evidence_folder(p, folder)]
    if new:
        yield Say(apart_message(new, folder), "warning")
    return ExitCode.OK


def attach_again(args: Sequence[str], dirs: Dirs, *, file: Path | None, by: str | None) -> Events:
    """Attach changed evidence files again wherever they are attached."""
    if not args:
        raise InputError(
            _("give the files to attach again (e.g. ipcheck attach --again ledger.xlsx)")
        )
    for given in args:
        if not os.path.lexists(given):
            raise InputError(
                _("{path}: no such file (attach --again takes the files alone)").format(path=given)
            )
    opened = open_assessment(file, dirs)
    for done in api.attach_again(opened, args, by=by):
        if done.changed:
            yield Say(
                _("{path}: attached again to {items} (its new SHA-256)").format(
                    path=done.path, items="、".join(s.number for s in done.changed)
                )
            )
        if done.unchanged:
            yield Say(
                _("{path}: unchanged on {items}").format(
                    path=done.path, items="、".join(s.number for s in done.unchanged)
                )
            )
    return ExitCode.OK


def detach(args: Sequence[str], dirs: Dirs, *, file: Path | None, by: str | None) -> Events:
    """Remove evidence entries, named by their stored path, from one item."""
    if len(args) < 2:
        raise InputError(
            _("give the item, then the evidence paths as recorded (ipcheck detach 1.2 PATH)")
        )
    item, *paths = args
    opened = open_assessment(file, dirs)
    api.detach(opened, item, paths, by=by)
    removed = ngettext(
        "{path}: {count} evidence entry removed",
        "{path}: {count} evidence entries removed",
        len(paths),
    )
    yield Say(removed.format(path=opened.loaded.path, count=len(paths)))
    return ExitCode.OK
