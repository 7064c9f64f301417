"""The check of an assessment as received: every evidence file as recorded, and its seal
intact and signed by a key trusted for the assessee — what `verify` does, as a function
that returns what it found."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ipcheck.model.views.report import Report
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
    return Verified(result, _seal_of(opened, key, dirs, allow_outside))


def _seal_of(
    opened: Opened, key: str | None, dirs: Dirs, allow_outside: bool = False
) -> SealCheck | None:
    """The seal beside the file, checked (with `key`, who signed it): None without one."""
    # who a file and a key are of is read from the city's roster: the newest version's
    dirs = dirs or opened.dirs
    city = newest(opened.loaded.assessment.checklist.id, dirs) if dirs else None
    roster = (city or opened.checklist).checklist
    return check_sealed(opened.loaded, key, roster, allow_outside)


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
    kind: str = "html"  # docx | html | pdf | md
    # what is wrong with the file itself: its seal (as verify checks it, with the key
    # given), a history that does not account for its state
    problems: tuple[str, ...] = ()

    @property
    def clean(self) -> bool:
        return not self.differences and self.sealed and not self.problems


def verify_report(
    opened: Opened, report: str | Path, *, key: str | None = None, dirs: Dirs = ()
) -> ReportChecked:
    """A report as received, against the sealed file: every 自评表 row's 分值 and 自评得分
    (each time the report states it), the 合计, the score sentence, the SHA-256 of the file
    it was made from and its history's chain head — the county may rewrite its prose,
    never a figure. The file itself is checked as verify checks it (its seal, with `key`
    who signed it) and its history must account for its state: a report is only as good
    as the file it agrees with."""
    import hashlib

    from ipcheck.core.report import build_report_context
    from ipcheck.model.problems import Severity
    from ipcheck.rules.history import chain_head, history_problems, is_sealed
    from ipcheck.store.clock import now
    from ipcheck.store.report_file import read_report
    from ipcheck.text.i18n import _
    from ipcheck.text.points import points_text

    opened = opened.fresh()
    sha256 = hashlib.sha256(opened.loaded.path.read_bytes()).hexdigest()
    context = build_report_context(
        opened.loaded, opened.checklist, generated=now(), file_sha256=sha256
    )
    stated = read_report(Path(report), lambda: _styles_of(context))  # not a report: no more
    problems: list[str] = []
    if any(p.severity is Severity.ERROR for p in history_problems(opened.loaded.assessment, {})):
        problems.append(
            _("its history does not account for its state (ipcheck validate says where)")
        )
    seal = _seal_of(opened, key, dirs)  # (the evidence it pins, hashed once, as verify does)
    if seal is not None:
        problems += seal.problems

    def text(value: float | None) -> str:
        return "—" if value is None else points_text(value)

    given = {
        item.number: (text(item.points), text(item.earned), item.status_label)
        for measure in context.measures
        for item in measure.items
    }
    found: list[Difference] = []
    missing = _("— (not found)")
    if stated.kind != "pdf":  # a PDF keeps no table: its rows cannot be read back
        if not stated.table:
            found.append(Difference("自评表", missing, f"{len(given)} 项"))
        # every row each time it is stated: a hidden copy of the true table beside a
        # forged one, or a row twice, is two statements, and each must be true
        for number in sorted(given.keys() | stated.items.keys(), key=_numbered):
            says: list[tuple[str, str, str | None] | None] = [*stated.items.get(number, [])] or [
                None
            ]
            gives = given.get(number)
            for printed in says:
                figures = None if printed is None else (printed[0], printed[1])
                for index, column in enumerate(("分值", "自评得分")):
                    said = "—" if figures is None else _number_text(figures[index])
                    giving = "—" if gives is None else gives[index]
                    if said != giving:
                        found.append(Difference(f"{number} {column}", said, giving))
                # 完成情况, a status in words: as the report printed it (a table without
                # the column says nothing of it)
                status = None if printed is None else printed[2]
                if status is not None and gives is not None and status != _words(gives[2]):
                    found.append(Difference(f"{number} 完成情况", status, gives[2]))
        totals = (text(context.summary.max_score), text(context.summary.score))
        stated_totals: list[tuple[str, str] | None] = [*stated.totals] or [None]
        for total in stated_totals:
            for index, column in enumerate(("分值", "自评得分")):
                said = missing if total is None else _number_text(total[index])
                if said != totals[index]:
                    found.append(Difference(f"合计 {column}", said, totals[index]))
    sentence = (text(context.summary.score), text(context.summary.max_score))
    statements: list[tuple[str, str] | None] = [*stated.sentences] or [None]
    for statement in statements:
        for index, what in enumerate(("自评得分", "满分")):
            said = missing if statement is None else _number_text(statement[index])
            if said != sentence[index]:
                found.append(Difference(f"{what}（正文）", said, sentence[index]))
    printed_shas: list[str | None] = [*stated.file_sha256s] or [None]
    for printed_sha in printed_shas:
        if printed_sha != sha256:
            found.append(Difference("自评文件 SHA-256", printed_sha or missing, sha256))
    if stated.reviewed:  # a review the report states must be one this office signed
        office = _office_score(opened, sha256)
        for statement in stated.reviewed:
            for index, what in enumerate(("复核得分", "复核满分")):
                said = _number_text(statement[index])
                giving = missing if office is None else text(office[index])
                if said != giving:
                    found.append(Difference(f"{what}（正文）", said, giving))
    summary = context.summary
    counts = (
        str(summary.items),
        tuple((_words(s.label), str(s.count)) for s in summary.statuses),
        summary.completion_pct,
    )
    for stated_counts in stated.counts:  # 共 N 项工作任务：…。完成率 p%
        if stated_counts[0] != counts[0]:
            found.append(Difference("工作任务数（正文）", stated_counts[0], counts[0]))
        if dict(stated_counts[1]) != dict(counts[1]):
            said = "，".join(f"{label}{count}项" for label, count in stated_counts[1])
            giving = "，".join(f"{label}{count}项" for label, count in counts[1])
            found.append(Difference("各状态项数（正文）", said, giving))
        # an earlier ipcheck rounded a half to the even (58.5% → 58%): its reports hold too
        earlier = f"{summary.completion * 100:.0f}%"
        if stated_counts[2] not in (counts[2], earlier):
            found.append(Difference("完成率（正文）", stated_counts[2], counts[2]))
    head = chain_head(opened.loaded.assessment) or "—"
    for printed_head in stated.chain_heads:  # where the report prints it (md, html, docx)
        if printed_head != head:
            found.append(Difference("历史记录链头", printed_head, head))
    return ReportChecked(
        found,
        is_sealed(opened.loaded.assessment),
        stated.table,
        len(given),
        stated.kind,
        tuple(problems),
    )


def _words(text: str) -> str:
    """Words as a report's cell is read back: NFKC, without spaces (as printed: 已完成(待补佐证))."""
    import re

    from ipcheck.store.report_file import plain

    return re.sub(r"\s+", "", plain(text))


