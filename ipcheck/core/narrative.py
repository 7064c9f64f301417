"""The county's own words: the report's sections (基本情况, 主要做法及成效, 存在问题,
下一步打算) and its key figures (数据指标), changed like every other part of an
assessment — pure functions, each change a history line, chained."""

from __future__ import annotations

import datetime as dt

from msgspec.structs import replace

from ipcheck.errors import InputError
from ipcheck.model.assessment import (
    NARRATIVE_MAX,
    PRACTICES_OF,
    SETTING_KEYS,
    Action,
    Assessment,
    Change,
    Figure,
    ReportSettings,
    Section,
    Stamp,
)
from ipcheck.model.checklist import SHORT_TEXT_MAX
from ipcheck.rules.history import chained, figure_text, text_digest
from ipcheck.rules.values import clean_text
from ipcheck.text.hints import cli_hint
from ipcheck.text.i18n import _
from ipcheck.text.input import fold
from ipcheck.text.lazy import lazy
from ipcheck.text.safety import has_bidi, has_control


def practices_key(name: str) -> str:
    """The key of 主要做法及成效 of one part (by its theme) or measure (by its title)."""
    return PRACTICES_OF + name


def narrative_label(key: str) -> str:
    """What officers call a key: 主要做法及成效, 主要做法及成效（严保护）."""
    if key.startswith(PRACTICES_OF):
        return f"{Section.PRACTICES.label}（{key.removeprefix(PRACTICES_OF)}）"
    return Section(key).label


def _ordered(narrative: dict[str, str]) -> dict[str, str]:
    """The sections in the report's order; the parts' and measures' practices after the
    section's own text, in the order they were first written."""
    parts = [k for k in narrative if k.startswith(PRACTICES_OF)]
    order = [Section.SITUATION, Section.PRACTICES, *parts, Section.PROBLEMS, Section.PLANS]
    return {str(k): narrative[k] for k in order if k in narrative}


def write_section(assessment: Assessment, key: str, text: str | None, stamp: Stamp) -> Assessment:
    """Set (or with None, clear) a section's text — a section (Section) or one part's or
    measure's practices (practices_key) — the history records its SHA-256."""
    cleaned = clean_text(text, narrative_label(key), NARRATIVE_MAX)
    before = assessment.narrative.get(key)
    if cleaned == before:
        return assessment
    narrative = dict(assessment.narrative)
    if cleaned is None:
        narrative.pop(key, None)
    else:
        narrative[key] = cleaned
    ordered = _ordered(narrative)
    line = Change(
        at=stamp.at,
        by=stamp.by,
        action=Action.NARRATIVE,
        path=key,
        old=None if before is None else text_digest(before),
        new=None if cleaned is None else text_digest(cleaned),
    )
    changed = replace(assessment, narrative=ordered, history=(*assessment.history, line))
    return chained(changed, len(assessment.history))


_NUMBER = lazy(r"^[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?%?$")


def figure_number(value: str) -> str:
    """A figure's value as a number: 12, 1,200, 3.5, 85% (full-width digits folded);
    anything else is refused — the unit goes in its own argument."""
    folded = fold(value)
    if not _NUMBER().match(folded):
        raise InputError(
            _(
                "the figure's value {value!r} is not a number (such as 12, 1,200, 3.5 or 85%); "
                "give the unit separately{hint}"
            ).format(value=value, hint=cli_hint(_(": ipcheck figure 知识产权案件办结数 12 件")))
        )
    return folded


