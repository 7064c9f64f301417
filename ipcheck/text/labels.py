"""The one table of the words ipcheck shows for its codes, and how it writes numbers.

Every label of a status, a kind of assessee, a role, a kind of change is here
and nowhere else; outputs and parsers look them up. The tables in Chinese are
the documents' words (the report, the summary, the checklist's own terms) and
are always Chinese; the interface says the same codes in the user's language
through `said()`, whose English words the catalog translates into exactly these
Chinese ones (a test holds them together).
"""

from __future__ import annotations

from ipcheck.text.i18n import N_, _
from ipcheck.text.points import exact

# Statuses of an item, by their stable code in files and JSON.
STATUS = {"todo": "未开始", "in_progress": "推进中", "done": "已完成", "na": "不适用"}

# The report's sections a county writes in its own words (ipcheck write).
SECTION = {
    "situation": "基本情况",
    "practices": "主要做法及成效",
    "problems": "存在问题",
    "plans": "下一步打算",
}

# Who is assessed.
ASSESSEE_KIND = {"county": "县（市、区）", "unit": "市直单位"}

# A unit's role in a measure.
ROLE = {"lead": "牵头", "responsible": "责任"}

# The office's decisions in its review (复核).
DECISION = {
    "accepted": "认可",
    "rejected": "不认可",
    "deducted": "扣分",
    "na-approved": "同意核减",
    "na-rejected": "不同意核减",
}

# Which assessees an item applies to.
APPLIES_TO = {"county": "县（市、区）", "unit": "市直单位", "both": "均适用"}
# The force of a duty (rules/duties.py) and what its 评分标准 asks.
DUTY = {"required": "要求类", "build": "建设类", "promote": "推动类", "encourage": "鼓励类"}
STANDARD = {
    "effort": "有推动工作即得满分",
    "outcome": "按工作结果计分",
    "outcome-or-none": "按工作结果计分，评价期内未发生的以台账说明为据",
}

# Classes of status change in a diff.
CHANGE_KIND = {"improvement": "改进", "regression": "倒退", "scope": "范围变化"}

# Changes of evidence in a diff.
EVIDENCE_CHANGE = {
    "added": "新增佐证",
    "removed": "删除佐证",
    "modified": "佐证被修改",
    "moved": "佐证移动",
}

# Steps of an upgrade.
UPGRADE_STEP = {
    "kept": "保留",
    "renamed": "改名",
    "split": "拆分",
    "merged": "合并",
    "archived": "归档",
    "added": "新增",
    "capped": "部分得分调整",
}


# The documents' words for what the scoring rule does (rules/scoring.py).
UNPROVEN = "已完成（待补佐证）"  # done, but its points wait for evidence
PART_UNPROVEN = "推进中（待补佐证）"  # a part score waiting for evidence
NA_PENDING = "不适用（待核减）"  # a request to reduce the base, not yet approved
# The scoring rules (a checklist's [scoring]) and where the points come from, in words.
SCORING_RULE = {
    "office-approves": "不适用事项视为核减申请，经考核办审核同意后核减分值；同意前计入满分、不得分",
    "not-accepted": "不适用事项不核减分值，计入满分、不得分",
    "evidence": "无佐证材料不得分：已完成或给了部分分的事项未附佐证材料的暂不得分，补齐佐证后计分",
    "weights": "各条目分值为本清单建议的权重，{doc_number}本身未规定分值；"
    "分值由发布清单的单位确定，市考核办可发布本市的清单版本调整分值",
    # [scoring.rule]: how every item's points follow from the force of its duty
    "weight-rule": "各条目按职责的力度定权重：{classes}{named}；条目分值＝{total}×本条权重÷"
    "县（市、区）条目权重之和，以半分计：先各取不超过该值的半分数，余下的半分按余数从大到小"
    "各补半分（余数相同的，权重大的在先，再按条目顺序），县（市、区）条目合计{total}分；"
    "不由县（市、区）承担的条目按同一比例取最接近的半分",
    "weight-class": "{duty}（{verbs}等）{weight}",
    "weight-named": "，文件点名由县（市、区）承担的职责另加{named}",
}


