"""The one Markdown convention: how text from files is written into GitHub-flavoured Markdown.

Every Markdown output (report, summary, diff) is a template that passes each
text through `md` — the template filter of the same name.
"""

from __future__ import annotations

from ipcheck.text.lazy import lazy
from ipcheck.text.safety import blank_controls

_MD_SPECIAL = lazy(r"([\\`*_{}\[\]()#+!|~])")
_LINE_END = lazy(r"\r\n|\r|\n")
# what makes a line a list item, a rule or a heading's underline at its start (- 项, 1. 项,
# 1) 项, ---, ===); * + # are escaped wherever they stand
_LIST_OR_RULE = lazy(r"^(?:[-=]+\s*$|-\s)")
_NUMBERED = lazy(r"^(\d{1,9})([.)])(?=\s|$)")


def md(value: object) -> str:
    """Escape user text for a GitHub-flavoured Markdown table cell or paragraph.

    Markdown syntax is backslash-escaped, HTML is turned into entities (so no
    tag survives), and line breaks become <br> so a table row stays one row.
    """
    text = str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL().sub(r"\\\1", text)
    # splitlines knows every line break a renderer might honour (\r, \x85, \u2028 …)
    lines = [blank_controls(line).strip() for line in text.splitlines() or [""]]
    # a line of the output never starts with a CI runner's command (::error::, ::stop-commands::)
    return "<br>".join(_line_start(line) for line in lines)


def _line_start(line: str) -> str:
    """A line whose start Markdown would read as syntax, escaped there."""
    if line.startswith(":") or _LIST_OR_RULE().match(line):
        return "\\" + line
    return _NUMBERED().sub(r"\1\\\2", line)


def paragraphs(value: object) -> list[str]:
    """A text the county wrote as its paragraphs: one per non-blank line (ended by a line
    feed or carriage return, as editors end lines; other separators stay in the text,
    shown as escapes), trimmed."""
    return [line.strip() for line in _LINE_END().split(str(value)) if line.strip()]
