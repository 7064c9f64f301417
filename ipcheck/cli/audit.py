"""The command line of the commands for auditors and offices: diff, textconv, summary, review."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ipcheck.cli.assessment import ByOption, FileOption
from ipcheck.cli.base import (
    ChecklistDirs,
    Format,
    FormatOption,
    Jobs,
    NoCache,
    command,
    dirs,
    jobs_or_all,
    parse_year,
)
from ipcheck.errors import InputError
from ipcheck.model.events import Events
from ipcheck.text.i18n import N_, _


class DiffFormat(StrEnum):
    TEXT = "text"
    MD = "md"
    JSON = "json"


class FailOn(StrEnum):
    ANY = "any"
    REGRESSION = "regression"


@command(
    "diff",
    help=N_(
        "Compare two states of one assessment, or two checklist versions.\n\n"
        "Status changes are classed: improvement, regression (已完成 → anything "
        "else, or backwards), scope (to or from 不适用, with its reason). NEW's "
        "history must begin with OLD's: anything else is a history rewritten, and "
        "an item deleted from the file (条目被删除) is a regression too. With "
        "--format md, an audit memo to file. Exit "
        "codes: 0 (also when different, unless asked); 1 with --exit-code on "
        "any difference, or with --fail-on regression on a regression or a history "
        "rewritten; 2 unreadable input or two assessees."
    ),
)
def diff_cmd(
    old: Annotated[
        str,
        typer.Argument(metavar=N_("OLD"), help=N_("File, git REV:path, or checklist id@version.")),
    ],
    new: Annotated[
        str,
        typer.Argument(metavar=N_("NEW"), help=N_("File, git REV:path, or checklist id@version.")),
    ],
    fmt: Annotated[
        DiffFormat,
        typer.Option(
            "--format", metavar="text|md|json", help=N_("For people, an audit memo, or machines.")
        ),
    ] = DiffFormat.TEXT,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help=N_("Exit 1 when there is any difference."))
    ] = False,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            metavar="regression|any",
            help=N_("Exit 1 only on a regression (or on any change)."),
        ),
    ] = None,
    year_on_year: Annotated[
        bool,
        typer.Option(
            "--year-on-year",
            help=N_("Compare one assessee's two years (郏县 2024 against 郏县 2025)."),
        ),
    ] = False,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.audit import diff

    return diff(
        old,
        new,
        dirs(checklist_dir),
        fmt=fmt.value,
        exit_code=exit_code,
        fail_on=None if fail_on is None else fail_on.value,
        year_on_year=year_on_year,
    )


@command(
    "textconv",
    help=N_("Print an assessment as stable lines, one fact each, for git diff (textconv)."),
)
def textconv_cmd(
    path: Annotated[
        str, typer.Argument(metavar=N_("FILE"), help=N_("An assessment file (git passes it)."))
    ],
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.audit import textconv

    return textconv(path, dirs(checklist_dir))


class SummaryFormat(StrEnum):
    TEXT = "text"
    MD = "md"
    HTML = "html"
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


@command(
    "summary",
    help=N_(
        "Roll up many assessments: assessees × measures, ranked; laggards; lead "
        "units' view.\n\n"
        "Exit codes: 0 every file summarised; 1 some files could not be (they "
        "are listed with their reasons; the rest are summarised); 2 none could, "
        "or usage error."
    ),
)
def summary_cmd(
    paths: Annotated[
        list[str],
        typer.Argument(metavar=N_("PATH..."), help=N_("Assessment files, folders or globs.")),
    ],
    fmt: Annotated[
        SummaryFormat | None,
        typer.Option(
            "--format",
            metavar="text|md|html|csv|xlsx|json",
            help=N_("Output format (default: what -o's name ends in, else text)."),
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar=N_("OUT"),
            help=N_("Write here (required for xlsx)."),
            dir_okay=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=N_("Overwrite OUT if it exists."))] = False,
    lag_below: Annotated[
        float,
        typer.Option(
            "--lag-below",
            metavar=N_("SHARE"),
            min=0.0,
            max=1.0,
            help=N_("A measure lags below this completion."),
        ),
    ] = 0.6,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            metavar=N_("YEAR"),
            help=N_(
                "The year to roll up (default: the latest a sealed file is of; a draft "
                "begun for next year does not choose it)."
            ),
            show_default=False,
        ),
    ] = None,
    include_flagged: Annotated[
        bool,
        typer.Option(
            "--include-flagged",
            help=N_(
                "Rank files changed after they were sealed, or whose history does not account "
                "for their state, with their flag shown (by default they are left out, "
                "listed with why)."
            ),
        ),
    ] = False,
    office_key: Annotated[
        str | None,
        typer.Option(
            "--office-key",
            metavar=N_("KEY"),
            help=N_(
                "The office's public key (its ipcheck-ed25519 line, or a file holding it): "
                "reviews it signed count, on a machine without the office's private key."
            ),
            show_default=False,
        ),
    ] = None,
    table: Annotated[
        str | None,
        typer.Option(
            "--table",
            metavar="matrix|na-requests|years",
            help=N_(
                "With --format csv: the table the file holds: the matrix (default), the "
                "核减 requests, or the year-on-year table (also named as the xlsx's sheets)."
            ),
            show_default=False,
        ),
    ] = None,
    key: Annotated[
        str | None,
        typer.Option(
            "--key",
            metavar=N_("KEY"),
            help=N_(
                "The counties' and units' public keys (ipcheck-ed25519 lines, or a file of "
                "them, as verify --key takes them): each file's seal is checked against "
                "them as verify checks it, and a file not sealed, or whose seal fails, is not "
                "ranked."
            ),
            show_default=False,
        ),
    ] = None,
    jobs: Jobs = None,
    no_cache: NoCache = False,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.summary import summary
    from ipcheck.render.console import stdout_console

    with _progress() as advance:
        code = yield from summary(
            paths,
            dirs(checklist_dir),
            fmt=None if fmt is None else fmt.value,
            output=output,
            force=force,
            lag_below=lag_below,
            jobs=jobs_or_all(jobs),
            cache=not no_cache,
            width=stdout_console().width,
            on_progress=advance,
            period=None if period is None else parse_year(period),
            include_flagged=include_flagged,
            office_key=office_key,
            keys=key,
            table=table,
        )
    return code


@contextmanager
def _progress() -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for long runs; silent when stderr is not a terminal."""
    from ipcheck.render.console import stderr_console

    console = stderr_console()
    if not console.is_terminal:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn(_("summarising")),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("summary", total=None)
        yield lambda n: bar.advance(task, n)


