"""`report`: the self-assessment report in every format, to stdout or to a file — one call
to the Python API (api/reports.py), then what to say of it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipcheck.api import reports as api
from ipcheck.errors import ExitCode
from ipcheck.model.events import Events, Out, Say
from ipcheck.store.assessment_file import open_assessment
from ipcheck.text.i18n import _, ngettext

Dirs = Sequence[tuple[Path, bool]]
REPORT_FORMATS = api.REPORT_FORMATS


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
    to_terminal: bool = False,
) -> Events:
    """The self-assessment report as md, html or json: to stdout, or written to OUT; the
    自评表 alone as xlsx (to OUT).
    Every evidence file is checked while the report is made: one missing or changed is
    marked in the 佐证材料目录 and said (exit 1 with strict), as is a section of the report
    that is still a draft."""
    opened = None
    if output is None and to_terminal and (fmt or "html") != "json":
        # a document is not for a terminal: it goes to the file the README names
        opened = open_assessment(file, dirs)
        a = opened.loaded.assessment
        suffix = fmt or "html"
        output = opened.loaded.folder / f"{a.assessee.name}-{a.period}-自评报告.{suffix}"
    fmt = api.report_format(fmt, output, force)  # said before the assessment is looked for
    opened = opened or open_assessment(file, dirs)
    made = api.report(
        opened,
        fmt,
        output=output,
        force=force,
        template_dir=template_dir,
        signer=signer,
        with_review=with_review,
    )
    if output is None:
        yield Out(made.text)
    else:
        yield Say(_("wrote {path}").format(path=output))
    if made.evidence_problems:
        yield Say(
            ngettext(
                "{count} evidence file is missing or not as recorded: marked in the "
                "佐证材料目录 (ipcheck verify says how to put it right)",
                "{count} evidence files are missing or not as recorded: marked in the "
                "佐证材料目录 (ipcheck verify says how to put them right)",
                made.evidence_problems,
            ).format(count=made.evidence_problems),
            "warning",
        )
    if not made.report.file.sealed and fmt != "json":
        yield Say(
            _(
                "the assessment is not sealed: the report says so on its face; seal it "
                "(ipcheck seal), then make the report you send"
            ),
            "warning",
        )
    listed = opened.checklist.checklist.submission
    if made.report.addressee is None and listed is not None and fmt != "json":
        yield Say(
            _(
                "the report names no 主送机关: the checklist's, {addressee}, is the assessee "
                "itself; set whom it goes to (ipcheck setting 主送机关 …)"
            ).format(addressee=listed.addressee),
            "warning",
        )
    if made.drafts:
        yield Say(
            ngettext(
                "{sections} is still a draft built from the assessment (【草稿】): write "
                "it in your own words before sending (ipcheck write {first})",
                "{sections} are still drafts built from the assessment (【草稿】): write "
                "them in your own words before sending (ipcheck write {first} …)",
                len(made.drafts),
            ).format(sections="、".join(made.drafts), first=made.to_write[0]),
            "warning",
        )
    problems = made.evidence_problems or made.drafts
    return ExitCode.PROBLEMS if strict and problems else ExitCode.OK
