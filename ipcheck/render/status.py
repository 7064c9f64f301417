"""`status` for people: plain tables that fit the terminal, one line per part and measure."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ipcheck.core.progress import Progress, Tally
from ipcheck.model.assessment import Status
from ipcheck.model.checklist import NotApplicableRule
from ipcheck.model.loaded import LoadedAssessment
from ipcheck.render.plain import Column, Terminal, fit, table
from ipcheck.rules.scope import ScopedItem
from ipcheck.text import labels
from ipcheck.text.i18n import N_, _, ngettext
from ipcheck.text.labels import percent
from ipcheck.text.points import plural_count, points_text
from ipcheck.text.safety import printable
from ipcheck.text.width import display_width, wrap

if TYPE_CHECKING:
    from ipcheck.store.evidence import Glance

SHOWN = 10

BY_PART = N_("By part")
BY_MEASURE = N_("By measure")


def _fixed(header: str, align: str, width: int) -> Column:
    """A column at least `width` wide, and as wide as its (translated) header."""
    return Column(header, align, max(width, display_width(header)))


def _columns(title: str) -> list[Column]:
    return [
        Column(title, "<"),
        *(_fixed(labels.said("status_heading", s.value), ">", 6) for s in Status),
        _fixed(_("Completion"), ">", 6),
        _fixed(_("Progress"), "<", 10),
        _fixed(_("Score"), ">", 7),
    ]


def _row(name: str, tally: Tally, terminal: Terminal) -> list[str]:
    return [
        name,
        *(str(tally.counts[s]) for s in Status),
        percent(tally.completion),
        terminal.bar(tally.completion),
        f"{tally.earned}/{tally.points}",
    ]


def render_progress(
    loaded: LoadedAssessment, result: Progress, terminal: Terminal, seen: Glance | None = None
) -> str:
    a = loaded.assessment
    total = result.total
    width = terminal.width
    lines = [
        terminal.bold(
            printable(
                _("{assessee} {period}: self-assessment progress ({checklist}@{version})").format(
                    assessee=a.assessee.name,
                    period=a.period,
                    checklist=a.checklist.id,
                    version=a.checklist.version,
                )
            )
        ),
        "",
    ]

    def said(style: Callable[[str], str], text: str) -> list[str]:
        """A sentence wrapped to the terminal, each line styled."""
        return [style(line) for line in wrap(text, width)]

    for title, groups in ((BY_PART, result.parts), (BY_MEASURE, result.measures)):
        rows = [_row(name, tally, terminal) for _number, name, tally in groups]
        head, *body = table(_columns(_(title)), rows, width)
        lines += [terminal.bold(head), *body, ""]
    overall = ngettext(
        "Overall: {items} item, {done} done, {in_progress} in progress, {todo} to do, "
        "{na} not applicable; completion {completion}; score {earned}/{points}",
        "Overall: {items} items, {done} done, {in_progress} in progress, {todo} to do, "
        "{na} not applicable; completion {completion}; score {earned}/{points}",
        total.items,
    ).format(
        items=total.items,
        done=total.counts[Status.DONE],
        in_progress=total.counts[Status.IN_PROGRESS],
        todo=total.counts[Status.TODO],
        na=total.counts[Status.NA],
        completion=percent(total.completion),
        earned=total.earned,
        points=total.points,
    )
    lines += said(terminal.bold, overall)
    if result.issuing is not None:
        issued = result.issuing
        default = _("{value} (default)")
        # the signer may come from a received file's assessee name: escaped before it is
        # wrapped, so no line of its own can begin inside it
        signer = printable(issued.signer)
        lines += said(
            str,
            _("Report: 落款 {signer}; 成文日期 {dated} (ipcheck setting changes them)").format(
                signer=signer if issued.signer_set else default.format(value=signer),
                dated=issued.dated.isoformat()
                if issued.dated_set
                else _("the day it is sealed (default)"),
            ),
        )
    if seen is not None and (seen.missing or seen.resized):
        shown = [*seen.missing, *seen.resized]
        lines += said(
            terminal.alert,
            _(
                "Evidence: {missing} file(s) gone, {resized} changed since attached ({files}); "
                "their points still count here, but the file cannot be sealed: ipcheck verify "
                "says how to put them right"
            ).format(
                missing=len(seen.missing),
                resized=len(seen.resized),
                files=printable("、".join(shown[:3]) + ("…" if len(shown) > 3 else "")),
            ),
        )
    if result.sealed:
        lines += said(
            terminal.warn,
            _(
                "Sealed for submission (待报送): no change until the seal is lifted "
                '(ipcheck unseal --reason "…")'
            ),
        )
    if total.counts[Status.NA]:
        na = _na_line(
            total.counts[Status.NA], total.score.na_points, total.score.na_excluded, result.na_rule
        )
        lines += said(terminal.warn, na)
    if result.unproven:
        count = len(result.unproven)
        heading = ngettext(
            "Earns no points until evidence is attached ({count} item: {labels}):",
            "Earn no points until evidence is attached ({count} items: {labels}):",
            count,
        ).format(count=count, labels=_(", ").join(result.unproven_labels))
        lines += said(terminal.warn, heading)
        lines += _item_list(result.unproven, width)
    if result.missing:
        count = len(result.missing)
        heading = ngettext(
            "Missing from the file ({count} item; it counts as 未开始 — ipcheck validate "
            "reports it):",
            "Missing from the file ({count} items; they count as 未开始 — ipcheck validate "
            "reports them):",
            count,
        ).format(count=count)
        lines += said(terminal.alert, heading)
        lines += _item_list(result.missing, width)
    if result.to_review:
        count = len(result.to_review)
        heading = _(
            "To check again after the upgrade ({count}; marking an item's status answers it):"
        ).format(count=count)
        lines += said(terminal.warn, heading)
        lines += _item_list(result.to_review, width)
    if result.overdue:
        count = len(result.overdue)
        heading = _("The year is over and still not done ({count}):").format(count=count)
        lines += said(terminal.alert, heading)
        lines += _item_list(result.overdue, width)
    return "".join(line + "\n" for line in lines)


def _na_line(items: int, points: float, excluded: int, rule: NotApplicableRule) -> str:
    """What the 不适用 items do to the score, as the checklist's rule says."""
    # TRANSLATORS: "{count} item" and "{count} point" are said in "不适用: 3 items (12 points)".
    counted = _("不适用: {items} ({points})").format(
        items=ngettext("{count} item", "{count} items", items).format(count=items),
        points=ngettext("{count} point", "{count} points", plural_count(points)).format(
            count=points_text(points)
        ),
    )
    if rule is NotApplicableRule.NOT_ACCEPTED:
        return _(
            "{counted}; this checklist never takes them out of the base, so they earn nothing"
        ).format(counted=counted)
    return _(
        "{counted}; {pending} of them stay in the base and earn nothing until the assessment "
        "office approves them (核减)"
    ).format(counted=counted, pending=items - excluded)


def _item_list(items: list[ScopedItem], width: int) -> list[str]:
    lines = [f"  {s.number:<5} {fit(s.item.text, width - 8)}" for s in items[:SHOWN]]
    if len(items) > SHOWN:
        more = len(items) - SHOWN
        text = ngettext(
            "{count} more item (--format json lists them all)",
            "{count} more items (--format json lists them all)",
            more,
        ).format(count=more)
        lines.append(f"  …     {text}")
    return lines