@command(
    "review",
    help=N_(
        "The office's review (复核) of an assessment: show it, the self-assessed and "
        "the reviewed score side by side; --new begins it.\n\n"
        "The review is its own file beside the assessment (叶县-2025.review), never an "
        "edit of the county's file, and pins the file's SHA-256: once the file changes, "
        "its review is refused with the reason. After a resubmission, --new begins a new "
        "review that carries over the decisions on items that did not change and asks "
        "again about the rest; the old review is kept as a backup."
    ),
)
def review_cmd(
    new: Annotated[bool, typer.Option("--new", help=N_("Begin the review."))] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help=N_(
                "With --new: begin it again, afresh (nothing carried over); the review "
                "replaced is kept as a backup."
            ),
        ),
    ] = False,
    reviewer: Annotated[
        str | None,
        typer.Option(
            "--reviewer",
            metavar=N_("NAME"),
            help=N_("The office that reviews, e.g. 市考核办 (default: $IPCHECK_USER)."),
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = Format.TEXT,
    file: FileOption = None,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.review import review

    return review(
        file,
        dirs(checklist_dir),
        new=new,
        force=force,
        reviewer=reviewer,
        as_json=fmt is Format.JSON,
    )


@command(
    "decide",
    help=N_(
        "Record the office's decision on items in the assessment's review: 认可 "
        "(accept), 不认可 (reject), 扣分 (deduct, with --score), and for a 不适用 "
        "同意核减 (approve) or 不同意核减 (deny). Every decision but 认可 and 同意核减 "
        "needs --reason."
    ),
)
def decide_cmd(
    items: Annotated[
        list[str],
        typer.Argument(metavar=N_("ITEM... DECISION"), help=N_("Items, then the decision.")),
    ],
    score: Annotated[
        str | None,
        typer.Option(
            "--score",
            metavar=N_("POINTS"),
            help=N_("With 扣分: the points the item earns, in half points (1, 1.5)."),
            show_default=False,
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option("--reason", metavar=N_("TEXT"), help=N_("Why."), show_default=False),
    ] = None,
    waive_evidence: Annotated[
        bool,
        typer.Option(
            "--waive-evidence",
            help=N_(
                "With 认可 on an item whose points wait for evidence: waive 无佐证材料不得分 "
                "for it (with --reason); the review lists every waiver."
            ),
        ),
    ] = False,
    file: FileOption = None,
    by: ByOption = None,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.review import decide

    if len(items) < 2:
        raise InputError(_("give the items, then the decision: ipcheck decide 1.1 认可"))
    return decide(
        items[:-1],
        items[-1],
        dirs(checklist_dir),
        score=score,
        reason=reason,
        file=file,
        by=by,
        waive_evidence=waive_evidence,
    )
