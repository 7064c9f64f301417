"""`export` and `import`: the 自评表 as a spreadsheet for departments that do not use a
terminal, out and back into the same file, under the same rules and history."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipcheck.api import sheets as api
from ipcheck.core.sheet import said
from ipcheck.errors import ExitCode, InputError
from ipcheck.model.events import Events, Say
from ipcheck.store.assessment_file import open_assessment
from ipcheck.text.i18n import _, ngettext

Dirs = Sequence[tuple[Path, bool]]


def export(
    refs: Sequence[str],
    dirs: Dirs,
    *,
    file: Path | None,
    output: Path | None,
    unit: str | None,
    force: bool,
) -> Events:
    """Write a department's 自评表 (its items, or every item) as an xlsx to fill in."""
    from ipcheck.api.sheets import sheet_file_name
    from ipcheck.store.writer import atomic_path, check_target

    opened = open_assessment(file, dirs)
    if output is None:
        output = Path(sheet_file_name(opened, unit))
    if output.suffix.lower() != ".xlsx":
        raise InputError(
            _("{path}: export writes an xlsx: give a name ending in .xlsx").format(path=output)
        )
    check_target(output, force)
    api.chosen_items(opened, refs, unit)  # refused before anything is written
    with atomic_path(output) as tmp:
        done = api.export_sheet(opened, tmp, refs, unit)
    count = len(done.items)
    yield Say(
        ngettext(
            "{path}: {title}, {count} item; fill in 状态, 部分得分, 说明 and 不适用理由, then "
            "ipcheck import {path} --by DEPARTMENT",
            "{path}: {title}, {count} items; fill in 状态, 部分得分, 说明 and 不适用理由, then "
            "ipcheck import {path} --by DEPARTMENT",
            count,
        ).format(path=output, title=done.title, count=count)
    )
    return ExitCode.OK


def import_sheet(
    sheet: Path, dirs: Dirs, *, file: Path | None, by: str | None, dry_run: bool
) -> Events:
    """Bring a filled 自评表 back: each row the department changed, a change in its name."""
    opened = open_assessment(file, dirs)
    done = api.import_sheet(opened, sheet, by=by, dry_run=dry_run)
    for change, before in done.changes:
        yield Say(said(change, before))
    count = len(done.changes)
    if dry_run:
        message = ngettext(
            "{sheet}: {count} row would be imported (--dry-run: nothing written)",
            "{sheet}: {count} rows would be imported (--dry-run: nothing written)",
            count,
        )
    elif not count:
        message = _("{sheet}: nothing to import: the file already holds what every row says")
    else:
        message = ngettext(
            "{sheet}: {count} row imported into {file}",
            "{sheet}: {count} rows imported into {file}",
            count,
        )
    yield Say(message.format(sheet=sheet, count=count, file=opened.path))
    return ExitCode.OK