def set_figure(
    assessment: Assessment, name: str, value: str | None, unit: str | None, stamp: Stamp
) -> Assessment:
    """Set a key figure (数据指标), or with value None remove it. A unit of None keeps the
    figure's unit; "" removes it."""
    name = name.strip()
    for what, text in ((_("name"), name), (_("value"), value or ""), (_("unit"), unit or "")):
        if has_control(text) or has_bidi(text):
            raise InputError(
                _("the figure's {what} {text!r} holds a line break or a control character").format(
                    what=what, text=text
                )
            )
    if not name:
        raise InputError(
            _("the figure needs a name{hint}").format(
                hint=cli_hint(_(": ipcheck figure 知识产权案件办结数 12 件"))
            )
        )
    if value is not None and not value.strip():
        raise InputError(_("give the figure's value (and unit), or --remove"))
    if value is not None:
        value = figure_number(value)
    figures = {f.name: f for f in assessment.figures}
    before = figures.get(name)
    if unit is None and before is not None:
        unit = before.unit
    if value is None:
        if before is None:
            raise InputError(_("no figure {name!r} to remove").format(name=name))
        del figures[name]
        new = None
    else:
        figures[name] = Figure(name=name, value=value.strip(), unit=(unit or "").strip() or None)
        new = figure_text(figures[name].value, figures[name].unit)
    old = None if before is None else figure_text(before.value, before.unit)
    if old == new:
        return assessment
    line = Change(at=stamp.at, by=stamp.by, action=Action.FIGURE, path=name, old=old, new=new)
    changed = replace(
        assessment, figures=tuple(figures.values()), history=(*assessment.history, line)
    )
    return chained(changed, len(assessment.history))


# What an officer types for each report setting.
SETTING_WORDS = {
    "signer": ("落款", "发文机关", "signer"),
    "title": ("标题", "title"),
    "dated": ("成文日期", "日期", "date", "dated"),
    "addressee": ("主送机关", "主送", "addressee"),
}
_DATE = lazy(r"^(?P<y>[0-9]{4})(?:-|/|\.|年)(?P<m>[0-9]{1,2})(?:-|/|\.|月)(?P<d>[0-9]{1,2})日?$")


def setting_key(word: str) -> str:
    """signer, title, dated or addressee for what an officer types (落款, 标题, 成文日期,
    主送机关 …)."""
    folded = fold(word).lower()
    for key, words in SETTING_WORDS.items():
        if folded in words:
            return key
    raise InputError(
        _("{word!r} is not a report setting; give 落款, 标题, 成文日期 or 主送机关").format(
            word=word
        )
    )


def parse_date(text: str) -> dt.date:
    """2026-01-10, 2026/1/10, 2026年1月10日 (full-width digits folded)."""
    found = _DATE().match(fold(text))
    try:
        if found is None:
            raise ValueError(text)
        return dt.date(int(found["y"]), int(found["m"]), int(found["d"]))
    except ValueError:
        raise InputError(
            _("{text!r} is not a date; give it as 2026-01-10 or 2026年1月10日").format(text=text)
        ) from None


def set_setting(assessment: Assessment, key: str, value: str | None, stamp: Stamp) -> Assessment:
    """Set (or, with None, clear) a report setting, with a history line."""
    settings = assessment.report or ReportSettings()
    new: object = None
    if value is not None:
        if key == "dated":
            new = parse_date(value)
            if new.year < assessment.period:  # a report of 2025 written before 2025 began
                raise InputError(
                    _(
                        "成文日期 {date}: the report of {period} is dated in {period} or later"
                    ).format(date=new.isoformat(), period=assessment.period)
                )
        else:
            what = SETTING_WORDS[key][0]
            if key == "addressee":  # the report writes its colon: 市人民政府： once
                value = value.strip().rstrip("：:")
            if not value.strip():
                raise InputError(
                    _("{what} is empty: give its value, or --clear for the default").format(
                        what=what
                    )
                )
            new = clean_text(value, what, SHORT_TEXT_MAX)
            if new is None or "\n" in str(new):
                raise InputError(_("{what} is one line of text").format(what=SETTING_WORDS[key][0]))
    old = getattr(settings, key)
    if old == new:
        return assessment
    changed_settings = replace(settings, **{key: new})
    empty = all(getattr(changed_settings, k) is None for k in SETTING_KEYS)

    def said(v: object) -> str | None:
        return None if v is None else v.isoformat() if isinstance(v, dt.date) else str(v)

    line = Change(
        at=stamp.at, by=stamp.by, action=Action.SETTING, path=key, old=said(old), new=said(new)
    )
    changed = replace(
        assessment,
        report=None if empty else changed_settings,
        history=(*assessment.history, line),
    )
    return chained(changed, len(assessment.history))
