"""The self-assessment report (自评报告) as data: a pure function of its inputs.

The templates only loop and branch over this context; `--format json` prints
it as is (its shape is documented in docs/report.md and versioned by
`report_version`; its JSON Schema is generated from model/views/report.py).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Mapping
from enum import StrEnum

from ipcheck.core.narrative import practices_key
from ipcheck.core.progress import Progress, Tally, progress
from ipcheck.model.assessment import (
    PRACTICES_OF,
    Assessment,
    Evidence,
    ItemState,
    Section,
    Status,
)
from ipcheck.model.checklist import Checklist, Item, NotApplicableRule, Scoring
from ipcheck.model.loaded import LoadedAssessment, LoadedChecklist
from ipcheck.model.review import Decision, Review
from ipcheck.model.views.report import (
    EvidenceRow,
    NextStep,
    NotApplicable,
    Report,
    ReportAssessee,
    ReportChecklist,
    ReportFigure,
    ReportFile,
    ReportGoal,
    ReportItem,
    ReportMeasure,
    ReportPart,
    ReportPractice,
    ReportProblem,
    ReportReview,
    ReportSection,
    ReportSignature,
    ReportSummary,
    ReviewFlag,
    StatusCount,
)
from ipcheck.rules.history import chain_head, is_sealed, sealed_at
from ipcheck.rules.issuing import issuing
from ipcheck.rules.scope import ScopedItem, scope_of
from ipcheck.rules.scoring import ItemScore, Score, scoring_rules, weights_sentence
from ipcheck.rules.totals import Scored, Scores, score_items
from ipcheck.text import labels
from ipcheck.text.labels import percent, size_text, text_bar
from ipcheck.text.markdown import paragraphs
from ipcheck.text.numerals import to_chinese
from ipcheck.text.points import points_text

# 4: the evidence catalogue lists each file once, with its items
# 5: addressee (主送机关) and practices (主要做法及成效 part by part)
REPORT_VERSION = 5


class EvidenceState(StrEnum):
    """An evidence file as the report found it."""

    INTACT = "intact"
    MISSING = "missing"
    CHANGED = "changed"  # its SHA-256 is not the one recorded
    NOT_CHECKED = "not_checked"  # outside the assessment's folder


# The catalogue's words for it (the report is a document: in Chinese).
EVIDENCE_CHECK = {
    EvidenceState.INTACT: "一致",
    EvidenceState.MISSING: "缺失",
    EvidenceState.CHANGED: "与记录不符",
    EvidenceState.NOT_CHECKED: "未核验",
}


_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/")


def quote(text: str) -> str:
    """urllib.parse.quote(text, safe="/"), written out: the Word report never imports
    urllib (8 ms of its start-up)."""
    return "".join(
        chr(byte) if byte in _UNRESERVED else f"%{byte:02X}" for byte in text.encode("utf-8")
    )


def evidence_href(target: str) -> str:
    """A relative URL for a stored path: percent-encoded, so no scheme (javascript:) survives."""
    encoded = quote(target)
    return encoded if encoded.startswith("../") else "./" + encoded


def chinese_date(moment: dt.date) -> str:
    return f"{moment.year}年{moment.month}月{moment.day}日"


TITLE_LINE = 20  # characters of 2号 type on a line of A4 between the 公文 margins


def title_lines(subject: str, kind: str) -> list[str]:
    """The title as it is set: on one line where it fits, else broken where its meaning
    breaks (叶县2025年度强化知识产权保护 / 工作自评报告), never leaving a word alone."""
    if len(subject) + len(kind) <= TITLE_LINE:
        return [subject + kind]
    return [subject, kind]


def score_sentence(
    score: Score,
    rule: NotApplicableRule,
    done_unproven: int,
    na_decided: tuple[int, int] | None = None,
) -> str:
    """The score as the report states it, with the 不适用 and evidence-less items beside.
    na_decided: of the 不适用 awaiting approval, how many the office's review approved and
    refused (the report carries the review)."""
    text = f"自评得分{score.earned}分（满分{score.base}分）"
    if score.na_items:
        pending = score.na_items - score.na_excluded
        text += f"；不适用{score.na_items}项（{points_text(score.na_points)}分）"
        if rule is NotApplicableRule.NOT_ACCEPTED:
            text += "，按本清单规则不核减，计入满分、不得分"
        elif pending and na_decided is not None and any(na_decided):
            approved, refused = na_decided
            said = [f"{approved}项经复核同意核减"] if approved else []
            said += [f"{refused}项经复核不同意核减、计入满分不得分"] if refused else []
            left = max(0, pending - approved - refused)
            if left:
                said.append(f"{left}项待考核办审核核减")
            text += f"，其中{'，'.join(said)}"
        elif pending:
            text += f"，其中{pending}项待考核办审核核减，审核前计入满分、不得分"
        else:
            text += "，已经考核办审核核减"
    waiting = []
    if done_unproven:
        waiting.append(f"{labels.UNPROVEN}{done_unproven}项")
    if score.unproven - done_unproven:
        waiting.append(f"{labels.PART_UNPROVEN}{score.unproven - done_unproven}项")
    if waiting:
        text += f"；{'、'.join(waiting)}，补齐佐证材料前不得分"
    return text + "。"


def _part(number: int, numeral: str, theme: str, title: str, tally: Tally) -> ReportPart:
    return ReportPart(
        number=number,
        numeral=numeral,
        theme=theme,
        title=title,
        bar=text_bar(tally.completion),
        items=tally.items,
        done=tally.counts[Status.DONE],
        completion=round(tally.completion, 4),
        completion_pct=percent(tally.completion),
        score=tally.earned,
        max_score=tally.points,
        na=tally.counts[Status.NA],
        na_points=tally.score.na_points,
    )


def _evidence_catalogue(
    scope: list[ScopedItem],
    states: dict[str, ItemState],
    link_prefix: str,
    evidence_now: Mapping[tuple[str, str], EvidenceState] | None,
) -> tuple[list[EvidenceRow], dict[str, list[str]]]:
    """The 佐证材料目录: each file once, numbered 01, 02 … in item order, with the items it
    supports beside it; and for each item the numbers of its files."""
    files: dict[tuple[str, str], list[tuple[ScopedItem, Evidence]]] = {}
    for scoped in scope:
        for entry in states[scoped.item.id].evidence:
            files.setdefault((entry.path, entry.sha256), []).append((scoped, entry))
    evidence_rows: list[EvidenceRow] = []
    evidence_ids: dict[str, list[str]] = {}
    for index, uses in enumerate(files.values(), start=1):
        number = f"{index:02d}"
        entry = uses[0][1]
        for scoped, _entry in uses:
            evidence_ids.setdefault(scoped.item.id, []).append(number)
        target = posixpath.normpath(posixpath.join(link_prefix, entry.path))
        found = next(
            (
                state
                for scoped, _entry in uses
                if (state := (evidence_now or {}).get((scoped.item.id, entry.path))) is not None
            ),
            EvidenceState.INTACT,
        )
        evidence_rows.append(
            EvidenceRow(
                id=number,
                name=posixpath.basename(entry.path),
                path=entry.path,
                href=evidence_href(target),
                items=[scoped.number for scoped, _entry in uses],
                item_ids=[scoped.item.id for scoped, _entry in uses],
                size=entry.size,
                size_text=size_text(entry.size),
                sha256=entry.sha256,
                sha256_short=entry.sha256[:12],
                added=entry.added.isoformat(),
                by=entry.by,
                check=found.value,
                check_label=EVIDENCE_CHECK[found],
            )
        )
    return evidence_rows, evidence_ids


def _measures(
    c: Checklist, scores: Scores, evidence_ids: dict[str, list[str]], review: Review | None
) -> list[ReportMeasure]:
    """The 自评表's measures: each with its units (or the assessee's role) and its items."""
    names = {u.id: u.name for u in c.units}
    measures: list[ReportMeasure] = []
    for measure in c.measures:
        rows = scores.of(measure.number)
        if not rows:
            continue
        role = rows[0].scoped.role
        lead = [names[u] for u in measure.lead]
        responsible = [names[u] for u in measure.responsible]
        units_text = f"牵头：{'、'.join(lead)}" + (
            f"；责任：{'、'.join(responsible)}" if responsible else ""
        )
        measures.append(
            ReportMeasure(
                number=measure.number,
                numeral=measure.numeral,
                title=measure.title,
                part=measure.part,
                lead=lead,
                responsible=responsible,
                role=role.value if role is not None else None,
                units_cell=(
                    role.label
                    if role is not None
                    else "有关单位"  # 有关单位要按照职责分工…: a unit answers it by its duties
                    if all(s.scoped.item.all_units for s in rows)
                    else units_text
                ),
                items=[
                    _item_row(s, evidence_ids.get(s.scoped.item.id, []), c.scoring, review)
                    for s in rows
                ],
            )
        )
    return measures


def build_report_context(
    loaded: LoadedAssessment,
    checklist: LoadedChecklist,
    *,
    generated: dt.datetime,
    file_sha256: str,
    seal_holds: bool = True,
    link_prefix: str = "",
    evidence_now: Mapping[tuple[str, str], EvidenceState] | None = None,
    signer: str | None = None,
    review: Review | None = None,
) -> Report:
    """Everything the report shows. link_prefix leads from the report's folder to the
    assessment's; evidence_now says how each evidence file (item, path) was found while
    the report was made (missing, changed, not checked), where it is not intact; signer
    names the office in the 落款 (the assessee where None)."""
    a = loaded.assessment
    c = checklist.checklist
    scope = scope_of(c, a.assessee)
    scores = score_items(a, scope, c.scoring, review)
    result = progress(loaded, checklist, generated.date(), scores)
    scored = {s.scoped.item.id: s for s in scores.items}
    states = {item_id: s.state for item_id, s in scored.items()}
    evidence_rows, evidence_ids = _evidence_catalogue(scope, states, link_prefix, evidence_now)

    measures = _measures(c, scores, evidence_ids, review)

    open_items = [s for s in scope if states[s.item.id].status in (Status.TODO, Status.IN_PROGRESS)]
    problems = []
    for m in measures:
        lagging = [row for row in m.items if row.status in ("todo", "in_progress")]
        if lagging:
            problems.append(
                ReportProblem(
                    measure=f"（{m.numeral}）{m.title}",
                    total=len(m.items),
                    open=len(lagging),
                    items=lagging,
                )
            )
    parts = {p.number: p for p in c.parts}
    total = result.total
    done_unproven = [s.number for s in result.unproven if states[s.item.id].status is Status.DONE]
    sealed = sealed_at(a)
    issued = issuing(
        a,
        c,
        None if sealed is None else sealed.astimezone(generated.tzinfo).date(),
        generated.date(),
        signer,
    )
    return Report(
        report_version=REPORT_VERSION,
        title=issued.title,
        title_lines=title_lines(*issued.title_parts) if issued.title_parts[1] else [issued.title],
        addressee=issued.addressee,
        signature=ReportSignature(name=issued.signer, date=chinese_date(issued.dated)),
        generated=generated.isoformat(),
        generated_date=chinese_date(generated),
        assessee=ReportAssessee(
            name=a.assessee.name,
            kind=a.assessee.kind.value,
            kind_label=a.assessee.kind.label,
            unit=a.assessee.unit,
        ),
        period=a.period,
        checklist=ReportChecklist(
            id=c.id,
            version=c.version,
            title=c.title,
            doc_number=c.source.doc_number,
            source_title=c.source.title,
            issuers=list(c.source.issuers),
            digest=checklist.digest,
        ),
        file=ReportFile(
            name=loaded.path.name,
            sha256=file_sha256,
            chain_head=chain_head(a),
            sealed=is_sealed(a) and seal_holds,  # "sealed" only where the seal holds
            seal_broken=is_sealed(a) and not seal_holds,  # changed since it was sealed
        ),
        goals=[ReportGoal(text=g.text, indicators=list(g.indicators)) for g in c.goals],
        summary=ReportSummary(
            items=total.items,
            statuses=[
                StatusCount(status=s.value, label=s.label, count=total.counts[s]) for s in Status
            ],
            applicable=total.applicable,
            done=total.counts[Status.DONE],
            completion=round(total.completion, 4),
            completion_pct=percent(total.completion),
            score=total.earned,
            max_score=total.points,
            na=total.counts[Status.NA],
            na_points=total.score.na_points,
            na_pending=total.counts[Status.NA] - total.score.na_excluded,
            unproven=total.score.unproven,
            done_without_evidence=done_unproven,
            score_text=score_sentence(
                total.score,
                c.scoring.na_rule,
                len(done_unproven),
                None if review is None else _na_decided(scope, states, review),
            ),
            rules=list(scoring_rules(c)),
            weights=weights_sentence(c),
        ),
        parts=[
            _part(number, parts[number].numeral, parts[number].theme, parts[number].title, tally)
            for number, _, tally in result.parts
        ],
        measures=measures,
        problems=problems,
        to_review=[
            ReviewFlag(number=s.number, text=s.item.text, review=states[s.item.id].review or "")
            for s in scope
            if states[s.item.id].review
        ],
        not_applicable=[
            NotApplicable(number=s.number, text=s.item.text, reason=states[s.item.id].reason or "")
            for s in scope
            if states[s.item.id].status is Status.NA
        ],
        next_steps=[
            NextStep(
                number=s.number,
                text=s.item.text,
                status=states[s.item.id].status.value,
                status_label=states[s.item.id].status.label,
                note=states[s.item.id].note or "",
            )
            for s in sorted(
                open_items, key=lambda s: states[s.item.id].status is not Status.IN_PROGRESS
            )
        ],
        evidence=evidence_rows,
        evidence_problems=sum(1 for e in evidence_rows if e.check != EvidenceState.INTACT),
        sections=_sections(
            a,
            c,
            total,
            problems,
            result,
            [s for s in scope if states[s.item.id].status is Status.DONE],
        ),
        practices=_practices(a, c, scope, result),
        figures=[ReportFigure(name=f.name, value=f.value, unit=f.unit) for f in a.figures],
        review=None if review is None else _review(scores, review),
    )


def _na_decided(
    scope: list[ScopedItem], states: dict[str, ItemState], review: Review
) -> tuple[int, int]:
    """Of the items claimed 不适用, how many the office approved and refused."""
    decisions = [
        review.items[s.item.id].decision
        for s in scope
        if states[s.item.id].status is Status.NA and s.item.id in review.items
    ]
    return decisions.count(Decision.NA_APPROVED), decisions.count(Decision.NA_REJECTED)


def _review(scores: Scores, review: Review) -> ReportReview:
    score = scores.reviewed
    assert score is not None  # the review was given
    return ReportReview(
        reviewer=review.reviewer,
        score=score.earned,
        max_score=score.base,
        decided=sum(1 for s in scores.items if s.scoped.item.id in review.items),
    )


def criteria_text(item: Item) -> str:
    """评分标准 in one cell: 满分：…；部分得分：…；不得分：…."""
    if item.criteria is None:
        return ""
    c = item.criteria
    parts = [f"满分：{c.full}"]
    if c.part is not None:
        parts.append(f"部分得分：{c.part}")
    parts.append(f"不得分：{c.none}")
    return "；".join(parts)


def status_label(state: ItemState, score: ItemScore, rule: NotApplicableRule) -> str:
    if score.unproven:
        return labels.UNPROVEN if state.status is Status.DONE else labels.PART_UNPROVEN
    if score.na and not score.na_excluded and rule is NotApplicableRule.OFFICE_APPROVES:
        return labels.NA_PENDING
    return state.status.label


def _item_row(
    scored: Scored, evidence_ids: list[str], scoring: Scoring, review: Review | None = None
) -> ReportItem:
    scoped, state, score, reviewed = scored
    status = state.status
    decided = None if review is None else review.items.get(scoped.item.id)
    return ReportItem(
        number=scoped.number,
        id=scoped.item.id,
        name=scoped.item.name,
        text=scoped.item.text,
        basis=scoped.item.basis,
        criteria=criteria_text(scoped.item),
        evidence_hints=list(scoped.item.evidence),
        points=scoped.item.points,
        status=status.value,
        status_label=status_label(state, score, scoring.na_rule),
        earned=None if score.na_excluded else score.earned,
        unproven=score.unproven,
        note=state.note or "",
        reason=state.reason or "",
        evidence_ids=evidence_ids,
        reviewed=None if reviewed is None or reviewed.na_excluded else reviewed.earned,
        decision=None if decided is None else decided.decision.label,
        decision_reason=None if decided is None else decided.reason,
    )


DRAFT_MARK = "【草稿：根据自评记录生成，请改写为本单位的文字（ipcheck write {section}）】"


def _sections(
    a: Assessment,
    c: Checklist,
    total: Tally,
    problems: list[ReportProblem],
    result: Progress,
    done: list[ScopedItem],
) -> dict[str, ReportSection]:
    """Each section in the county's words, or a draft marked as one."""
    counts = total.counts
    drafts = {
        Section.SITUATION: (
            f"{a.assessee.name}对照{c.source.doc_number}《{c.source.title}》开展{a.period}年度"
            f"自评，自评清单共{total.items}项工作任务：已完成{counts[Status.DONE]}项，"
            f"推进中{counts[Status.IN_PROGRESS]}项，未开始{counts[Status.TODO]}项，"
            f"不适用{counts[Status.NA]}项；完成率{percent(total.completion)}，"
            f"自评得分{total.earned}分（满分{total.points}分）。"
        ),
        Section.PRACTICES: _practices_draft(a, c, result, done),
        Section.PROBLEMS: "".join(
            f"{p.measure}：{p.total}项均未完成。"
            if p.open == p.total
            else f"{p.measure}：{p.total}项中{p.open}项尚未完成。"
            for p in problems
        )
        or "各项工作任务均已完成或不适用。",
        Section.PLANS: _plans_draft(counts[Status.IN_PROGRESS], counts[Status.TODO]),
    }
    by_part = any(key.startswith(PRACTICES_OF) for key in a.narrative)
    sections = {}
    for section in Section:
        written = a.narrative.get(section)
        if written is None and section is Section.PRACTICES and by_part:
            written = ""  # written part by part: no draft beside the county's words
        draft = DRAFT_MARK.format(section=section.label) + drafts[section]
        sections[section.value] = ReportSection(
            key=section.value,
            title=section.label,
            text=draft if written is None else written,
            paragraphs=[draft] if written is None else paragraphs(written),
            draft=written is None,
        )
    return sections