# Changes between two checklist versions (diff of two checklists), and its mapping's.
CHECKLIST_CHANGE = {
    "added": "新增",
    "removed": "删除",
    "renamed": "改名",
    "reworded": "文字修改",
    "moved": "移至其他措施",
    "split": "拆分",
    "merged": "合并",
    "lead units": "牵头单位变化",
    "responsible units": "责任单位变化",
    "points changed": "分值变化",
    "applies_to changed": "适用对象变化",
    "evidence changed": "佐证材料提示变化",
    "changed": "修改",
    "units changed": "承担单位变化",
}


# The interface's words for the same codes (translated through the catalog).
SAID = {
    "status": {
        "todo": N_("to do"),
        "in_progress": N_("in progress"),
        "done": N_("done"),
        "na": N_("not applicable"),
    },
    # the same, as a table's column heading (short in English, so 80 columns hold a row)
    "status_heading": {
        "todo": N_("To do"),
        "in_progress": N_("Doing"),
        "done": N_("Done"),
        "na": N_("N/A"),
    },
    "assessee_kind": {"county": N_("county"), "unit": N_("municipal unit")},
    "role": {"lead": N_("lead"), "responsible": N_("responsible")},
    "applies_to": {"county": N_("counties"), "unit": N_("municipal units"), "both": N_("both")},
    "change_kind": {
        "improvement": N_("improvement"),
        "regression": N_("regression"),
        "scope": N_("change of scope"),
    },
    "evidence_change": {
        "added": N_("evidence added"),
        "removed": N_("evidence removed"),
        "modified": N_("evidence modified"),
        "moved": N_("evidence moved"),
    },
    "scoring_rule": {
        "office-approves": N_(
            "a 不适用 is a request to reduce the base (核减): once the assessment office "
            "approves it the item's points leave the base; until then they stay in it and "
            "earn nothing"
        ),
        "not-accepted": N_(
            "a 不适用 never reduces the base: the item's points stay in it and earn nothing"
        ),
        "evidence": N_(
            "无佐证材料不得分: an item 已完成, or given a part score, earns nothing until "
            "evidence is attached"
        ),
        "weights": N_(
            "The points are this checklist's suggested weights; {doc_number} itself gives "
            "none. Whoever publishes the checklist sets them; the city's assessment office "
            "may publish its own version with other points"
        ),
        "weight-rule": N_(
            "Each item weighs as strong as its duty: {classes}{named}; its points = {total} × "
            "its weight ÷ the weights of all county items, in half points: each rounded down "
            "to a half point, the half points left going one each to the largest remainders "
            "(equal remainders: the heavier duty first, then document order), so that county "
            "items add up to {total}; an item counties do not bear gets the same share, to "
            "the nearest half point"
        ),
        "weight-class": N_("{duty} ({verbs} …) {weight}"),
        "weight-named": N_(", plus {named} for a duty the text puts on counties by name"),
    },
    "standard": {
        "effort": N_("full points for documented effort"),
        "outcome": N_("scored by the work done"),
        "outcome-or-none": N_(
            "scored by the work done; a year with none occurred is shown by the register"
        ),
    },
    "duty": {
        "required": N_("required duties"),
        "build": N_("duties to build"),
        "promote": N_("duties to promote"),
        "encourage": N_("duties to encourage"),
    },
    "checklist_change": {
        "added": N_("added"),
        "removed": N_("removed"),
        "renamed": N_("renamed"),
        "reworded": N_("reworded"),
        "moved": N_("moved to another measure"),
        "split": N_("split"),
        "merged": N_("merged"),
        "lead units": N_("lead units changed"),
        "responsible units": N_("responsible units changed"),
        "points changed": N_("points changed"),
        "applies_to changed": N_("who answers it changed"),
        "evidence changed": N_("evidence hints changed"),
        "changed": N_("changed"),
        "units changed": N_("units that bear it changed"),
    },
    "upgrade_step": {
        "kept": N_("kept"),
        "renamed": N_("renamed"),
        "split": N_("split"),
        "merged": N_("merged"),
        "archived": N_("archived"),
        "added": N_("added"),
        "capped": N_("part score lowered"),
    },
}
# Which document table each interface table says in Chinese.
DOCUMENT = {
    "status": STATUS,
    "status_heading": STATUS,
    "assessee_kind": ASSESSEE_KIND,
    "role": ROLE,
    "applies_to": APPLIES_TO,
    "change_kind": CHANGE_KIND,
    "evidence_change": EVIDENCE_CHANGE,
    "upgrade_step": UPGRADE_STEP,
    "scoring_rule": SCORING_RULE,
    "duty": DUTY,
    "standard": STANDARD,
    "checklist_change": CHECKLIST_CHANGE,
}


