"""The one table of the words ipcheck shows for its codes, and how it writes numbers.

Every label of a status, a kind of assessee, a role, a kind of change is here
and nowhere else; outputs and parsers look them up. (The interface's
sentences in Chinese and English live in the message catalogs beside this.)
"""

from __future__ import annotations

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
