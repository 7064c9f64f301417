"""The typer app and what every command shares: options, the one error handler, the one
place anything is written to stdout or stderr."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec

import typer
import typer.core
import typer.exceptions
from typer import _click as click
from typer._click import exceptions as click_errors

from ipcheck import __version__
from ipcheck.errors import ExitCode, IpcheckError
from ipcheck.model.events import Events, Say
from ipcheck.text import i18n
from ipcheck.text.i18n import N_, _

if TYPE_CHECKING:
    from ipcheck.render.plain import Terminal

P = ParamSpec("P")


def width() -> int:
    """The terminal's width: COLUMNS, else the console's, else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError, AttributeError):  # not a terminal; no fileno in tests
        return 80


class Command(typer.core.TyperCommand):
    """A command whose help ipcheck writes, in the user's language."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from ipcheck.cli.help import help_text

        formatter.write(help_text(self, ctx, width()))


class Group(typer.core.TyperGroup):
    """The app: its help, and usage errors as one line in the user's language."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from ipcheck.cli.help import help_text

        formatter.write(help_text(self, ctx, width()))

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as error:
            sys.stdout.write(error.ctx.get_help() + "\n")
            code = ExitCode.USAGE
        except click_errors.ClickException as error:
            from ipcheck.cli.usage import explain

            say(explain(error, self._command_path(args)), "error")
            code = ExitCode.USAGE
        except typer.exceptions.Abort:
            say(_("interrupted"), "error")
            code = 130
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)

    def _command_path(self, args: list[str] | None) -> str:
        """`ipcheck status` for the arguments of a status command, else `ipcheck`."""
        given = sys.argv[1:] if args is None else list(args)
        first = next((a for a in given if not a.startswith("-")), None)
        name = self.name or "ipcheck"
        return f"{name} {first}" if first in self.commands else name


CONTEXT = {"help_option_names": ["-h", "--help"]}


def new_app(**settings: Any) -> typer.Typer:
    """An app as ipcheck runs one: its help, its one error path, no completion, no rich."""
    return typer.Typer(
        name="ipcheck",
        cls=Group,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings=CONTEXT,
        **settings,
    )


app = new_app(no_args_is_help=True)


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


ChecklistDirs = Annotated[
    list[Path] | None,
    typer.Option(
        "--checklist-dir",
        metavar=N_("DIR"),
        help=N_(
            "Another folder of <id>/<version>.toml checklists (repeatable; "
            "also IPCHECK_CHECKLIST_DIR)."
        ),
        file_okay=False,
    ),
]
FormatOption = Annotated[
    Format, typer.Option("--format", metavar="text|json", help=N_("Output for people or machines."))
]
NoCache = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help=N_(
            "Check every file afresh; results of unchanged files are otherwise kept "
            "in the platform's cache folder (or IPCHECK_CACHE_DIR)."
        ),
    ),
]
SkipOther = Annotated[
    bool,
    typer.Option(
        "--skip-other",
        help=N_("Skip named TOML files that are not ipcheck files (for pre-commit)."),
    ),
]
Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", metavar="N", min=1, help=N_("Processes to use (default: all cores).")
    ),
]


def parse_year(text: str) -> int:
    """--period as officers type it: 2025, 2025年, 2025年度."""
    from ipcheck.errors import InputError
    from ipcheck.text.input import year

    found = year(text)
    if found is None:
        raise InputError(_("--period {period}: give a year such as 2025").format(period=text))
    return found


def dirs(extra: list[Path] | None) -> list[tuple[Path, bool]]:
    """The checklist folders: shipped, IPCHECK_CHECKLIST_DIR, --checklist-dir."""
    from ipcheck.store.catalog import checklist_dirs

    return checklist_dirs(extra or [])


def jobs_or_all(jobs: int | None) -> int:
    from ipcheck.store.batch import default_jobs

    return jobs or default_jobs()


def terminal() -> Terminal:
    """The terminal stdout goes to: its width (COLUMNS, else the console's, else 80) and
    whether it shows colours (a terminal, and NO_COLOR not set)."""
    from ipcheck.render.plain import Terminal

    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    return Terminal(width(), color, encodable("░", sys.stdout))


