"""The command line: parse arguments, call one core function, print, return a code.

Heavy modules (rich tables, jinja2) are imported inside the commands that
need them, so `ipcheck --version` and `ipcheck validate` start fast.
"""

from __future__ import annotations

from ipcheck.cli import assessment_commands, audit_commands, checklist_commands
from ipcheck.cli.app import app

__all__ = ["app", "assessment_commands", "audit_commands", "checklist_commands", "main"]


def main() -> None:
    app()
