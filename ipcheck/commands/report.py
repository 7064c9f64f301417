"""`report`: the self-assessment report as md, html or json, to stdout or to a file."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ipcheck.commands.events import Events, Out, Say
from ipcheck.commands.opening import open_assessment
from ipcheck.core.report import build_report_context
from ipcheck.errors import ExitCode
from ipcheck.store.clock import now
from ipcheck.store.evidence import sha256_file
from ipcheck.store.writer import atomic_write, check_target
from ipcheck.text.i18n import _

Dirs = Sequence[tuple[Path, bool]]


def report(
    fmt: str,
    dirs: Dirs,
    *,
    output: Path | None,
    force: bool,
    template_dir: Path | None,
    file: Path | None,
) -> Events:
    """The self-assessment report as md, html or json: to stdout, or written to OUT."""
    check_target(output, force)
    opened = open_assessment(file, dirs)
    loaded = opened.loaded
    file_sha, _size = sha256_file(loaded.path)
    prefix = ""
    if output is not None:
        out_dir = os.path.normpath(output.absolute().parent)
        prefix = Path(os.path.relpath(loaded.folder.absolute(), out_dir)).as_posix()
        prefix = "" if prefix == "." else prefix
    context = build_report_context(
        loaded, opened.checklist, generated=now(), file_sha256=file_sha, link_prefix=prefix
    )
    if fmt == "json":
        from ipcheck.render.json import json_text

        text = json_text(context)
    else:
        from ipcheck.render.templates import render

        text = render(context, fmt, template_dir)
    if output is None:
        yield Out(text)
    else:
        atomic_write(output, text)
        yield Say(_("wrote {path}").format(path=output))
    return ExitCode.OK
