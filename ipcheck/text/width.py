"""How wide text is on a terminal or in a monospaced file: CJK characters take two columns."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns: English breaks at spaces, Chinese between any two
    characters (never before a closing mark such as ，。）), a word longer than a line
    stands alone."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for token in _tokens(paragraph):
            w = display_width(token)
            if used + w > width and line.strip():
                if token == " ":
                    lines.append(line.rstrip())
                    line, used = "", 0
                    continue
                if token in _NO_BREAK_BEFORE:
                    line, used = line + token, used + w
                    continue
                lines.append(line.rstrip())
                line, used = "", 0
            if not line and token == " ":
                continue
            line, used = line + token, used + w
        lines.append(line.rstrip())
    return lines


_NO_BREAK_BEFORE = set("，。、；：？！）》」』”’〕】…,.;:?!)]")


def _tokens(text: str) -> list[str]:
    """Words, spaces, and single wide characters: the places a line may break."""
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ch == " " or unicodedata.east_asian_width(ch) in "WF":
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        else:
            word += ch
    if word:
        tokens.append(word)
    return tokens