def _practices(
    a: Assessment, c: Checklist, scope: list[ScopedItem], result: Progress
) -> list[ReportPractice]:
    """The practices written part by part or measure by measure, in the checklist's order:
    a part （一）, （二） … and its measures 1., 2. … under it; a part the county has items
    in but wrote nothing of gets a draft from the records, marked as one, so no part
    disappears; texts of a part or measure the assessee is no longer assessed on last,
    under their own names."""
    written = {
        name: text
        for key, text in a.narrative.items()
        if key.startswith(PRACTICES_OF)
        for name in [key.removeprefix(PRACTICES_OF)]
    }
    out: list[ReportPractice] = []
    if not written:
        return out  # written as one section, or not at all: the section's own draft
    tallies = {number: tally for number, _title, tally in result.parts}
    shown = 0
    for part in c.parts:
        measures = list(dict.fromkeys(s.measure for s in scope if s.measure.part == part.number))
        mine = [m for m in measures if m.title in written]
        if part.theme not in written and not mine:
            if not measures:
                continue  # nothing of this part is the assessee's to answer
            shown += 1
            draft = DRAFT_MARK.format(section=f"主要做法及成效 --part {part.theme}") + (
                _part_draft(a, part.theme, scope, part.number, tallies.get(part.number))
            )
            out.append(
                ReportPractice(
                    key=practices_key(part.theme),
                    level="part",
                    heading=f"（{to_chinese(shown)}）{part.title}",
                    text=draft,
                    paragraphs=[draft],
                    draft=True,
                )
            )
            continue
        shown += 1
        out.append(
            ReportPractice(
                key=practices_key(part.theme),
                level="part",
                heading=f"（{to_chinese(shown)}）{part.title}",
                text=(text := written.pop(part.theme, "")),
                paragraphs=paragraphs(text),
            )
        )
        for number, m in enumerate(mine, start=1):
            out.append(
                ReportPractice(
                    key=practices_key(m.title),
                    level="measure",
                    heading=f"{number}. {m.title}",
                    text=(text := written.pop(m.title)),
                    paragraphs=paragraphs(text),
                )
            )
    out += [
        ReportPractice(
            key=practices_key(name),
            level="other",
            heading=name,
            text=text,
            paragraphs=paragraphs(text),
        )
        for name, text in written.items()
    ]
    return out


