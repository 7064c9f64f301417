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
from typing import BinaryIO, NamedTuple

from ipcheck.api import narrative
from ipcheck.core.narrative import narrative_label
from ipcheck.errors import ExitCode, InputError, StaleError
from ipcheck.model.assessment import Section
from ipcheck.model.events import Events, Say
from ipcheck.store.assessment_file import Asked, Opened, open_assessment, shown, unless_changed
from ipcheck.store.clock import now
from ipcheck.store.files import read_bytes
from ipcheck.text.i18n import N_, _, ngettext
from ipcheck.text.oserrors import reason

Dirs = Sequence[tuple[Path, bool]]
TEXT_FILE_LIMIT = 1 << 20  # a section's text file: far below this


DOCX_XML_LIMIT = 32 << 20  # a .docx's XML, unpacked: a section's Word file is far below this
PLAIN_TEXT_HINT = N_(
    "save it as plain text (in Word or Notepad: Save As, Plain Text, encoding UTF-8) and "
    "give that file"
)
# Terminal editors tried in turn where neither $VISUAL nor $EDITOR names one (not Windows,
# where Notepad is always there).
TERMINAL_EDITORS = ("nano", "vim", "vi")


def decode_text(data: bytes, name: str) -> str:
    """Text as officers save it: UTF-8 (with or without BOM), UTF-16 with its BOM (Notepad's
    "Unicode"), or GBK from Notepad."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(
        _("{path}: neither UTF-8, UTF-16 nor GBK text; {hint}").format(
            path=name, hint=_(PLAIN_TEXT_HINT)
        )
    )


class TextRead(NamedTuple):
    """A section's text as read from a file, and the Word tables left out of it."""

    text: str
    tables: int = 0


def read_text_file(path: Path) -> TextRead:
    """A section's text from a file: plain text (decode_text), or a Word .docx read
    paragraph by paragraph."""
    data = read_bytes(path, TEXT_FILE_LIMIT)
    if path.suffix.lower() == ".docx" or data.startswith(b"PK\x03\x04"):
        return _docx_paragraphs(data, path)
    return TextRead(decode_text(data, str(path)))


