"""`write` and `figure`: the county's own words in its assessment — the report's sections
(基本情况, 主要做法及成效, 存在问题, 下一步打算) from a text file or the user's editor
(Notepad on Windows), and its key figures (数据指标). Each change is a history line."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ipcheck.commands.events import Events, Say
from ipcheck.commands.opening import change, open_assessment
from ipcheck.core.marking import Stamp
from ipcheck.core.narrative import set_figure, write_section
from ipcheck.errors import ExitCode, InputError
from ipcheck.model.assessment import Section
from ipcheck.store.clock import now, who
from ipcheck.store.files import read_bytes
from ipcheck.text import labels
from ipcheck.text.i18n import _

Dirs = Sequence[tuple[Path, bool]]
TEXT_FILE_LIMIT = 1 << 20  # a section's text file: far below this

# What officers call each section, and the shorter words they type.
_SECTION_WORDS = {
    Section.SITUATION: ("基本情况", "情况", "situation"),
    Section.PRACTICES: ("主要做法及成效", "主要做法", "做法", "成效", "practices"),
    Section.PROBLEMS: ("存在问题", "问题", "problems"),
    Section.PLANS: ("下一步打算", "下一步", "打算", "plans"),
}


def parse_section(text: str) -> Section:
    word = text.strip()
    for section, words in _SECTION_WORDS.items():
        if word in words:
            return section
    raise InputError(
        _("{word!r} is not a section of the report; write one of {sections}").format(
            word=text, sections="、".join(labels.SECTION.values())
        )
    )


def read_text_file(path: Path) -> str:
    """A text file as officers save it: UTF-8 (with or without BOM), or GBK from Notepad."""
    data = read_bytes(path, TEXT_FILE_LIMIT)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(_("{path}: neither UTF-8 nor GBK text").format(path=path))


def edit_text(current: str) -> str | None:
    """The user's editor on the current text ($VISUAL, $EDITOR; Notepad on Windows);
    None when the text was left as it was."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if editor:
        command = shlex.split(editor, posix=os.name != "nt")
    else:
        command = ["notepad"] if os.name == "nt" else ["vi"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ipcheck-section.txt"
        path.write_text(current, encoding="utf-8")
        try:
            done = subprocess.run([*command, str(path)], check=False)
        except OSError as exc:
            raise InputError(
                _("cannot open the editor {editor}: {reason}").format(
                    editor=command[0], reason=exc.strerror or exc
                )
            ) from None
        if done.returncode != 0:
            raise InputError(
                _("the editor {editor} ended with an error; nothing written").format(
                    editor=command[0]
                )
            )
        text = read_text_file(path)
    return None if text == current else text


def write(
    section_word: str,
    source: Path | None,
    dirs: Dirs,
    *,
    clear: bool,
    file: Path | None,
    by: str | None,
) -> Events:
    """Set a section from a text file, the editor (no file given), or clear it."""
    section = parse_section(section_word)
    if clear and source is not None:
        raise InputError(_("give a text file or --clear, not both"))
    opened = open_assessment(file, dirs)
    text: str | None
    if clear:
        text = None
    elif source is not None:
        text = read_text_file(source)
    else:
        current = opened.loaded.assessment.narrative.get(section, "")
        text = edit_text(current)
        if text is None:
            yield Say(_("{section}: unchanged").format(section=section.label))
            return ExitCode.OK
    if (text or "").strip() == opened.loaded.assessment.narrative.get(section, ""):
        yield Say(_("{section}: unchanged").format(section=section.label))
        return ExitCode.OK
    stamp = Stamp(who(by), now())
    change(opened, lambda cur: write_section(cur, section, text, stamp))
    said = _("{path}: {section} cleared") if text is None else _("{path}: {section} written")
    yield Say(said.format(path=opened.loaded.path, section=section.label))
    return ExitCode.OK


def figure(
    name: str,
    value: str | None,
    unit: str | None,
    dirs: Dirs,
    *,
    remove: bool,
    file: Path | None,
    by: str | None,
) -> Events:
    """Set a key figure (数据指标) with its unit, or remove it."""
    if remove == (value is not None):
        raise InputError(_("give the figure's value (and unit), or --remove"))
    opened = open_assessment(file, dirs)
    stamp = Stamp(who(by), now())
    change(opened, lambda cur: set_figure(cur, name, value, unit, stamp))
    if remove:
        yield Say(_("{path}: figure {name} removed").format(path=opened.loaded.path, name=name))
    else:
        shown = f"{value} {unit}" if unit else value
        yield Say(
            _("{path}: figure {name} = {value}").format(
                path=opened.loaded.path, name=name, value=shown
            )
        )
    return ExitCode.OK
