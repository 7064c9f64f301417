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

from ipcheck.api import narrative
from ipcheck.core.narrative import narrative_label
from ipcheck.errors import ExitCode, InputError
from ipcheck.model.assessment import Section
from ipcheck.model.events import Events, Say
from ipcheck.store.assessment_file import Opened, open_assessment
from ipcheck.store.clock import now
from ipcheck.store.files import read_bytes
from ipcheck.text.i18n import _

Dirs = Sequence[tuple[Path, bool]]
TEXT_FILE_LIMIT = 1 << 20  # a section's text file: far below this


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


def _draft_of(opened: Opened, key: str) -> str:
    """The report's draft of a section, to start the editor from (without its mark)."""
    from ipcheck.core.report import build_report_context

    report = build_report_context(opened.loaded, opened.checklist, generated=now(), file_sha256="")
    section = report.sections.get(key)
    if section is None or not section.draft:
        return ""
    return section.text.split("】", 1)[-1]


def write(
    section_word: str,
    source: Path | None,
    dirs: Dirs,
    *,
    part: str | None = None,
    measure: str | None = None,
    clear: bool,
    file: Path | None,
    by: str | None,
) -> Events:
    """Set a section (or one part's or measure's practices) from a text file, the editor
    (no file given), or clear it."""
    section = narrative.parse_section(section_word)
    if clear and source is not None:
        raise InputError(_("give a text file or --clear, not both"))
    if part is not None and measure is not None:
        raise InputError(_("give --part or --measure, not both"))
    if (part is not None or measure is not None) and section is not Section.PRACTICES:
        raise InputError(
            _("--part and --measure are for {practices}, not {section}").format(
                practices=Section.PRACTICES.label, section=section.label
            )
        )
    opened = open_assessment(file, dirs)
    key = narrative.section_key(opened, section, part=part, measure=measure)
    label = narrative_label(key)
    current = opened.loaded.assessment.narrative.get(key, "")
    text: str | None
    if clear:
        text = None
    elif source is not None:
        text = read_text_file(source)
        if not text.strip():
            raise InputError(
                _("{path} is empty; to remove {section}, use --clear").format(
                    path=source, section=label
                )
            )
    else:
        text = edit_text(current or _draft_of(opened, key))
        if text is None:
            yield Say(_("{section}: unchanged").format(section=label))
            return ExitCode.OK
        if not text.strip():
            raise InputError(
                _(
                    "the editor left {section} empty; nothing written (to remove it, use --clear)"
                ).format(section=label)
            )
    if (text or "").strip() == current:
        yield Say(_("{section}: unchanged").format(section=label))
        return ExitCode.OK
    narrative.write(opened, section, text, part=part, measure=measure, by=by)
    said = _("{path}: {section} cleared") if text is None else _("{path}: {section} written")
    yield Say(said.format(path=opened.loaded.path, section=label))
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
    if remove and value is not None:
        raise InputError(_("give the figure's value, or --remove, not both"))
    if not remove and value is None:
        raise InputError(_("give the figure's value (and unit), or --remove"))
    opened = open_assessment(file, dirs)
    updated = narrative.figure(opened, name, value, unit, by=by)
    if remove:
        yield Say(_("{path}: figure {name} removed").format(path=opened.loaded.path, name=name))
    else:
        figure_now = next((f for f in updated.figures if f.name == name.strip()), None)
        shown = f"{value} {figure_now.unit}" if figure_now and figure_now.unit else value
        yield Say(
            _("{path}: figure {name} = {value}").format(
                path=opened.loaded.path, name=name, value=shown
            )
        )
    return ExitCode.OK
