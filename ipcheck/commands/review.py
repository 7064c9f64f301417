"""`review` and `decide`: the assessment office's review (复核) of a self-assessment, kept
in its own file beside the county's (叶县-2025.review), never by editing the county's
file. The review pins the SHA-256 of the file it reviews; a file changed since is
refused with the reason."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipcheck.api import office as api
from ipcheck.errors import ExitCode
from ipcheck.model.events import Events, Out, Say
from ipcheck.model.problems import Severity
from ipcheck.model.views.review import ReviewView
from ipcheck.rules.assessment import check_assessment
from ipcheck.rules.values import check_points
from ipcheck.store.assessment_file import open_assessment
from ipcheck.text.i18n import _
from ipcheck.text.safety import printable

Dirs = Sequence[tuple[Path, bool]]


def review(
    file: Path | None,
    dirs: Dirs,
    *,
    new: bool,
    force: bool,
    reviewer: str | None,
    as_json: bool,
) -> Events:
    """Begin a review of an assessment (--new), or show it: the self-assessed and the
    reviewed score side by side, and every decision."""
    opened = open_assessment(file, dirs)
    if new:
        begun = api.begin_review(opened, reviewer=reviewer, force=force)
        if begun.backup is not None:
            yield Say(
                _("{review}: the review under way is kept as {backup}").format(
                    review=begun.path, backup=begun.backup
                )
            )
        if begun.review.follows is not None:
            yield Say(
                _(
                    "{review}: a resubmission: {carried} decisions carried over from the "
                    "review of the earlier file (items unchanged since)"
                ).format(review=begun.path, carried=len(begun.carried))
            )
            if begun.again:
                yield Say(
                    _("decided before and changed since, to decide again: {items}").format(
                        items="、".join(begun.again)
                    )
                )
        a = opened.loaded.assessment
        errors = [p for p in check_assessment(a, opened.checklist) if p.severity is Severity.ERROR]
        if errors:
            # reviewed, still: but the office is told before it decides item by item
            yield Say(
                _(
                    "{path}: {count} error(s) (ipcheck validate lists them), the first "
                    "{key}: {problem}; summary leaves a file with errors out of the ranking: "
                    "ask the county for one that validates"
                ).format(
                    path=opened.path,
                    count=len(errors),
                    key=errors[0].key,
                    problem=errors[0].message,
                ),
                "warning",
            )
        yield Say(
            _(
                "{review}: review of {assessee} {period} begun by {reviewer}; record each "
                "decision with ipcheck decide ITEM 认可|不认可|扣分|同意核减|不同意核减"
            ).format(
                review=begun.path,
                assessee=a.assessee.name,
                period=a.period,
                reviewer=begun.review.reviewer,
            )
        )
    view = api.review(opened)
    if as_json:
        yield Out(view)
    elif not new:
        yield Out(review_text(view))
    return ExitCode.OK


def decide(
    refs: Sequence[str],
    word: str,
    dirs: Dirs,
    *,
    score: str | None,
    reason: str | None,
    file: Path | None,
    by: str | None,
    waive_evidence: bool = False,
) -> Events:
    """Record the office's decision on items, in the review beside the assessment."""
    decision = api.parse_decision(word)
    opened = open_assessment(file, dirs)
    points = None if score is None else check_points(score, "--score")
    done = api.decide(
        opened,
        refs,
        decision,
        score=points,
        reason=reason,
        by=by,
        waive_evidence=waive_evidence,
    )
    view = done.view
    yield Say(
        _("{review}: {items} {decision}").format(
            review=view.review,
            items="、".join(s.number for s in done.items),
            decision=decision.label,
        )
    )
    yield Say(
        _("self-assessed {own}/{own_base}, reviewed {reviewed}/{reviewed_base}").format(
            own=view.own.score,
            own_base=view.own.max_score,
            reviewed=view.reviewed.score,
            reviewed_base=view.reviewed.max_score,
        )
    )
    return ExitCode.OK


def review_text(view: ReviewView) -> str:
    """The review as the office reads it in a terminal: scores, then each decision."""
    lines = [
        _("{assessee} {period}: reviewed by {reviewer} ({file}, SHA-256 {sha}…)").format(
            assessee=view.assessee,
            period=view.period,
            reviewer=view.reviewer,
            file=view.file,
            sha=view.sha256[:12],
        ),
        _(
            "self-assessed (自评) {own}/{own_base} · reviewed (复核) {reviewed}/{reviewed_base}"
        ).format(
            own=view.own.score,
            own_base=view.own.max_score,
            reviewed=view.reviewed.score,
            reviewed_base=view.reviewed.max_score,
        ),
        _("{decided} items decided; {undecided} claimed items not decided yet").format(
            decided=view.decided, undecided=view.undecided
        ),
    ]
    for row in view.items:
        if row.decision_label is None:
            continue
        points = f"{'—' if row.own is None else row.own} → {'—' if row.reviewed is None else row.reviewed}"
        reason = f"：{row.reason}" if row.reason else ""
        waived = "（免佐证）" if row.waived else ""  # every waiver of the evidence rule, listed
        lines.append(
            f"  {row.number} {row.status_label} {row.decision_label}{waived} {points}{reason}"
        )
        lines += ["      " + _("earlier: {decision}").format(decision=e) for e in row.earlier]
    return "".join(printable(line) + "\n" for line in lines)
