"""How a report is issued: who signs it (落款), its title, its date (成文日期) and to whom
(主送机关) — the assessment's own settings (ipcheck setting), else a default from the
assessee and the checklist.

A county's report is issued by its government (叶县人民政府), a 功能区's by its
管委会 (高新区管委会), a unit's by the unit (its name as the document writes it); the
title is the assessee's report (叶县2025年度…自评报告), or names the issuer in the
关于…的报告 form where asked (the setting 标题 = 关于), or is the one set; the date is the one set, else the day the file was sealed
(报送), else the day the report is made."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from ipcheck.model.assessment import AssesseeKind, Assessment
from ipcheck.model.checklist import Checklist

ABOUT = "关于"  # the title setting that asks for the 关于…的报告 form


class Issuing(NamedTuple):
    signer: str
    title: str
    title_parts: tuple[str, str]  # the title where it may break: subject, kind
    dated: dt.date
    signer_set: bool  # the signer is the assessment's own setting, not the default
    title_set: bool
    dated_set: bool
    # 主送机关: the setting, else the checklist's — none where that is the assessee itself
    # (市市场监督管理局's own report was addressed to itself: a trial)
    addressee: str | None = None
    addressee_set: bool = False
    addressee_self: bool = False  # the checklist's addressee is the assessee: set one


def default_signer(assessment: Assessment, checklist: Checklist) -> str:
    """叶县人民政府; 高新区管委会 for a 功能区; a unit's own name."""
    assessee = assessment.assessee
    if assessee.kind is not AssesseeKind.COUNTY:
        return assessee.name
    zone = any(c.zone for c in checklist.counties if c.name == assessee.name)
    return f"{assessee.name}{'管委会' if zone else '人民政府'}"


def report_topic(source_title: str) -> str:
    """关于强化知识产权保护的实施意见 → 强化知识产权保护."""
    topic = source_title.removeprefix("关于")
    for suffix in ("的实施意见", "的意见", "的通知", "实施意见"):
        topic = topic.removesuffix(suffix)
    return topic


def issuing(
    assessment: Assessment,
    checklist: Checklist,
    sealed: dt.date | None,
    made: dt.date,
    signer: str | None = None,
) -> Issuing:
    """The report's 落款, title and 成文日期; `signer` overrides the setting for one report."""
    settings = assessment.report
    set_signer = signer or (settings.signer if settings else None)
    who = set_signer or default_signer(assessment, checklist)
    year = f"{assessment.period}年度{report_topic(checklist.source.title)}"
    wanted = settings.title if settings else None
    if wanted == ABOUT:
        parts = (f"{who}关于{year}", "工作自评情况的报告")
    elif wanted:
        parts = (wanted, "")
    else:  # the report of the county (叶县2025年度…自评报告); the 关于 form names the signer
        parts = (f"{assessment.assessee.name}{year}", "工作自评报告")
    dated = (settings.dated if settings else None) or sealed or made
    set_addressee = settings.addressee if settings else None
    listed = checklist.submission.addressee if checklist.submission else None
    itself = listed is not None and listed in (assessment.assessee.name, who)
    return Issuing(
        signer=who,
        title="".join(parts),
        title_parts=parts,
        dated=dated,
        signer_set=set_signer is not None,
        title_set=wanted is not None,
        dated_set=bool(settings and settings.dated),
        addressee=set_addressee or (None if itself else listed),
        addressee_set=set_addressee is not None,
        addressee_self=itself and set_addressee is None,
    )