def encodable(text: str, stream: object) -> bool:
    """Whether a stream's encoding can write the text (a GBK console cannot write ░)."""
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


_PREFIX = {"info": "", "warning": N_("ipcheck: warning: "), "error": N_("ipcheck: error: ")}


def say(message: str, level: str = "info") -> None:
    """The one place a line for people reaches stderr. Values from files are in it, so
    control characters (an escape sequence, a newline that would start a line of its
    own) are shown escaped."""
    from ipcheck.text.safety import printable

    prefix = _(_PREFIX[level]) if _PREFIX[level] else ""
    sys.stderr.write(printable(prefix + message.removesuffix("\n")) + "\n")


class ReaderGone(Exception):
    """What stdout goes to was closed by its reader (`ipcheck validate | head`)."""


# as a program killed by SIGPIPE ends, where a shell shows it: 128 + 13
EXIT_READER_GONE = 141


def _out(write: Callable[[], object]) -> None:
    try:
        write()
    except BrokenPipeError:
        raise ReaderGone from None


def _stop_writing() -> None:
    """Point stdout at nothing, so that the interpreter's last flush says nothing either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no descriptor (tests): nothing to flush
        pass


def play(events: Events) -> int:
    """Show what a command yields as it comes; return its exit code."""
    console = None
    while True:
        try:
            event = next(events)
        except StopIteration as stop:
            _out(sys.stdout.flush)
            return int(stop.value)
        if isinstance(event, Say):
            say(event.text, event.level)
            continue
        payload = event.payload
        if isinstance(payload, str):
            _out(functools.partial(sys.stdout.write, payload))
            continue
        import msgspec

        if isinstance(payload, msgspec.Struct):
            from ipcheck.render.json import json_text

            _out(functools.partial(sys.stdout.write, json_text(payload)))
            continue
        if console is None:
            from ipcheck.render.console import stdout_console

            console = stdout_console()
        _out(functools.partial(console.print, payload))


def command(*args: Any, **kwargs: Any) -> Callable[[Callable[P, Events]], Callable[P, None]]:
    """Register a command: what it yields is shown, its IpcheckErrors become one line
    on stderr and their exit code, and so do refusals by the operating system."""

    def decorate(func: Callable[P, Events]) -> Callable[P, None]:
        @functools.wraps(func)
        def run(*f_args: P.args, **f_kwargs: P.kwargs) -> None:
            with i18n.settled():
                _run(*f_args, **f_kwargs)

        def _run(*f_args: P.args, **f_kwargs: P.kwargs) -> None:
            try:
                code = play(func(*f_args, **f_kwargs))
            except ReaderGone:
                # the reader of what ipcheck prints has what it wanted (`| head`): stop
                # without a word, as the shell's own tools do
                _stop_writing()
                raise typer.Exit(EXIT_READER_GONE) from None
            except IpcheckError as exc:
                say(str(exc), "error")
                raise typer.Exit(exc.exit_code) from None
            except OSError as exc:
                # the disk or the system said no (permission, full disk): not a bug in ipcheck
                from ipcheck.text.oserrors import reason

                if exc.filename:
                    say(
                        _("{path}: {reason}").format(path=exc.filename, reason=reason(exc)), "error"
                    )
                else:
                    say(reason(exc), "error")
                raise typer.Exit(ExitCode.USAGE) from None
            raise typer.Exit(code)

        app.command(*args, cls=Command, **kwargs)(run)
        return run

    return decorate


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"ipcheck {__version__}\n")
        raise typer.Exit(0)


APP_HELP = N_(
    "Checklists and self-assessments of the work of protecting intellectual property, "
    "made from the policy documents that assign it.\n\n"
    "Exit codes: 0 success; 1 problems found; 2 usage error or unreadable input."
)


@app.callback(help=APP_HELP)
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help=N_("Print the version and exit.")
        ),
    ] = False,
) -> None:
    pass
