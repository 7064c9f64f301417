"""The command line of the commands on one assessment: init, mark, note, attach, detach,
status, verify, report, upgrade — arguments only; the work is in ipcheck.commands."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ipcheck.cli.base import (
    ChecklistDirs,
    Format,
    FormatOption,
    command,
    dirs,
    parse_year,
    terminal,
)
from ipcheck.errors import InputError
from ipcheck.model.events import Events
from ipcheck.text.i18n import N_, _

FileOption = Annotated[
    Path | None,
    typer.Option(
        "-f",
        "--file",
        metavar=N_("PATH"),
        help=N_("The assessment file (default: the only one in this folder)."),
        dir_okay=False,
    ),
]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        metavar=N_("NAME"),
        help=N_("Who makes the change (default: $IPCHECK_USER, then git user.name)."),
    ),
]
AllowOutside = Annotated[
    bool,
    typer.Option("--allow-outside", help=N_("Accept evidence outside the assessment's folder.")),
]


@command("init", help=N_("Start an assessment for a county or a unit, with its evidence folder."))
def init_cmd(
    period: Annotated[
        str,
        typer.Option(
            "--period", metavar=N_("YEAR"), help=N_("The year assessed: 2025 (or 2025年).")
        ),
    ],
    county: Annotated[
        str | None,
        typer.Option("--county", metavar=N_("NAME"), help=N_("A county (县/市/区), e.g. 叶县.")),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", metavar=N_("UNIT"), help=N_("A municipal unit: registry id or Chinese name.")
        ),
    ] = None,
    checklist: Annotated[
        str | None,
        typer.Option(
            "--checklist",
            metavar=N_("ID[@VERSION]"),
            help=N_("Default: newest pingdingshan-2021-22."),
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar=N_("PATH"),
            help=N_("File or folder (default: <name>-<year>.toml here)."),
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=N_("Overwrite an existing file."))] = False,
    by: ByOption = None,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.assessment import init

    return init(
        checklist,
        dirs(checklist_dir),
        county=county,
        unit=unit,
        period=parse_year(period),
        output=output,
        force=force,
        by=by,
    )


@command("mark", help=N_("Set the status of items, with a note, a reason or evidence."))
def mark_cmd(
    args: Annotated[
        list[str],
        typer.Argument(
            metavar=N_("ITEM... STATUS"),
            help=N_(
                "Items: numbers such as 1.2 (several as 1.1,1.2 or 1.1、1.2), a whole "
                "measure such as 14, 十四 or 第十四条, or ids; then the status: "
                "未开始|推进中|已完成|不适用 (todo|in_progress|done|na; also 完成, 进行中, "
                "未启动, 无需开展)."
            ),
        ),
    ],
    note: Annotated[
        str | None, typer.Option("--note", metavar=N_("TEXT"), help=N_("Set the note (说明)."))
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option("--reason", metavar=N_("TEXT"), help=N_("Why 不适用 (required for na).")),
    ] = None,
    evidence: Annotated[
        list[Path] | None,
        typer.Option(
            "--evidence", metavar=N_("PATH"), help=N_("Attach an evidence file (repeatable).")
        ),
    ] = None,
    score: Annotated[
        str | None,
        typer.Option(
            "--score",
            metavar=N_("N"),
            help=N_(
                "A part score for items 推进中, where their scoring criteria allow one: "
                "0 to below their points, in half points (0.5, 1, 1.5)."
            ),
        ),
    ] = None,
    file: FileOption = None,
    by: ByOption = None,
    allow_outside: AllowOutside = False,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.assessment import mark

    return mark(
        args,
        dirs(checklist_dir),
        note=note,
        reason=reason,
        evidence=evidence or [],
        file=file,
        by=by,
        allow_outside=allow_outside,
        score=score,
    )


@command("note", help=N_("Set, change or clear the note (说明) of items."))
def note_cmd(
    args: Annotated[
        list[str], typer.Argument(metavar=N_("ITEM... [TEXT]"), help=N_("Items, then the note."))
    ],
    clear: Annotated[
        bool, typer.Option("--clear", help=N_("Remove the note instead of setting it."))
    ] = False,
    file: FileOption = None,
    by: ByOption = None,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.assessment import note

    return note(args, dirs(checklist_dir), clear=clear, file=file, by=by)


@command(
    "attach",
    help=N_(
        "Attach evidence files (佐证材料) to items without changing their status: items as "
        "every command takes them (1.2; 1.1 1.2 or 1.1、1.2; a whole measure), then the files; "
        "each item gets every file."
    ),
)
def attach_cmd(
    args: Annotated[
        list[str],
        typer.Argument(metavar=N_("ITEM... PATH..."), help=N_("Items, then evidence files.")),
    ],
    again: Annotated[
        bool,
        typer.Option(
            "--again",
            help=N_(
                "Files only: attach each again to every item that holds it, after the file "
                "changed (its new SHA-256 recorded on each)."
            ),
        ),
    ] = False,
    file: FileOption = None,
    by: ByOption = None,
    allow_outside: AllowOutside = False,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.assessment import attach, attach_again

    if again:
        return attach_again(args, dirs(checklist_dir), file=file, by=by)
    return attach(args, dirs(checklist_dir), file=file, by=by, allow_outside=allow_outside)


@command(
    "export",
    help=N_(
        "Write the 自评表 as a spreadsheet (xlsx) for a department to fill in without a "
        "terminal: every item, the items named, or those of the measures a unit leads or is "
        "responsible for (--unit). Bring it back with ipcheck import."
    ),
)
def export_cmd(
    items: Annotated[
        list[str] | None,
        typer.Argument(
            metavar=N_("[ITEM...]"),
            help=N_("Items or whole measures (default: every item)."),
            show_default=False,
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            metavar=N_("UNIT"),
            help=N_("The items of the measures this unit leads or is responsible for."),
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar=N_("OUT"),
            help=N_("The xlsx to write (default: 叶县-2025-自评表.xlsx here)."),
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=N_("Overwrite OUT if it exists."))] = False,
    file: FileOption = None,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.sheet import export

    return export(
        items or [], dirs(checklist_dir), file=file, output=output, unit=unit, force=force
    )


@command(
    "import",
    help=N_(
        "Bring a filled 自评表 back: each row the department changed since it went out "
        "becomes a change in its name (--by), as ipcheck mark makes it; rows it left alone "
        "change nothing, so several departments' sheets can be imported one after another. "
        "All or nothing: a sheet with a row that cannot be taken changes nothing."
    ),
)
def import_cmd(
    sheet: Annotated[
        Path,
        typer.Argument(metavar=N_("SHEET"), help=N_("The filled xlsx."), show_default=False),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Show every change; write nothing."))
    ] = False,
    file: FileOption = None,
    by: ByOption = None,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.sheet import import_sheet

    return import_sheet(sheet, dirs(checklist_dir), file=file, by=by, dry_run=dry_run)


@command("detach", help=N_("Remove evidence entries from an item (the files themselves stay)."))
def detach_cmd(
    args: Annotated[
        list[str],
        typer.Argument(
            metavar=N_("ITEM PATH..."),
            help=N_("The item, then evidence paths as recorded in the file."),
        ),
    ],
    file: FileOption = None,
    by: ByOption = None,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.assessment import detach

    return detach(args, dirs(checklist_dir), file=file, by=by)


@command(
    "write",
    help=N_(
        "Write a section of the report in your own words.\n\n"
        "SECTION is 基本情况, 主要做法及成效, 存在问题 or 下一步打算. "
        "From a text file (UTF-8, UTF-16 or GBK as Notepad saves it, or a Word .docx: "
        "its paragraphs, not its tables or pictures), from what is piped in, or, with "
        "neither, in your editor ($VISUAL or $EDITOR; Notepad on Windows; nano or vim "
        "elsewhere). The report prints it instead of "
        "the draft it would build; the history records the change. 主要做法及成效 "
        "may also be written per part (--part 严保护) or per measure (--measure 十四)."
    ),
)
def write_cmd(
    section: Annotated[
        str,
        typer.Argument(metavar=N_("SECTION"), help=N_("The section: 基本情况 …")),
    ],
    source: Annotated[
        Path | None,
        typer.Argument(
            metavar=N_("[TEXTFILE]"),
            help=N_("The text (default: open your editor)."),
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    part: Annotated[
        str | None,
        typer.Option(
            "--part",
            metavar=N_("PART"),
            help=N_("主要做法及成效 of one part, by its numeral or theme: 二 or 严保护."),
            show_default=False,
        ),
    ] = None,
    measure: Annotated[
        str | None,
        typer.Option(
            "--measure",
            metavar=N_("MEASURE"),
            help=N_(
                "主要做法及成效 of one measure, by its numeral or title: 十四 or 强化组织领导."
            ),
            show_default=False,
        ),
    ] = None,
    clear: Annotated[
        bool, typer.Option("--clear", help=N_("Remove the section (the report drafts it again)."))
    ] = False,
    file: FileOption = None,
    by: ByOption = None,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.narrative import write

    return write(
        section,
        source,
        dirs(checklist_dir),
        part=part,
        measure=measure,
        clear=clear,
        file=file,
        by=by,
        # what is piped in (no stdin at all under a Windows GUI launcher)
        stdin=None if sys.stdin is None or sys.stdin.isatty() else sys.stdin.buffer,
    )


@command(
    "figure", help=N_("Set a key figure (数据指标) the report lists, with its unit; or remove it.")
)
def figure_cmd(
    name: Annotated[
        str, typer.Argument(metavar=N_("NAME"), help=N_("What is counted: 知识产权案件办结数."))
    ],
    value: Annotated[
        str | None,
        typer.Argument(metavar=N_("[VALUE]"), help=N_("The figure: 12."), show_default=False),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Argument(metavar=N_("[UNIT]"), help=N_("Its unit: 件."), show_default=False),
    ] = None,
    remove: Annotated[bool, typer.Option("--remove", help=N_("Remove the figure."))] = False,
    file: FileOption = None,
    by: ByOption = None,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.narrative import figure

    return figure(name, value, unit, dirs(checklist_dir), remove=remove, file=file, by=by)


@command(
    "setting",
    help=N_(
        "Set how the report is issued, once for every format: 落款 (the issuing body; "
        "default 叶县人民政府, a 功能区's 管委会, a unit's name), 标题 (the title; 关于 for "
        "the 关于…的报告 form), 主送机关 (default: the checklist's), 成文日期 (default: "
        "the day the file is sealed). With no value, show them."
    ),
)
def setting_cmd(
    key: Annotated[
        str, typer.Argument(metavar=N_("SETTING"), help=N_("落款, 标题, 成文日期 or 主送机关."))
    ] = "落款",
    value: Annotated[
        str | None,
        typer.Argument(metavar=N_("[VALUE]"), help=N_("Its value."), show_default=False),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help=N_("Go back to the default."))] = False,
    file: FileOption = None,
    by: ByOption = None,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.narrative import setting

    return setting(key, value, dirs(checklist_dir), clear=clear, file=file, by=by)


@command(
    "status", help=N_("Progress per part and measure, completion, score, and what needs attention.")
)
def status_cmd(
    file: FileOption = None,
    fmt: FormatOption = Format.TEXT,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.status import status

    return status(file, dirs(checklist_dir), as_json=fmt is Format.JSON, terminal=terminal())


@command(
    "verify",
    help=N_(
        "Check every evidence file exists with its recorded SHA-256; list "
        "unreferenced files.\n\n"
        "Evidence outside the assessment's folder (or reached through a link) "
        "is listed as not verifiable unless you pass --allow-outside. Where the "
        "assessment is sealed, the seal is checked too: every byte of the file and of "
        "each evidence file as submitted, and, with --key, who signed it. Exit "
        "codes: 0 all evidence intact (and the seal holds); 1 something missing, "
        "modified, unreferenced or not verifiable here, or the seal does not hold."
    ),
)
def verify_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar=N_("[PATH]..."),
            help=N_(
                "Check every assessment in these files and folders (CI, pre-commit) "
                "instead of one (-f, or the one in this folder)."
            ),
            show_default=False,
        ),
    ] = None,
    file: FileOption = None,
    fmt: FormatOption = Format.TEXT,
    key: Annotated[
        str | None,
        typer.Option(
            "--key",
            metavar=N_("KEY"),
            help=N_(
                "Check the seal against this public key: the county's line "
                "(ipcheck-ed25519 …) or a file of such lines."
            ),
        ),
    ] = None,
    allow_outside: Annotated[
        bool,
        typer.Option(
            "--allow-outside",
            help=N_(
                "Also check evidence outside the assessment's folder (the file alone "
                "never makes ipcheck read there)."
            ),
        ),
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            metavar=N_("REPORT"),
            help=N_(
                "Check a received report (docx, html, md or pdf) against the sealed file: "
                "the points and score of every row of its self-assessment table, the totals, "
                "the score it states, the file's SHA-256 and chain head, and a reviewed score "
                "it states against this office's review (of a pdf, all but the table: a PDF "
                "keeps none); the file itself is checked as verify checks it (with --key, who "
                "sealed it)."
            ),
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.verify import verify

    return verify(
        file,
        dirs(checklist_dir),
        as_json=fmt is Format.JSON,
        allow_outside=allow_outside,
        key=key,
        paths=paths or (),
        report=report,
    )


KeyFile = Annotated[
    Path | None,
    typer.Option(
        "--key",
        metavar=N_("PATH"),
        help=N_(
            "The private key file (default: signing-key.pem in your config folder, or "
            "IPCHECK_CONFIG_DIR); an OpenSSH Ed25519 key works too."
        ),
        dir_okay=False,
    ),
]


@command(
    "seal",
    help=N_(
        "Seal the assessment as submitted (报送): sign its file and every evidence file "
        "with your key, and refuse further changes until it is unsealed.\n\n"
        "Writes <file>.seal beside the assessment; the office checks it with "
        "ipcheck verify --key. A file with errors, or with evidence missing or changed, "
        "is not sealed."
    ),
)
def seal_cmd(
    file: FileOption = None,
    key: KeyFile = None,
    by: ByOption = None,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.seal import seal

    return seal(file, dirs(checklist_dir), key=key, by=by)


@command(
    "unseal",
    help=N_(
        "Lift the seal on purpose, to change a submitted assessment; the reason goes in "
        "its history. Seal it again before submitting it again."
    ),
)
def unseal_cmd(
    reason: Annotated[
        str | None,
        typer.Option("--reason", metavar=N_("TEXT"), help=N_("Why the seal is lifted.")),
    ] = None,
    file: FileOption = None,
    by: ByOption = None,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.seal import unseal

    return unseal(file, dirs(checklist_dir), reason=reason, by=by)


@command(
    "key",
    help=N_(
        "Print your public key line (to give the office that checks your seals); "
        "--new creates your signing key first."
    ),
)
def key_cmd(
    new: Annotated[bool, typer.Option("--new", help=N_("Create the signing key."))] = False,
    force: Annotated[
        bool, typer.Option("--force", help=N_("With --new: replace an existing key."))
    ] = False,
    key: KeyFile = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            metavar=N_("NAME"),
            help=N_("Who the key is, written after it (default: as --by)."),
        ),
    ] = None,
) -> Events:
    from ipcheck.commands.seal import key_new, key_show

    return key_new(key, name, force) if new else key_show(key, name)


class ReportFormat(StrEnum):
    MD = "md"
    HTML = "html"
    JSON = "json"
    DOCX = "docx"
    PDF = "pdf"
    XLSX = "xlsx"


@command(
    "report",
    help=N_(
        "Render the self-assessment report (自评报告) as a Word file or a PDF (公文 "
        "layout), HTML, Markdown or JSON, or its 自评表 as an Excel file.\n\n"
        "The format is the one -o names (叶县-2025-自评报告.docx) unless --format says "
        "it; sections still drafts (【草稿】) are said, as are evidence files missing "
        "or changed."
    ),
)
def report_cmd(
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            metavar="md|html|json|docx|pdf|xlsx",
            help=N_(
                "Report format (default: what -o's name ends in, else html); docx is the "
                "Word file a county sends (needs -o); pdf is the HTML printed by your "
                "Chromium, Chrome or Edge (needs -o); xlsx is the 自评表 alone, for Excel "
                "(needs -o)."
            ),
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar=N_("OUT"),
            help=N_(
                "Write here instead of stdout (on a terminal, without -o: "
                "<assessee>-<year>-自评报告.<format> beside the assessment)."
            ),
            dir_okay=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=N_("Overwrite OUT if it exists."))] = False,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir",
            metavar=N_("DIR"),
            help=N_("Your own report.html.j2 / report.md.j2, used before the shipped ones."),
            file_okay=False,
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help=N_(
                "Exit 1 when an evidence file is missing or changed (it is marked "
                "anyway), or a section is still a draft."
            ),
        ),
    ] = False,
    with_review: Annotated[
        bool,
        typer.Option(
            "--review",
            help=N_(
                "Carry the office's review (复核) beside the assessment: its score and a "
                "复核 column in the 自评表."
            ),
        ),
    ] = False,
    signer: Annotated[
        str | None,
        typer.Option(
            "--signer",
            metavar=N_("NAME"),
            help=N_("Who signs the report (落款), e.g. 叶县人民政府 (default: the assessee)."),
            show_default=False,
        ),
    ] = None,
    file: FileOption = None,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.report import report

    return report(
        None if fmt is None else fmt.value,
        dirs(checklist_dir),
        output=output,
        force=force,
        template_dir=template_dir,
        file=file,
        strict=strict,
        signer=signer,
        with_review=with_review,
        to_terminal=sys.stdout.isatty(),
    )


@command(
    "upgrade",
    help=N_(
        "Move an assessment to a newer checklist version without losing "
        "anything.\n\n"
        "States follow the version's mapping (renamed, split, merged, removed); "
        "items that leave go to the file's [archived] section; the old file is "
        "kept as <file>.<version>.bak. A downgrade, or a version without a "
        "mapping path, is refused."
    ),
)
def upgrade_cmd(
    assessment: Annotated[
        Path | None,
        typer.Argument(
            metavar=N_("[ASSESSMENT]"),
            help=N_("The assessment file (or -f; default: the only one here)."),
            dir_okay=False,
        ),
    ] = None,
    to: Annotated[
        str, typer.Option("--to", metavar=N_("VERSION"), help=N_("The newer checklist version."))
    ] = "",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Show every change; write nothing."))
    ] = False,
    file: FileOption = None,
    by: ByOption = None,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.upgrade import upgrade

    if assessment is not None and file is not None and assessment != file:
        raise InputError(_("give the assessment once: as ASSESSMENT or as -f PATH"))
    return upgrade(assessment or file, to, dirs(checklist_dir), dry_run=dry_run, by=by)
