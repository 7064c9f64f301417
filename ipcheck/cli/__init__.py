"""The command line: parse arguments, call one core function, print, return a code.

Heavy modules (rich tables, jinja2) are imported inside the commands that
need them, so `ipcheck --version` and `ipcheck validate` start fast.
"""

from __future__ import annotations

import sys

import typer

from ipcheck.cli import assessment, audit, checklists
from ipcheck.cli.app import CONTEXT, Group, app, encodable

__all__ = ["app", "app_for", "assessment", "audit", "checklists", "main"]


def app_for(args: list[str]) -> typer.Typer:
    """The app to run for these arguments: only the command they name.

    typer builds every registered command before it parses anything (about
    1 ms a command); a run needs one. `ipcheck`, `ipcheck --help` and unknown
    commands get the whole app, so help and suggestions list everything.
    """
    names = {info.name for info in app.registered_commands}
    first = next((a for a in args if not a.startswith("-")), None)
    if first is None and args and all(a == "--version" for a in args):
        wanted: list[typer.models.CommandInfo] = []
    elif first is not None and first in names and args[0] == first:
        wanted = [info for info in app.registered_commands if info.name == first]
    else:
        return app
    small = typer.Typer(
        name=app.info.name,
        cls=Group,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings=CONTEXT,
    )
    small.registered_callback = app.registered_callback
    small.registered_commands = wanted
    return small


def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        # a console or file in a legacy encoding (GBK on a Chinese Windows) gets every
        # message, a character it cannot write replaced, never a traceback
        if hasattr(stream, "reconfigure") and not encodable("\u2591\u2713", stream):
            stream.reconfigure(errors="replace")
    app_for(sys.argv[1:])()
