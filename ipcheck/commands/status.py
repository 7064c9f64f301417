"""`status`: progress per part and measure, completion, score, and what needs attention."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipcheck.api import progress as api
from ipcheck.errors import ExitCode
from ipcheck.model.events import Events, Out
from ipcheck.render.plain import Terminal
from ipcheck.store.assessment_file import open_assessment

Dirs = Sequence[tuple[Path, bool]]


def status(file: Path | None, dirs: Dirs, *, as_json: bool, terminal: Terminal) -> Events:
    """Progress per part and measure, completion, score, and what needs attention."""
    opened = open_assessment(file, dirs)
    if as_json:
        yield Out(api.status(opened))
    else:
        result = api.progress_of(opened)
        from ipcheck.render.status import render_progress
        from ipcheck.store.evidence import glance

        # evidence gone or changed counted its points in silence here, while seal refused
        # and the office's verify found it (a trial): said, looked at, not read
        seen = glance(opened.loaded)
        yield Out(render_progress(opened.loaded, result, terminal, seen))
    return ExitCode.OK