def _docx_paragraphs(data: bytes, path: Path) -> TextRead:
    """A Word file's paragraphs, one a line (tables and images left out): refused, with
    how to save it as text, where it is not a .docx (a .doc, a zip of something else) or
    unpacks to more than a section's worth."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {info.filename: info.file_size for info in archive.infolist()}
            if "word/document.xml" not in names or sum(names.values()) > DOCX_XML_LIMIT:
                raise zipfile.BadZipFile(path.name)
            from docx import Document

            document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InputError(
            _("{path}: not a Word .docx file ipcheck can read; {hint}").format(
                path=path, hint=_(PLAIN_TEXT_HINT)
            )
        ) from None
    text = "\n".join(p.text for p in document.paragraphs).strip("\n") + "\n"
    return TextRead(text, len(document.tables))


def _editor() -> list[str] | None:
    """The editor to open: $VISUAL, $EDITOR; Notepad on Windows; else a terminal editor on
    the PATH, where there is a terminal to show it in; None where there is none."""
    import shutil
    import sys

    named = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if named:
        return shlex.split(named, posix=os.name != "nt")
    if os.name == "nt":
        return ["notepad"]
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return None  # a terminal editor needs a terminal
    for name in TERMINAL_EDITORS:
        if shutil.which(name):
            return [name]
    return None


def edit_text(current: str) -> str | None:
    """The user's editor on the current text; None when the text was left as it was."""
    command = _editor()
    if command is None:
        raise InputError(
            _(
                "no editor to open here: give the text as a file (ipcheck write 基本情况 "
                "基本情况.txt), or pipe it in"
            )
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ipcheck-section.txt"
        path.write_text(current, encoding="utf-8")
        try:
            done = subprocess.run([*command, str(path)], check=False)
        except OSError as exc:
            raise InputError(
                _("cannot open the editor {editor}: {reason}").format(
                    editor=command[0], reason=reason(exc)
                )
            ) from None
        if done.returncode != 0:
            raise InputError(
                _("the editor {editor} ended with an error; nothing written").format(
                    editor=command[0]
                )
            )
        text = read_text_file(path).text
    return None if text == current else text


def _keep_typed(key: str, text: str) -> Path:
    """What was typed in the editor and could not be written, in a file of its own (in
    the system's temporary folder) for the officer to write again."""
    import re

    safe = re.sub(r"[^\w-]+", "-", key)
    fd, name = tempfile.mkstemp(prefix=f"ipcheck-{safe}-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as kept:
        kept.write(text)
    return Path(name)


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
    stdin: BinaryIO | None = None,
) -> Events:
    """Set a section (or one part's or measure's practices) from a text file, what is piped
    in (`stdin`, where it is not a terminal), the editor, or clear it."""
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
    piped = None
    seen: str | None = None  # the section as the editor was shown it
    if not clear and source is None and stdin is not None:
        data = stdin.read(TEXT_FILE_LIMIT + 1)
        if len(data) > TEXT_FILE_LIMIT:
            raise InputError(_("the text piped in is larger than a section can be"))
        piped = decode_text(data, _("the text piped in")) if data.strip() else None
    if clear:
        text = None
    elif piped is not None:
        text = piped
    elif source is not None:
        read = read_text_file(source)
        text = read.text
        if read.tables:
            yield Say(
                ngettext(
                    "{path}: {count} table in it left out (a section is text: write what "
                    "it says as paragraphs)",
                    "{path}: {count} tables in it left out (a section is text: write what "
                    "they say as paragraphs)",
                    read.tables,
                ).format(path=source, count=read.tables),
                "warning",
            )
        if not text.strip():
            raise InputError(
                _("{path} is empty; to remove {section}, use --clear").format(
                    path=source, section=label
                )
            )
    else:
        seen = shown(opened.loaded.assessment.narrative.get(key))
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
    if seen is None:
        narrative.write(opened, section, text, part=part, measure=measure, by=by)
    else:
        # typed in the editor over the text it showed: written only if that is still the
        # section's text (a colleague's save meanwhile was overwritten without a word)
        try:
            with unless_changed(Asked(section=(key, seen))):
                narrative.write(opened, section, text, part=part, measure=measure, by=by)
        except StaleError:
            kept = _keep_typed(key, text or "")
            # the command that writes it, as this one was given: the part or measure, the file
            words = [section_word, str(kept)]
            words += ["--part", part] if part is not None else []
            words += ["--measure", measure] if measure is not None else []
            words += ["-f", str(opened.loaded.path)] if file is not None else []
            raise InputError(
                _(
                    "{section} was changed meanwhile by someone else: nothing was written; "
                    "what you typed is kept in {kept} ({command} writes it over theirs)"
                ).format(
                    section=label,
                    kept=kept,
                    # quoted where a word has a space, as cmd and a POSIX shell both take
                    command=" ".join(
                        f'"{w}"' if " " in w else w for w in ["ipcheck", "write", *words]
                    ),
                )
            ) from None
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


def setting(
    key: str,
    value: str | None,
    dirs: Dirs,
    *,
    clear: bool,
    file: Path | None,
    by: str | None,
) -> Events:
    """Set, show or clear a report setting (落款, 标题, 成文日期, 主送机关)."""
    from ipcheck.rules.issuing import issuing

    if clear and value is not None:
        raise InputError(_("give a value, or --clear, not both"))
    opened = open_assessment(file, dirs)
    if value is not None or clear:
        narrative.setting(opened, key, value, by=by)
        opened = opened.fresh()
    a = opened.loaded.assessment
    c = opened.checklist.checklist
    issued = issuing(a, c, None, now().date())
    addressee = (
        issued.addressee
        if issued.addressee_set
        else _("none: the checklist's is this assessee itself; set one")
        if issued.addressee_self
        else _("{value} (default)").format(value=issued.addressee or "—")
    )
    yield Say(
        _("{path}: 落款 {signer}; 标题 {title}; 成文日期 {dated}; 主送机关 {addressee}").format(
            path=opened.loaded.path,
            addressee=addressee,
            signer=issued.signer
            if issued.signer_set
            else _("{value} (default)").format(value=issued.signer),
            title=issued.title
            if issued.title_set
            else _("{value} (default)").format(value=issued.title),
            dated=issued.dated.isoformat()
            if issued.dated_set
            else _("the day it is sealed (default)"),
        )
    )
    return ExitCode.OK
