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

# Statuses of an item, by their stable code in files and JSON.
STATUS = {"todo": "未开始", "in_progress": "推进中", "done": "已完成", "na": "不适用"}

# Who is assessed.
ASSESSEE_KIND = {"county": "县（市、区）", "unit": "市直单位"}

# A unit's role in a measure.
ROLE = {"lead": "牵头", "responsible": "责任"}

# Which assessees an item applies to.
APPLIES_TO = {"county": "县（市、区）", "unit": "市直单位", "both": "均适用"}

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
}


# The interface's words for the same codes (translated through the catalog).
SAID = {
    "status": {
        "todo": N_("to do"),
        "in_progress": N_("in progress"),
        "done": N_("done"),
        "na": N_("not applicable"),
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
    "upgrade_step": {
        "kept": N_("kept"),
        "renamed": N_("renamed"),
        "split": N_("split"),
        "merged": N_("merged"),
        "archived": N_("archived"),
        "added": N_("added"),
    },
}
# Which document table each interface table says in Chinese.
DOCUMENT = {
    "status": STATUS,
    "assessee_kind": ASSESSEE_KIND,
    "role": ROLE,
    "applies_to": APPLIES_TO,
    "change_kind": CHANGE_KIND,
    "evidence_change": EVIDENCE_CHANGE,
    "upgrade_step": UPGRADE_STEP,
}


def said(table: str, code: str) -> str:
    """A code as the interface says it: 已完成 in Chinese, "done" in English."""
    words = SAID[table]
    return _(words[code]) if code in words else code


def percent(share: float | None) -> str:
    """0.755 → 76%; None (nothing to count) → —."""
    return "—" if share is None else f"{share * 100:.0f}%"


def size_text(size: int) -> str:
    """1234 → 1.2 KB; sizes as an officer reads them."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def text_bar(share: float, width: int = 10) -> str:
    """A progress bar in characters: ███████░░░."""
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled)
