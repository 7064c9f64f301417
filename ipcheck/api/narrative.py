"""The county's own words, as functions: the report's sections (基本情况, 主要做法及成效 —
as a whole, or one part's or one measure's —, 存在问题, 下一步打算) and its key figures
(数据指标). Each change is a history line (core/narrative.py), made through the file's
one owner."""

from __future__ import annotations

from ipcheck.core.narrative import (
    narrative_label,
    practices_key,
    set_figure,
    set_setting,
    setting_key,
    write_section,
)
from ipcheck.errors import InputError
from ipcheck.model.assessment import Assessment, Section
from ipcheck.store.assessment_file import Opened, transaction
from ipcheck.store.clock import who
from ipcheck.text import labels
from ipcheck.text.i18n import _
from ipcheck.text.input import measure_number

# What officers call each section, and the shorter words they type.
_SECTION_WORDS = {
    Section.SITUATION: ("基本情况", "情况", "situation"),
    Section.PRACTICES: ("主要做法及成效", "主要做法", "做法", "成效", "practices"),
    Section.PROBLEMS: ("存在问题", "问题", "problems"),
    Section.PLANS: ("下一步打算", "下一步", "打算", "plans"),
}


def parse_section(text: str) -> Section:
    """A section by what officers call it (基本情况, 情况, situation …)."""
    word = text.strip()
    for section, words in _SECTION_WORDS.items():
        if word in words:
            return section
    raise InputError(
        _("{word!r} is not a section of the report; write one of {sections}").format(
            word=text, sections="、".join(labels.SECTION.values())
        )
    )


def section_key(
    opened: Opened,
    section: Section | str,
    *,
    part: str | None = None,
    measure: str | None = None,
) -> str:
    """Where a text goes: a section, or one part's (by number, numeral, theme or title) or
    one measure's (by number, numeral or title) 主要做法及成效, of those the assessee is
    assessed on."""
    if isinstance(section, str):
        section = parse_section(section)
    if part is not None and measure is not None:
        raise InputError(_("give --part or --measure, not both"))
    if part is None and measure is None:
        return section.value
    if section is not Section.PRACTICES:
        raise InputError(
            _("--part and --measure are for {practices}, not {section}").format(
                practices=Section.PRACTICES.label, section=section.label
            )
        )
    return practices_of(opened, part, measure)


def practices_of(opened: Opened, part: str | None, measure: str | None) -> str:
    """The key of one part's (by number, numeral, theme or title) or one measure's (by
    number, numeral or title) 主要做法及成效; only what the assessee is assessed on."""
    checklist = opened.checklist.checklist
    assessee = opened.loaded.assessment.assessee.name
    mine = {s.measure.number for s in opened.scope}
    if measure is not None:
        number = measure_number(measure)
        found = [m for m in checklist.measures if measure.strip() in (m.title, str(m.number))]
        found += [m for m in checklist.measures if m.number == number]
        choices = [f"{m.numeral} {m.title}" for m in checklist.measures if m.number in mine]
        if not found:
            raise InputError(
                _("{checklist} has no measure {measure!r}{close}; its measures: {choices}").format(
                    checklist=checklist.ref,
                    measure=measure,
                    close=_close(measure, [m.title for m in checklist.measures]),
                    choices="、".join(choices),
                )
            )
        if found[0].number not in mine:
            raise InputError(
                _(
                    "{assessee} is not assessed on measure {measure}; its measures: {choices}"
                ).format(
                    assessee=assessee,
                    measure=f"{found[0].numeral} {found[0].title}",
                    choices="、".join(choices),
                )
            )
        return practices_key(found[0].title)
    assert part is not None
    number = measure_number(part)
    found_parts = [p for p in checklist.parts if part.strip() in (p.theme, p.title)]
    found_parts += [p for p in checklist.parts if p.number == number]
    parts_mine = {s.measure.part for s in opened.scope}
    choices = [f"{p.numeral} {p.theme}" for p in checklist.parts if p.number in parts_mine]
    if not found_parts:
        raise InputError(
            _("{checklist} has no part {part!r}{close}; its parts: {choices}").format(
                checklist=checklist.ref,
                part=part,
                close=_close(part, [p.theme for p in checklist.parts]),
                choices="、".join(choices),
            )
        )
    if found_parts[0].number not in parts_mine:
        raise InputError(
            _("{assessee} is not assessed on part {part}; its parts: {choices}").format(
                assessee=assessee,
                part=f"{found_parts[0].numeral} {found_parts[0].theme}",
                choices="、".join(choices),
            )
        )
    return practices_key(found_parts[0].theme)


def _close(word: str, names: list[str]) -> str:
    """(did you mean 严保护?) where a name is close to what was typed."""
    import difflib

    close = difflib.get_close_matches(word.strip(), names, n=1, cutoff=0.5)
    return _(" (did you mean {name}?)").format(name=close[0]) if close else ""


def write(
    opened: Opened,
    section: Section | str,
    text: str | None,
    *,
    part: str | None = None,
    measure: str | None = None,
    by: str | None = None,
) -> Assessment:
    """Set a section of the report in the county's own words (None clears it): a Section,
    or what officers call it (基本情况 …); with `part` or `measure`, one part's or one
    measure's 主要做法及成效. A text of nothing but spaces is refused (clearing is None)."""
    key = section_key(opened, section, part=part, measure=measure)
    if text is not None and not text.strip():
        raise InputError(
            _("{section} is empty: nothing written (to remove it, clear it)").format(
                section=narrative_label(key)
            )
        )
    return transaction(
        opened, lambda current, stamp: write_section(current, key, text, stamp), who(by)
    )


def figure(
    opened: Opened,
    name: str,
    value: str | None,
    unit: str | None = None,
    *,
    by: str | None = None,
) -> Assessment:
    """Set a key figure (数据指标) with its unit; value None removes it."""
    return transaction(
        opened, lambda current, stamp: set_figure(current, name, value, unit, stamp), who(by)
    )


def setting(opened: Opened, key: str, value: str | None, *, by: str | None = None) -> Assessment:
    """Set a report setting — 落款 (signer), 标题 (title; 关于 for the 关于…的报告 form),
    成文日期 (dated) — or clear it (value None): a history line; every report uses it."""
    chosen = setting_key(key)
    return transaction(
        opened, lambda current, stamp: set_setting(current, chosen, value, stamp), who(by)
    )
