"""The command line of the local page: serve."""

from pathlib import Path
from typing import Annotated

import typer

from ipcheck.cli.assessment import ByOption, FileOption
from ipcheck.cli.base import command
from ipcheck.model.events import Events
from ipcheck.text.i18n import N_


@command(
    "serve",
    help=N_(
        "Work on the assessment in the browser: a local page on the same file, with the "
        "same rules and history as these commands.\n\n"
        "The page opens in the default browser (the link is printed too, and works once). "
        "It listens on 127.0.0.1 only, and stops with Quit on the page, Ctrl+C, or after "
        "the idle time. With --office DIR, the office's page on a folder of submissions: "
        "the summary and ranking, each file's seal and evidence, and the review. "
        "--launcher writes a .cmd beside the assessment that opens the page with a "
        "double-click on Windows. Exit codes: 0 stopped; 2 unreadable input."
    ),
)
def serve_cmd(
    file: FileOption = None,
    office: Annotated[
        Path | None,
        typer.Option(
            "--office",
            metavar=N_("DIR"),
            help=N_("The office's page on this folder of submissions."),
            file_okay=False,
        ),
    ] = None,
    keys: Annotated[
        Path | None,
        typer.Option(
            "--key",
            metavar=N_("FILE"),
            help=N_("With --office: the counties' public keys, each seal checked against them."),
            dir_okay=False,
        ),
    ] = None,
    browser: Annotated[
        bool,
        typer.Option("--browser/--no-browser", help=N_("Open the page in the default browser.")),
    ] = True,
    idle: Annotated[
        float,
        typer.Option("--idle", metavar=N_("MINUTES"), help=N_("Stop after this long unused.")),
    ] = 30,
    launcher: Annotated[
        bool,
        typer.Option(
            "--launcher", help=N_("Write a double-click launcher (.cmd) beside the assessment.")
        ),
    ] = False,
    by: ByOption = None,
) -> Events:
    from ipcheck.commands.serve import serve

    return serve(
        file, office, by=by, browser=browser, idle_minutes=idle, keys=keys, launcher=launcher
    )
