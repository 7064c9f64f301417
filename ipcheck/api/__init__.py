"""ipcheck's Python API: what the command line calls, for other programs and for tests.

    from ipcheck import api

    a = api.open_assessment("叶县-2025.toml")
    api.mark(a, ["1.1"], "已完成", evidence=["叶县-2025-佐证材料/案件台账.csv"], by="张三")
    print(api.status(a).total.score)

The names listed in `__all__` (and in docs/api.md) are the public API; everything else
in ipcheck is private and may change in any release. A public name keeps its meaning
and its arguments within a major version; new keyword arguments may be added. Every
refusal is an `ipcheck.errors.IpcheckError` whose message is the one line the command
line prints (in the interface's language).

Each name is imported when first used, so a command that needs one part of the API
does not pay for the others (ipcheck starts many times a day).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ipcheck.api.assessment import (
        KEEP,
        Created,
        Marked,
        Reattached,
        attach,
        attach_again,
        create_assessment,
        detach,
        mark,
        note,
        open_assessment,
    )
    from ipcheck.api.checks import Verified, verify
    from ipcheck.api.narrative import figure, setting, write
    from ipcheck.api.office import Begun, Decided, begin_review, decide, review
    from ipcheck.api.progress import status
    from ipcheck.api.reports import Reported, report
    from ipcheck.api.sealing import Sealed, new_key, seal, unseal
    from ipcheck.api.sheets import Exported, Imported, export_sheet, import_sheet
    from ipcheck.core.summary import Summary
    from ipcheck.model.problems import FileReport

__all__ = [
    "KEEP",
    "Begun",
    "Created",
    "Decided",
    "Exported",
    "Imported",
    "Marked",
    "Reattached",
    "Reported",
    "Sealed",
    "Verified",
    "attach",
    "attach_again",
    "begin_review",
    "create_assessment",
    "decide",
    "detach",
    "export_sheet",
    "figure",
    "import_sheet",
    "mark",
    "new_key",
    "note",
    "open_assessment",
    "report",
    "review",
    "seal",
    "setting",
    "status",
    "summarise",
    "unseal",
    "validate",
    "verify",
    "write",
]

_WHERE = {
    **dict.fromkeys(
        (
            "KEEP",
            "Created",
            "Marked",
            "Reattached",
            "attach",
            "attach_again",
            "create_assessment",
            "detach",
            "mark",
            "note",
            "open_assessment",
        ),
        "ipcheck.api.assessment",
    ),
    **dict.fromkeys(("Sealed", "new_key", "seal", "unseal"), "ipcheck.api.sealing"),
    **dict.fromkeys(("Exported", "Imported", "export_sheet", "import_sheet"), "ipcheck.api.sheets"),
    **dict.fromkeys(("figure", "setting", "write"), "ipcheck.api.narrative"),
    **dict.fromkeys(("Begun", "Decided", "begin_review", "decide", "review"), "ipcheck.api.office"),
    **dict.fromkeys(("Reported", "report"), "ipcheck.api.reports"),
    **dict.fromkeys(("Verified", "verify"), "ipcheck.api.checks"),
    "status": "ipcheck.api.progress",
}


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'ipcheck.api' has no attribute {name!r}")
    return getattr(importlib.import_module(where), name)


def summarise(
    paths: Sequence[str | Path],
    *,
    period: int | None = None,
    jobs: int = 1,
    cache: bool = False,
    checklist_dirs: Sequence[str | Path] = (),
) -> Summary:
    """The roll-up of the assessments under `paths` (files, folders, globs) for one year
    (`period`, else the latest found): the counties, then the units, ranked; who has not
    submitted; the files left out, with their reasons."""
    from ipcheck.api.assessment import dirs_of
    from ipcheck.api.summaries import summarise as summarise_files

    dirs = dirs_of(checklist_dirs)
    return summarise_files([str(p) for p in paths], dirs, jobs, cache=cache, period=period)


def validate(
    paths: Sequence[str | Path],
    *,
    jobs: int = 1,
    skip_other: bool = False,
    checklist_dirs: Sequence[str | Path] = (),
) -> list[FileReport]:
    """A report per checklist and assessment file under `paths`: its problems (errors and
    warnings, with their keys and lines), checked by the rules of its kind."""
    from ipcheck.api.assessment import dirs_of
    from ipcheck.api.validation import validate_paths

    reports, _skipped = validate_paths(
        [Path(p) for p in paths], dirs_of(checklist_dirs), jobs, skip_other
    )
    return reports