def _styles_of(context: Report) -> str:
    """The style sheet ipcheck writes into the HTML report of this file."""
    import re

    from ipcheck.render.templates import render

    return "".join(re.findall(r"<style>(.*?)</style>", render(context, "html", None), re.S))


def _office_score(opened: Opened, sha256: str) -> tuple[float, float] | None:
    """The score of the review beside the file that this office signed (its own key), as
    (earned, base); None when there is none it signed, or it is of another state."""
    from ipcheck.errors import IpcheckError
    from ipcheck.rules.totals import score_items
    from ipcheck.store.review_file import checked_review

    loaded = opened.loaded
    scoring = opened.checklist.checklist.scoring
    try:
        review = checked_review(
            loaded.path, loaded.assessment, opened.scope, sha256, scoring=scoring
        )
    except IpcheckError:  # none, or none this office signed: no review to state
        return None
    score = score_items(loaded.assessment, opened.scope, scoring, review).reviewed
    return None if score is None else (score.earned, score.base)


def _numbered(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split(".") if part.isdigit())


def _number_text(printed: str) -> str:
    """A figure as printed, in the form the file's figure is compared in (2.0 → 2)."""
    import math

    from ipcheck.text.points import points_text

    cleaned = printed.strip()
    try:
        value = float(cleaned)
    except ValueError:
        return cleaned or "—"
    # inf, nan, 1e400: printed as they are (no figure the file gives is one)
    return points_text(value) if math.isfinite(value) else cleaned
