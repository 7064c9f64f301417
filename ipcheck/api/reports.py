"""What an assessment says of itself for others: its report in every format, as a function
that returns data (the report's text or file, and what it holds). Its status is
api/progress.py; the check of its evidence and seal, api/checks.py."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ipcheck.core.report import EvidenceState, build_report_context
from ipcheck.errors import InputError
from ipcheck.model.assessment import PRACTICES_OF
from ipcheck.model.checklist import Scoring
from ipcheck.model.loaded import LoadedAssessment
from ipcheck.model.review import Review
from ipcheck.model.views.report import Report
from ipcheck.rules.outputs import output_format
from ipcheck.rules.scope import ScopedItem
from ipcheck.rules.values import check_name
from ipcheck.store.assessment_file import Opened
from ipcheck.store.clock import now
from ipcheck.store.evidence import sha256_file
from ipcheck.store.evidence import verify as check_evidence
from ipcheck.store.seal_file import seal_state
from ipcheck.store.writer import atomic_path, atomic_write, check_target
from ipcheck.text.i18n import _

Dirs = Sequence[tuple[Path, bool]]
REPORT_FORMATS = ("md", "html", "json", "docx", "pdf", "xlsx")


class Reported(NamedTuple):
    """A report made: its text (md, html, json; "" where it was written to a file), what it
    holds, and what the maker should be told."""

    text: str
    report: Report
    format: str
    evidence_problems: int  # evidence files missing or not as recorded (marked in it)
    drafts: list[str]  # sections still drafts built from the records (【草稿】)
    to_write: list[str]  # for each draft, what `ipcheck write` takes to write it


def report(
    opened: Opened,
    fmt: str | None = None,
    *,
    output: str | Path | None = None,
    force: bool = False,
    template_dir: str | Path | None = None,
    signer: str | None = None,
    with_review: bool = False,
) -> Reported:
    """The self-assessment report: md, html or json as text (or written to `output`), docx,
    pdf or xlsx written to `output`. The format is `fmt`, else what `output`'s name says,
    else html. Every evidence file is checked while the report is made; one missing or
    changed is marked in the 佐证材料目录. `with_review` adds the office's review."""
    out = Path(output) if output is not None else None
    fmt = report_format(fmt, out, force)
    opened = opened.fresh()
    loaded = opened.loaded
    file_sha, _size = sha256_file(loaded.path)
    prefix = ""
    if out is not None:
        out_dir = os.path.normpath(out.absolute().parent)
        prefix = Path(os.path.relpath(loaded.folder.absolute(), out_dir)).as_posix()
        prefix = "" if prefix == "." else prefix
    found = check_evidence(loaded)
    evidence_now = {(f.item, f.path): EvidenceState.MISSING for f in found.missing}
    evidence_now |= {(f.item, f.path): EvidenceState.CHANGED for f in found.modified}
    evidence_now |= {(f.item, f.path): EvidenceState.NOT_CHECKED for f in found.refused}
    context = build_report_context(
        loaded,
        opened.checklist,
        generated=now(),
        file_sha256=file_sha,
        seal_holds=seal_state(loaded, opened.checklist.checklist) != "seal-broken",
        link_prefix=prefix,
        evidence_now=evidence_now,
        signer=check_name(signer, _("signer")) if signer is not None else None,
        review=_review_of(loaded, file_sha, opened.scope, opened.checklist.checklist.scoring)
        if with_review
        else None,
    )
    text = _write(context, fmt, out, None if template_dir is None else Path(template_dir))
    wrong = len({f.path for f in (*found.missing, *found.modified)})
    sections = [s.title for s in context.sections.values() if s.draft]
    parts = [p for p in context.practices if p.draft]
    if fmt == "xlsx":
        sections, parts = [], []
    drafts = sections + [f"主要做法及成效{p.heading}" for p in parts]
    # a part's practices are written by its theme (主要做法及成效 --part 大保护)
    to_write = sections + [
        f"主要做法及成效 --part {p.key.removeprefix(PRACTICES_OF)}" for p in parts
    ]
    return Reported(text, context, fmt, wrong, drafts, to_write)


def report_format(fmt: str | None, output: Path | None, force: bool) -> str:
    """The report's format (asked for, else what OUT's name says, else html), refused where
    it needs a file and none is named, or OUT cannot be written."""
    fmt = output_format(fmt, output, REPORT_FORMATS, "html")
    if fmt == "xlsx" and output is None:
        raise InputError(_("--format xlsx needs -o FILE.xlsx"))
    if fmt == "docx" and output is None:
        raise InputError(_("--format docx needs -o FILE.docx"))
    if fmt == "pdf" and output is None:
        raise InputError(_("--format pdf needs -o FILE.pdf"))
    check_target(output, force)
    return fmt


def _write(context: Report, fmt: str, out: Path | None, template_dir: Path | None) -> str:
    """The report in its format: its text, or "" where it went to `out`."""
    if fmt in ("xlsx", "docx"):
        from ipcheck.render.report_docx import write_report_docx
        from ipcheck.render.report_xlsx import write_report_xlsx

        assert out is not None
        with atomic_path(out) as tmp:
            (write_report_xlsx if fmt == "xlsx" else write_report_docx)(context, tmp)
        return ""
    if fmt == "pdf":
        from ipcheck.render.templates import render
        from ipcheck.store.browser import print_pdf

        assert out is not None
        page = render(context, "html", template_dir)
        with atomic_path(out) as pdf:
            # its links lead where the PDF goes, as the HTML report's would
            print_pdf(page, pdf, links_from=out.absolute().parent)
        return ""
    if fmt == "json":
        from ipcheck.render.json import json_text

        text = json_text(context)
    else:
        from ipcheck.render.templates import render

        text = render(context, fmt, template_dir)
    if out is not None:
        atomic_write(out, text)
        return ""
    return text


def _review_of(
    loaded: LoadedAssessment, file_sha: str, scope: list[ScopedItem], scoring: Scoring
) -> Review:
    """The office's review beside the assessment, of the file as it is."""
    from ipcheck.store.review_file import checked_review

    return checked_review(loaded.path, loaded.assessment, scope, file_sha, scoring=scoring)
