"""The check of an assessment as received: every evidence file as recorded, and its seal
intact and signed by a key trusted for the assessee — what `verify` does, as a function
that returns what it found."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ipcheck.store.assessment_file import Opened
from ipcheck.store.catalog import newest
from ipcheck.store.evidence import VerifyResult
from ipcheck.store.evidence import verify as check_evidence
from ipcheck.store.seal_file import SealCheck, check_sealed

Dirs = Sequence[tuple[Path, bool]]


class Verified(NamedTuple):
    """Every evidence file checked; the seal, where there is one (or a key was given)."""

    evidence: VerifyResult
    seal: SealCheck | None

    @property
    def clean(self) -> bool:
        return self.evidence.clean and (self.seal is None or not self.seal.problems)


def verify(
    opened: Opened, *, key: str | None = None, allow_outside: bool = False, dirs: Dirs = ()
) -> Verified:
    """Every evidence file present with its recorded SHA-256, nothing unreferenced, and the
    seal: intact, and with `key` (a public key line, or a file of them, each naming its
    county or unit) signed by a key trusted for the assessee."""
    opened = opened.fresh()
    result = check_evidence(opened.loaded, allow_outside=allow_outside)
    # who a file and a key are of is read from the city's roster: the newest version's
    dirs = dirs or opened.dirs
    city = newest(opened.loaded.assessment.checklist.id, dirs) if dirs else None
    roster = (city or opened.checklist).checklist
    return Verified(result, check_sealed(opened.loaded, key, roster, allow_outside))


class Difference(NamedTuple):
    """A figure a report states that the file does not give."""

    what: str  # 1.2 自评得分, 合计 分值, 自评得分（正文）, 自评文件 SHA-256
    stated: str  # as the report prints it ("—": not in the report)
    given: str  # as the file gives it ("—": not in the file)


class ReportChecked(NamedTuple):
    differences: list[Difference]
    sealed: bool  # the file the report is checked against is sealed
    table: bool  # the report's 自评表 was read (a PDF keeps only its text)
    items: int  # item rows compared
    kind: str = "html"  # docx | html | pdf

    @property
    def clean(self) -> bool:
        return not self.differences and self.sealed


def verify_report(opened: Opened, report: str | Path) -> ReportChecked:
    """A report as received, against the (sealed) file: every 自评表 row's 分值 and 自评得分,
    the 合计, the score sentence and the SHA-256 of the file it was made from — the county
    may rewrite its prose, never a figure."""
    import hashlib

    from ipcheck.core.report import build_report_context
    from ipcheck.rules.history import is_sealed
    from ipcheck.store.clock import now
    from ipcheck.store.report_file import read_report
    from ipcheck.text.points import points_text

    opened = opened.fresh()
    stated = read_report(Path(report))
    sha256 = hashlib.sha256(opened.loaded.path.read_bytes()).hexdigest()
    context = build_report_context(
        opened.loaded, opened.checklist, generated=now(), file_sha256=sha256
    )

    def text(value: float | None) -> str:
        return "—" if value is None else points_text(value)

    given = {
        item.number: (text(item.points), text(item.earned))
        for measure in context.measures
        for item in measure.items
    }
    found: list[Difference] = []
    if stated.table:
        for number in sorted(given.keys() | stated.items.keys(), key=_numbered):
            says, gives = stated.items.get(number), given.get(number)
            for index, column in enumerate(("分值", "自评得分")):
                said = "—" if says is None else _number_text(says[index])
                giving = "—" if gives is None else gives[index]
                if said != giving:
                    found.append(Difference(f"{number} {column}", said, giving))
        totals = (text(context.summary.max_score), text(context.summary.score))
        if stated.total is not None:
            for index, column in enumerate(("分值", "自评得分")):
                said = _number_text(stated.total[index])
                if said != totals[index]:
                    found.append(Difference(f"合计 {column}", said, totals[index]))
    if stated.sentence is not None:
        sentence = (text(context.summary.score), text(context.summary.max_score))
        for index, what in enumerate(("自评得分", "满分")):
            said = _number_text(stated.sentence[index])
            if said != sentence[index]:
                found.append(Difference(f"{what}（正文）", said, sentence[index]))
    if stated.file_sha256 != sha256:
        found.append(Difference("自评文件 SHA-256", stated.file_sha256 or "—", sha256))
    return ReportChecked(
        found, is_sealed(opened.loaded.assessment), stated.table, len(given), stated.kind
    )


def _numbered(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split(".") if part.isdigit())


def _number_text(printed: str) -> str:
    """A figure as printed, in the form the file's figure is compared in (2.0 → 2)."""
    from ipcheck.text.points import points_text

    cleaned = printed.strip()
    try:
        return points_text(float(cleaned))
    except ValueError:
        return cleaned or "—"
