"""`report`: the self-assessment report as md, html or json, to stdout or to a file."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ipcheck.core.report import EvidenceState, build_report_context
from ipcheck.errors import ExitCode, InputError
from ipcheck.model.events import Events, Out, Say
from ipcheck.model.loaded import LoadedAssessment
from ipcheck.model.review import Review
from ipcheck.rules.outputs import output_format
from ipcheck.rules.scope import ScopedItem
from ipcheck.rules.values import check_name
from ipcheck.store.assessment_file import open_assessment
from ipcheck.store.clock import now
from ipcheck.store.evidence import sha256_file
from ipcheck.store.evidence import verify as check_evidence
from ipcheck.store.writer import atomic_path, atomic_write, check_target
from ipcheck.text.i18n import _, ngettext

Dirs = Sequence[tuple[Path, bool]]


REPORT_FORMATS = ("md", "html", "json", "docx", "pdf", "xlsx")


def report(
    fmt: str | None,
    dirs: Dirs,
    *,
    output: Path | None,
    force: bool,
    template_dir: Path | None,
    file: Path | None,
    strict: bool = False,
    signer: str | None = None,
    with_review: bool = False,
) -> Events:
    """The self-assessment report as md, html or json: to stdout, or written to OUT; the
    自评表 alone as xlsx (to OUT).
    Every evidence file is checked while the report is made: one missing or changed is
    marked in the 佐证材料目录 and said (exit 1 with strict), as is a section of the report
    that is still a draft."""
    fmt = output_format(fmt, output, REPORT_FORMATS, "html")
    if fmt == "xlsx" and output is None:
        raise InputError(_("--format xlsx needs -o FILE.xlsx"))
    if fmt == "docx" and output is None:
        raise InputError(_("--format docx needs -o FILE.docx"))
    if fmt == "pdf" and output is None:
        raise InputError(_("--format pdf needs -o FILE.pdf"))
    check_target(output, force)
    opened = open_assessment(file, dirs)
    loaded = opened.loaded
    file_sha, _size = sha256_file(loaded.path)
    prefix = ""
    if output is not None:
        out_dir = os.path.normpath(output.absolute().parent)
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
        link_prefix=prefix,
        evidence_now=evidence_now,
        signer=check_name(signer, _("signer")) if signer is not None else None,
        review=_review_of(opened.loaded, file_sha, opened.scope) if with_review else None,
    )
    if fmt in ("xlsx", "docx"):
        from ipcheck.render.report_docx import write_report_docx
        from ipcheck.render.report_xlsx import write_report_xlsx

        assert output is not None
        with atomic_path(output) as tmp:
            (write_report_xlsx if fmt == "xlsx" else write_report_docx)(context, tmp)
        yield Say(_("wrote {path}").format(path=output))
        text = ""
    elif fmt == "pdf":
        from ipcheck.render.templates import render
        from ipcheck.store.browser import print_pdf

        assert output is not None
        page = render(context, "html", template_dir)
        with atomic_path(output) as pdf:
            # its links lead where the PDF goes, as the HTML report's would
            print_pdf(page, pdf, links_from=output.absolute().parent)
        yield Say(_("wrote {path}").format(path=output))
        text = ""
    elif fmt == "json":
        from ipcheck.render.json import json_text

        text = json_text(context)
    else:
        from ipcheck.render.templates import render

        text = render(context, fmt, template_dir)
    if output is None:
        yield Out(text)
    elif fmt not in ("xlsx", "docx", "pdf"):
        atomic_write(output, text)
        yield Say(_("wrote {path}").format(path=output))
    wrong = len({f.path for f in (*found.missing, *found.modified)})
    if wrong:
        yield Say(
            ngettext(
                "{count} evidence file is missing or not as recorded: marked in the "
                "佐证材料目录 (ipcheck verify says how to put it right)",
                "{count} evidence files are missing or not as recorded: marked in the "
                "佐证材料目录 (ipcheck verify says how to put them right)",
                wrong,
            ).format(count=wrong),
            "warning",
        )
    drafts = [s.title for s in context.sections.values() if s.draft] if fmt != "xlsx" else []
    if drafts:
        yield Say(
            ngettext(
                "{sections} is still a draft built from the assessment (【草稿】): write "
                "it in your own words before sending (ipcheck write {first})",
                "{sections} are still drafts built from the assessment (【草稿】): write "
                "them in your own words before sending (ipcheck write {first} …)",
                len(drafts),
            ).format(sections="、".join(drafts), first=drafts[0]),
            "warning",
        )
    return ExitCode.PROBLEMS if strict and (wrong or drafts) else ExitCode.OK


def _review_of(loaded: LoadedAssessment, file_sha: str, scope: list[ScopedItem]) -> Review:
    """The office's review beside the assessment, of the file as it is."""
    from ipcheck.store.review_file import checked_review

    return checked_review(loaded.path, loaded.assessment, scope, file_sha)