def _part_draft(
    a: Assessment, theme: str, scope: list[ScopedItem], part: int, tally: Tally | None
) -> str:
    """One part's practices as the records give them: what is done, with its notes."""
    done = tally.counts[Status.DONE] if tally is not None else 0
    notes = list(
        dict.fromkeys(
            state.note
            for s in scope
            if s.measure.part == part
            and (state := a.items.get(s.item.id)) is not None
            and state.status is Status.DONE
            and state.note
        )
    )[:5]
    if not done:
        return f"{theme}方面，本年度尚无已完成的工作任务。"
    said = f"{theme}方面，已完成{done}项工作任务"
    return said + (f"：{'；'.join(notes)}。" if notes else "。")


def _plans_draft(going: int, todo: int) -> str:
    open_items = "和".join(
        words
        for count, words in ((going, f"推进中的{going}项"), (todo, f"未开始的{todo}项"))
        if count
    )
    if not open_items:
        return "巩固已完成工作成果，做好迎检准备。"
    return f"围绕{open_items}工作任务，明确责任单位和完成时限，逐项推进落实。"


def _practices_draft(a: Assessment, c: Checklist, result: Progress, done: list[ScopedItem]) -> str:
    """The items done, with their notes, by part: what the county's practices rest on."""
    lines = []
    themes = {p.number: p.theme for p in c.parts}
    for number, _title, tally in result.parts:
        if tally.counts[Status.DONE]:
            lines.append(f"{themes[number]}方面，已完成{tally.counts[Status.DONE]}项工作任务。")
    by_note: dict[str, list[str]] = {}
    for s in done:
        state = a.items.get(s.item.id)
        if state is not None and state.note:
            by_note.setdefault(state.note, []).append(s.number)
    noted = [f"{note}（{'、'.join(numbers)}）" for note, numbers in by_note.items()][:10]
    if noted:
        lines.append("主要做法：" + "；".join(noted) + "。")
    return "".join(lines) or "本年度尚无已完成的工作任务。"