def said(table: str, code: str) -> str:
    """A code as the interface says it: 已完成 in Chinese, "done" in English."""
    words = SAID[table]
    return _(words[code]) if code in words else code


def percent(share: float | None, places: int = 0) -> str:
    """0.755 → 76%, 0.585 → 59%: a half rounded up, as Excel shows a share under the
    format 0% (the xlsx beside it holds the share), not to the even (58%) nor through the
    float's error; to `places` tenths (0.585, 1 → 58.5%); None (nothing to count) → —."""
    if share is None or share != share or share in (float("inf"), float("-inf")):
        return "—"
    return f"{percent_digits(share, places)}%"


def rates_text(own: float, reviewed: float | None) -> str:
    """The self-assessed rate, and → the reviewed one where the office has reviewed: to a
    tenth of a percent where whole percents would hide the difference (61% → 61%)."""
    if reviewed is None:
        return percent(own)
    places = 1 if percent(own) == percent(reviewed) and own != reviewed else 0
    return f"{percent(own, places)} → {percent(reviewed, places)}"  # 复核


def percent_digits(share: float, places: int = 0) -> str:
    """A share as the digits of its percent, a half rounded up: 0.585 → 59."""
    from decimal import ROUND_HALF_UP, Decimal

    step = Decimal(1).scaleb(-places)
    return str((Decimal(repr(float(share))) * 100).quantize(step, rounding=ROUND_HALF_UP))


def size_text(size: int) -> str:
    """1234 → 1.2 KB; sizes as an officer reads them."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def text_bar(share: float, width: int = 10, empty: str = "░") -> str:
    """A progress bar in characters: ███████░░░."""
    filled = round(share * width)
    return "█" * filled + empty * (width - filled)


def na_beside(items: int, points: float) -> str:
    """What stands beside every score in a document: 不适用 3 项（12 分）."""
    return f"不适用 {items} 项（{exact(points)} 分）"


# What each kind of history line did, as textconv names it (in the interface language).
HISTORY_ACTIONS = {
    "created": N_("created"),
    "status": N_("status"),
    "evidence_added": N_("evidence attached"),
    "evidence_removed": N_("evidence removed"),
    "note": N_("note"),
    "reason": N_("不适用 reason"),
    "score": N_("part score"),
    "reviewed": N_("checked again after the upgrade"),
    "upgraded": N_("upgraded"),
    "migrated": N_("migrated by the upgrade"),
    "narrative": N_("report text"),
    "figure": N_("key figure"),
    "setting": N_("report setting"),
    "sealed": N_("sealed"),
    "unsealed": N_("seal lifted"),
}


def history_action(action: str) -> str:
    return _(HISTORY_ACTIONS[action]) if action in HISTORY_ACTIONS else action


def status_word(value: str | None) -> str | None:
    """A status code as the documents say it (done → 已完成); other text as it is."""
    return None if value is None else STATUS.get(value, value)
