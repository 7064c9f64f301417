"""Chinese numerals as the documents write them (一 … 十九, 二十一 …)."""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"


def to_chinese(number: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四, 20 → 二十, 99 → 九十九 (1 ≤ number ≤ 999)."""
    if not 1 <= number <= 999:
        raise ValueError(f"{number} is outside 1..999")
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += DIGITS[hundreds] + "百"
        if rest and tens == 0:
            return out + "零" + DIGITS[ones]
    if tens:
        out += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    if ones:
        out += DIGITS[ones]
    return out


def from_chinese(text: str) -> int:
    """The inverse of to_chinese; ValueError for anything else."""
    for number in range(1, 1000):
        if to_chinese(number) == text:
            return number
    raise ValueError(f"not a Chinese numeral: {text!r}")
