"""`verify`: every evidence file present with its recorded SHA-256; nothing unreferenced;
and where the assessment is sealed, the seal (commands/seal.py)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipcheck.commands.events import Events, Out, Say
from ipcheck.commands.opening import open_assessment
from ipcheck.commands.seal import check_sealed, seal_path
from ipcheck.errors import ExitCode
from ipcheck.render.verify import (
    seal_lines,
    verify_hints,
    verify_lines,
    verify_summary,
    verify_view,
)
from ipcheck.store.evidence import verify as check_evidence

Dirs = Sequence[tuple[Path, bool]]


def verify(
    file: Path | None, dirs: Dirs, *, as_json: bool, allow_outside: bool, key: str | None = None
) -> Events:
    """Every evidence file present with its recorded SHA-256; nothing unreferenced; the
    seal, where there is one (or a key to check it with)."""
    opened = open_assessment(file, dirs)
    result = check_evidence(opened.loaded, allow_outside=allow_outside)
    sealed = check_sealed(opened.loaded, key)
    seal_file = seal_path(opened.loaded.path)
    if as_json:
        yield Out(verify_view(opened.loaded, result, sealed, seal_file))
    else:
        names = {s.item.id: s.name for s in opened.scope}
        lines = verify_lines(result, names) + seal_lines(sealed, seal_file)
        yield Out("".join(line + "\n" for line in lines))
        for hint in verify_hints(result):
            yield Say(hint)
        yield Say(verify_summary(opened.loaded, result))
    holds = sealed is None or not sealed.problems
    return ExitCode.OK if result.clean and holds else ExitCode.PROBLEMS
