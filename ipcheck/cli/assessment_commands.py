"""Commands on one assessment: init, mark, note, attach, detach, status, verify."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ipcheck.cli.app import (
    ChecklistDirs,
    Format,
    FormatOption,
    check_output,
    command,
    print_json,
    say,
    warn,
)
from ipcheck.errors import ExitCode, InputError
from ipcheck.text.safety import printable

FileOption = Annotated[
    Path | None,
    typer.Option(
        "-f",
        "--file",
        metavar="PATH",
        help="The assessment file (default: the only one in this folder).",
        dir_okay=False,
    ),
]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        metavar="NAME",
        help="Who makes the change (default: $IPCHECK_USER, then git user.name).",
    ),
]
AllowOutside = Annotated[
    bool,
    typer.Option("--allow-outside", help="Accept evidence outside the assessment's folder."),
]


def _dirs(extra: list[Path] | None) -> list[tuple[Path, bool]]:
    from ipcheck.store.catalog import checklist_dirs

    return checklist_dirs(extra or [])


@command("init")
def init_cmd(
    period: Annotated[
        int, typer.Option("--period", metavar="YEAR", help="The year assessed, e.g. 2025.")
    ],
    county: Annotated[
        str | None, typer.Option("--county", metavar="NAME", help="A county (县/市/区), e.g. 叶县.")
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", metavar="UNIT", help="A municipal unit: registry id or Chinese name."
        ),
    ] = None,
    checklist: Annotated[
        str | None,
        typer.Option(
            "--checklist", metavar="ID[@VERSION]", help="Default: newest pingdingshan-2021-22."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="PATH",
            help="File or folder (default: <name>-<year>.toml here).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    by: ByOption = None,
    checklist_dir: ChecklistDirs = None,
) -> int:
    """Start an assessment for a county or a unit, with its evidence folder."""
    from ipcheck.commands.assessment import init_assessment

    if not 2000 <= period <= 2100:
        raise InputError(f"--period {period}: give a year such as 2025")
    path, assessment = init_assessment(
        checklist,
        _dirs(checklist_dir),
        county=county,
        unit=unit,
        period=period,
        output=output,
        force=force,
        by=by,
    )
    pin = assessment.checklist
    say(
        f"created {path} for {assessment.assessee.name} {period}: {len(assessment.items)} items "
        f"of {pin.id}@{pin.version}; evidence goes in {path.parent / assessment.evidence_dir}\n"
    )
    return ExitCode.OK


@command("mark")
def mark_cmd(
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="ITEM... STATUS",
            help="Items (id, number such as 1.2, or a measure such as 14), then "
            "未开始|推进中|已完成|不适用 (todo|in_progress|done|na).",
        ),
    ],
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="Set the note (说明).")
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", metavar="TEXT", help="Why 不适用 (required for na).")
    ] = None,
    evidence: Annotated[
        list[Path] | None,
        typer.Option("--evidence", metavar="PATH", help="Attach an evidence file (repeatable)."),
    ] = None,
    file: FileOption = None,
    by: ByOption = None,
    allow_outside: AllowOutside = False,
    checklist_dir: ChecklistDirs = None,
) -> int:
    """Set the status of items, with a note, a reason or evidence."""
    from ipcheck.commands.assessment import mark_items, open_assessment
    from ipcheck.rules.status import parse_status

    if len(args) < 2:
        raise InputError("give one or more items, then a status (e.g. ipcheck mark 1.1 1.2 已完成)")
    *refs, word = args
    status = parse_status(word)
    opened = open_assessment(file, _dirs(checklist_dir))
    result = mark_items(
        opened,
        refs,
        status=status,
        note=note,
        clear_note=False,
        reason=reason,
        evidence_paths=evidence or [],
        by=by,
        allow_outside=allow_outside,
    )
    numbers = " ".join(s.number for s in result.items)
    say(f"{opened.loaded.path}: {numbers} → {status.label}\n")
    for scoped in result.without_evidence:
        warn(f"{scoped.number} is 已完成 without evidence; attach some with --evidence PATH")
    return ExitCode.OK


@command("note")
def note_cmd(
    args: Annotated[
        list[str], typer.Argument(metavar="ITEM... [TEXT]", help="Items, then the note.")
    ],
    clear: Annotated[
        bool, typer.Option("--clear", help="Remove the note instead of setting it.")
    ] = False,
    file: FileOption = None,
    by: ByOption = None,
    checklist_dir: ChecklistDirs = None,
) -> int:
    """Set, change or clear the note (说明) of items."""
    from ipcheck.commands.assessment import mark_items, open_assessment

    refs, text = (args, None) if clear else (args[:-1], args[-1])
    if not refs:
        raise InputError("give one or more items, then the note (or --clear)")
    opened = open_assessment(file, _dirs(checklist_dir))
    result = mark_items(
        opened,
        refs,
        status=None,
        note=text,
        clear_note=clear,
        reason=None,
        evidence_paths=[],
        by=by,
        allow_outside=False,
    )
    done = "cleared" if clear else "set"
    say(f"{opened.loaded.path}: note {done} on {' '.join(s.number for s in result.items)}\n")
    return ExitCode.OK


@command("attach")
def attach_cmd(
    item: Annotated[str, typer.Argument(metavar="ITEM", help="Item id or number such as 1.2.")],
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Evidence files.")],
    file: FileOption = None,
    by: ByOption = None,
    allow_outside: AllowOutside = False,
    checklist_dir: ChecklistDirs = None,
) -> int:
    """Attach evidence files (佐证材料) to an item without changing its status."""
    from ipcheck.commands.assessment import mark_items, open_assessment

    opened = open_assessment(file, _dirs(checklist_dir))
    result = mark_items(
        opened,
        [item],
        status=None,
        note=None,
        clear_note=False,
        reason=None,
        evidence_paths=paths,
        by=by,
        allow_outside=allow_outside,
    )
    say(f"{opened.loaded.path}: {len(paths)} file(s) attached to {result.items[0].number}\n")
    return ExitCode.OK


@command("detach")
def detach_cmd(
    item: Annotated[str, typer.Argument(metavar="ITEM", help="Item id or number such as 1.2.")],
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH...", help="Evidence paths as recorded in the file.")
    ],
    file: FileOption = None,
    by: ByOption = None,
    checklist_dir: ChecklistDirs = None,
) -> int:
    """Remove evidence entries from an item (the files themselves stay)."""
    from ipcheck.commands.assessment import detach_evidence, open_assessment

    opened = open_assessment(file, _dirs(checklist_dir))
    detach_evidence(opened, item, paths, by)
    say(
        f"{opened.loaded.path}: {len(paths)} evidence entr{'y' if len(paths) == 1 else 'ies'} removed\n"
    )
    return ExitCode.OK


@command("status")
def status_cmd(
    file: FileOption = None,
    fmt: FormatOption = Format.TEXT,
    checklist_dir: ChecklistDirs = None,
) -> int:
    """Progress per part and measure, completion, score, and what needs attention."""
    from ipcheck.commands.assessment import open_assessment
    from ipcheck.core.progress import progress, progress_json
    from ipcheck.store.clock import now

    opened = open_assessment(file, _dirs(checklist_dir))
    result = progress(opened.loaded, opened.checklist, now().date())
    if fmt is Format.JSON:
        print_json(progress_json(opened.loaded, result))
    else:
        from ipcheck.render.console import stdout_console
        from ipcheck.render.status import render_progress

        stdout_console().print(render_progress(opened.loaded, result))
    return ExitCode.OK


@command("verify")
def verify_cmd(
    file: FileOption = None,
    fmt: FormatOption = Format.TEXT,
    allow_outside: Annotated[
        bool,
        typer.Option(
            "--allow-outside",
            help="Also check evidence outside the assessment's folder (the file alone "
            "never makes ipcheck read there).",
        ),
    ] = False,
    checklist_dir: ChecklistDirs = None,
) -> int:
    """Check every evidence file exists with its recorded SHA-256; list unreferenced files.

    Evidence outside the assessment's folder (or reached through a link) is listed
    as not verifiable unless you pass --allow-outside. Exit codes: 0 all evidence
    intact; 1 something missing, modified, unreferenced or not verifiable here.
    """
    from ipcheck.commands.assessment import open_assessment
    from ipcheck.store.evidence import verify

    opened = open_assessment(file, _dirs(checklist_dir))
    result = verify(opened.loaded, allow_outside=allow_outside)
    if fmt is Format.JSON:
        print_json(
            {
                "file": opened.loaded.path.as_posix(),
                "checked": result.checked,
                "ok": result.ok,
                "missing": [f._asdict() for f in result.missing],
                "modified": [f._asdict() for f in result.modified],
                "outside": [f._asdict() for f in result.refused],
                "unreferenced": result.unreferenced,
                "clean": result.clean,
            }
        )
    else:
        lines = [f"missing     {f.path}  (item {f.item}: {f.detail})" for f in result.missing]
        lines += [f"modified    {f.path}  (item {f.item}: {f.detail})" for f in result.modified]
        lines += [f"outside     {f.path}  (item {f.item}: {f.detail})" for f in result.refused]
        lines += [f"unreferenced {p}" for p in result.unreferenced]
        sys.stdout.write("".join(printable(line) + "\n" for line in lines))
        say(
            f"{opened.loaded.path}: {result.checked} evidence file(s) checked, {result.ok} intact, "
            f"{len(result.missing)} missing, {len(result.modified)} modified, "
            f"{len(result.unreferenced)} unreferenced, {len(result.refused)} not verifiable here\n"
        )
    return ExitCode.OK if result.clean else ExitCode.PROBLEMS


class ReportFormat(StrEnum):
    MD = "md"
    HTML = "html"
    JSON = "json"


@command("report")
def report_cmd(
    fmt: Annotated[
        ReportFormat, typer.Option("--format", metavar="md|html|json", help="Report format.")
    ] = ReportFormat.HTML,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="OUT", help="Write here instead of stdout.", dir_okay=False
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite OUT if it exists.")] = False,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir",
            metavar="DIR",
            help="Your own report.html.j2 / report.md.j2, used before the shipped ones.",
            file_okay=False,
        ),
    ] = None,
    file: FileOption = None,
    checklist_dir: ChecklistDirs = None,
) -> int:
    """Render the self-assessment report (自评报告) as Markdown, HTML or JSON."""
    from ipcheck.commands.assessment import open_assessment, report_text
    from ipcheck.store.writer import atomic_write

    check_output(output, force)
    opened = open_assessment(file, _dirs(checklist_dir))
    text = report_text(opened, fmt.value, output=output, template_dir=template_dir)
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write(output, text)
        say(f"wrote {output}\n")
    return ExitCode.OK


STEP_LABELS = {
    "renamed": "改名",
    "split": "拆分",
    "merged": "合并",
    "archived": "归档",
    "added": "新增",
}


@command("upgrade")
def upgrade_cmd(
    assessment: Annotated[
        Path | None,
        typer.Argument(
            metavar="[ASSESSMENT]",
            help="The assessment file (or -f; default: the only one here).",
            dir_okay=False,
        ),
    ] = None,
    to: Annotated[
        str, typer.Option("--to", metavar="VERSION", help="The newer checklist version.")
    ] = "",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show every change; write nothing.")
    ] = False,
    file: FileOption = None,
    by: ByOption = None,
    checklist_dir: ChecklistDirs = None,
) -> int:
    """Move an assessment to a newer checklist version without losing anything.

    States follow the version's mapping (renamed, split, merged, removed); items
    that leave go to the file's [archived] section; the old file is kept as
    <file>.<version>.bak. A downgrade, or a version without a mapping path, is refused.
    """
    from ipcheck.commands.assessment import open_assessment, upgrade_assessment

    if not to:
        raise InputError("give the version to move to: --to 1.1.0")
    if assessment is not None and file is not None and assessment != file:
        raise InputError("give the assessment once: as ASSESSMENT or as -f PATH")
    dirs = _dirs(checklist_dir)
    opened = open_assessment(assessment or file, dirs)
    result = upgrade_assessment(opened, to, dirs, dry_run=dry_run, by=by)
    from rich.table import Table

    from ipcheck.render.console import esc, stdout_console

    table = Table(
        title=f"{result.old_version} → {result.new_version}"
        + ("（预览，未写入）" if dry_run else "")
    )
    for name in ("变化", "原条目", "新条目", "说明"):
        table.add_column(name, overflow="fold")
    for step in result.steps:
        table.add_row(
            STEP_LABELS[step.action],
            esc("、".join(step.old)),
            esc("、".join(step.new)),
            esc(step.detail),
        )
    stdout_console().print(table)
    kept = len(opened.loaded.assessment.items)
    if dry_run:
        say(
            f"{opened.loaded.path}: dry run, {len(result.steps)} change(s) for {kept} items; nothing written\n"
        )
    else:
        say(
            f"{opened.loaded.path}: now {result.new_version}; {len(result.steps)} change(s); old file kept as {result.backup}\n"
        )
    return ExitCode.OK
