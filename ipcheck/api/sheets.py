"""The 自评表 as a spreadsheet, out and back: a department's rows exported for it to fill
without a terminal, and what it filled imported into the file in its name, by the same
rules and into the same history as `mark`."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ipcheck.core import marking
from ipcheck.core.sheet import Change, Row, check_header, header_of, plan, row_of, shown_rows
from ipcheck.errors import InputError
from ipcheck.model.assessment import Assessment, Stamp
from ipcheck.rules.checklist import find_unit
from ipcheck.rules.history import is_sealed
from ipcheck.rules.paths import safe_name
from ipcheck.rules.scope import ScopedItem, answers, resolve_refs, state_of, with_states
from ipcheck.store.assessment_file import Opened, refuse_sealed, transaction
from ipcheck.store.clock import now, who
from ipcheck.store.files import read_bytes
from ipcheck.text.i18n import _


class Exported(NamedTuple):
    path: Path
    items: list[ScopedItem]
    title: str


def chosen_items(opened: Opened, refs: Sequence[str], unit: str | None) -> list[ScopedItem]:
    """The items of a department's sheet: those named (numbers, ids, whole measures), or
    those of the measures a unit leads or is responsible for; else the whole scope."""
    scope = opened.scope
    checklist = opened.checklist.checklist
    chosen = scope
    if refs:
        chosen = resolve_refs(scope, list(refs), opened.loaded.assessment.assessee, checklist)
    if unit is not None:
        found = find_unit(checklist, unit)
        chosen = [s for s in chosen if answers(s.measure, s.item, found)]
        if not chosen:
            raise InputError(
                _("{unit} leads or is responsible for none of these items").format(unit=found.name)
            )
    return list(chosen)


def sheet_title(assessment: Assessment, unit: str | None) -> str:
    """叶县2025年度自评表（市中级人民法院）: the sheet's title, printed on every page."""
    title = f"{assessment.assessee.name}{assessment.period}年度自评表"
    return title + (f"（{unit}）" if unit else "")


def sheet_file_name(opened: Opened, unit: str | None) -> str:
    """The name a sheet is given unless one is chosen, from the command line and the page
    alike: 叶县-2025-自评表.xlsx, 叶县-2025-市中级人民法院-自评表.xlsx for a unit's."""
    named = "" if unit is None else f"-{find_unit(opened.checklist.checklist, unit).name}"
    # a received checklist's unit name may hold anything (a NUL, a control, a slash):
    # a name, not a path
    named = named.replace("/", "_").replace("\\", "_")
    return safe_name(f"{opened.path.stem}{named}-自评表.xlsx")


def export_sheet(
    opened: Opened, output: Path, items: Sequence[str] = (), unit: str | None = None
) -> Exported:
    """Write the 自评表 of these items (all, when none are named and no `unit`) to
    `output` (the command line writes it beside and moves it over)."""
    from ipcheck.store.sheet_file import write_sheet

    opened = opened.fresh()
    a = opened.loaded.assessment
    chosen = chosen_items(opened, items, unit)
    named = None if unit is None else find_unit(opened.checklist.checklist, unit).name
    title = sheet_title(a, named)
    sha256 = hashlib.sha256(read_bytes(opened.path)).hexdigest()
    import secrets

    # its own id: two sheets of the same rows, exported in one second, are two sheets
    header = header_of(a, now().isoformat(timespec="seconds"), sha256, secrets.token_hex(8))
    write_sheet(output, title, header, shown_rows(a, chosen))
    return Exported(output, chosen, title)


class Imported(NamedTuple):
    changes: list[tuple[Change, Row]]  # each change, with the row as the file had it
    written: bool  # False for --dry-run, or when nothing changed


def import_sheet(
    opened: Opened, sheet: Path, *, by: str | None = None, dry_run: bool = False
) -> Imported:
    """Apply what a department filled in: each changed row a change in its name (one
    history line per field, as `mark` writes them); all or nothing."""
    from ipcheck.store.sheet_file import (
        import_ledger,
        imported_when,
        read_sheet,
        remember_import,
    )

    read = read_sheet(sheet)

    def once() -> None:
        done = imported_when(read.mac)
        if done is None:
            return
        if done.name and done.name != sheet.name:  # a copy, renamed or saved again
            said = _(
                "{sheet} was imported on {when}, as {first}: a sheet comes back once (again, "
                "it would undo the corrections made since); export a new sheet for more changes"
            )
        else:
            said = _(
                "{sheet} was imported on {when}: a sheet comes back once (again, it would "
                "undo the corrections made since); export a new sheet for more changes"
            )
        raise InputError(said.format(sheet=sheet.name, when=done.shown(), first=done.name))

    once()
    opened = opened.fresh()
    current = opened.loaded.assessment
    check_header(read.header, current, sheet.name)
    if is_sealed(current):
        refuse_sealed(opened.path, current)
    scope = opened.scope
    author = who(by)
    try:
        changes = plan(current, scope, read.recorded, read.filled)
    except InputError as exc:
        raise InputError(_("{path}: {problem}").format(path=sheet.name, problem=exc)) from None
    before = [(c, row_of(c.scoped, state_of(current, c.scoped))) for c in changes]
    if dry_run or not changes:
        return Imported(before, False)

    applied: list[Change] = []

    def apply(assessment: Assessment, stamp: Stamp) -> Assessment:
        # asked again, and planned again, on the file as it is under the lock: an import of
        # the same sheet that ran meanwhile, or a change made meanwhile, is seen
        once()
        applied[:] = plan(assessment, scope, read.recorded, read.filled)
        for change in applied:
            scoped = change.scoped
            assessment = marking.mark(
                with_states(assessment, [scoped]),
                [scoped.item.id],
                stamp,
                status=change.status,
                note=change.note if "说明" in change.fields else marking.KEEP,
                reason=change.reason,
                score=change.score,
                names={scoped.item.id: scoped.name},
                items_of={scoped.item.id: scoped.item},
            )
        return assessment

    ledger = import_ledger()
    transaction(opened, apply, author)
    if not applied:  # what it says was written meanwhile (the same sheet, imported twice)
        return Imported([], False)
    remember_import(ledger, read.mac, sheet, now().isoformat(timespec="seconds"))
    return Imported(before, True)
