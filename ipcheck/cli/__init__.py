"""The command line: parse arguments, call one core function, print, return a code.

A run imports only the module that declares the command it names (COMMANDS), and
heavy modules (rich tables, jinja2) only inside the commands that need them, so
`ipcheck --version`, `ipcheck status` and `ipcheck validate` start fast. `app` is
the whole app, every module imported: for help, the tests and the docs.
"""

from __future__ import annotations

import importlib
import sys

import typer

from ipcheck.cli import base
from ipcheck.cli.base import encodable

__all__ = ["COMMANDS", "app", "app_for", "main"]

# Where each command is declared (held to the modules by tests/cli/test_startup.py);
# the order of the modules is the order of the commands in help.
MODULES = ("assessment", "audit", "checklists", "serving")
COMMANDS = {
    **dict.fromkeys(
        (
            "init", "mark", "note", "attach", "detach", "export", "import", "write", "figure",
            "setting", "status", "verify", "seal", "unseal", "key", "report", "upgrade",
        ),
        "assessment",
    ),
    **dict.fromkeys(("diff", "textconv", "summary", "review", "decide"), "audit"),
    **dict.fromkeys(
        ("checklists", "show", "validate", "schema", "fmt", "extract"), "checklists"
    ),
    "serve": "serving",
}  # fmt: skip


def _declare(*modules: str) -> None:
    for module in modules:
        importlib.import_module(f"ipcheck.cli.{module}")


def _whole_app() -> typer.Typer:
    """Every command declared, listed in the table's order (whichever module came first)."""
    _declare(*MODULES)
    order = list(COMMANDS)
    base.app.registered_commands.sort(key=lambda info: order.index(info.name or ""))
    return base.app


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        return _whole_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def app_for(args: list[str]) -> typer.Typer:
    """The app to run for these arguments: only the command they name.

    typer builds every registered command before it parses anything (about
    1 ms a command); a run needs one, declared in one module. `ipcheck`,
    `ipcheck --help` and unknown commands get the whole app, so help and
    suggestions list everything.
    """
    first = next((a for a in args if not a.startswith("-")), None)
    if first is None and args and all(a == "--version" for a in args):
        wanted: list[typer.models.CommandInfo] = []
    elif first is not None and first in COMMANDS and args[0] == first:
        _declare(COMMANDS[first])
        wanted = [info for info in base.app.registered_commands if info.name == first]
    else:
        return _whole_app()
    small = base.new_app()
    small.registered_callback = base.app.registered_callback
    small.registered_commands = wanted
    return small


def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        # a console or file in a legacy encoding (GBK on a Chinese Windows) gets every
        # message, a character it cannot write replaced, never a traceback
        if hasattr(stream, "reconfigure") and not encodable("\u2591\u2713", stream):
            stream.reconfigure(errors="replace")
    app_for(sys.argv[1:])()
