"""How wide text is on a terminal or in a monospaced file: CJK characters take two columns."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns: English breaks at spaces, Chinese between any two
    characters (never before a closing mark such as ，。）: the character before it goes
    down with it), a word longer than a line stands alone."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0
        for token in _tokens(paragraph):
            w = display_width(token)
            if used + w > width and "".join(line).strip():
                if token == " ":
                    lines.append("".join(line).rstrip())
                    line, used = [], 0
                    continue
                carried: list[str] = []
                if token in _NO_BREAK_BEFORE:
                    # take the last character (and any marks after it) down with the mark
                    while line and line[-1] in _NO_BREAK_BEFORE:
                        carried.insert(0, line.pop())
                    if len(line) > 1 and line[-1] != " ":
                        carried.insert(0, line.pop())
                    else:  # nothing to carry: let the mark hang
                        line += carried
                        carried = []
                        line.append(token)
                        used += w
                        continue
                # an opening mark never ends a line: it goes down with what it opens
                while len(line) > 1 and line[-1] in _NO_BREAK_AFTER:
                    carried.insert(0, line.pop())
                lines.append("".join(line).rstrip())
                line = carried
                used = sum(display_width(t) for t in line)
            if not line and token == " ":
                continue
            line.append(token)
            used += w
        lines.append("".join(line).rstrip())
    return lines


_NO_BREAK_AFTER = set("（《「『“‘〔【([")
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
