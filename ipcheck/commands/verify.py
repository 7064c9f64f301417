"""`verify`: every evidence file present with its recorded SHA-256; nothing unreferenced."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipcheck.commands.events import Events, Out, Say
from ipcheck.commands.opening import open_assessment
from ipcheck.errors import ExitCode
from ipcheck.render.verify import verify_lines, verify_summary, verify_view
from ipcheck.store.evidence import verify as check_evidence

Dirs = Sequence[tuple[Path, bool]]


def verify(file: Path | None, dirs: Dirs, *, as_json: bool, allow_outside: bool) -> Events:
    """Every evidence file present with its recorded SHA-256; nothing unreferenced."""
    opened = open_assessment(file, dirs)
    result = check_evidence(opened.loaded, allow_outside=allow_outside)
    if as_json:
        yield Out(verify_view(opened.loaded, result))
    else:
        names = {s.item.id: s.name for s in opened.scope}
        yield Out("".join(line + "\n" for line in verify_lines(result, names)))
        yield Say(verify_summary(opened.loaded, result))
    return ExitCode.OK if result.clean else ExitCode.PROBLEMS
