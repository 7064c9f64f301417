"""`--help`, written by ipcheck in the user's language.

typer carries its own copy of click, whose texts ("Usage:", "Options",
"Show this message and exit.") are English only. The help of every command is
therefore laid out here: the command's and each option's help, marked with
N_() where they are written, are translated as they are shown; the lines are
wrapped to the terminal (80 columns by default), Chinese counted double.
"""

from __future__ import annotations

import enum
import inspect
from collections.abc import Sequence

from typer import _click as click
from typer.core import TyperArgument, TyperGroup, TyperOption

from ipcheck.text.i18n import N_, _
from ipcheck.text.width import display_width, wrap

HELP_OPTION_HELP = N_("Show this message and exit.")
MAX_WIDTH = 100
_INDENT = 2
_GAP = 2
# The widest first column before the help moves to a line of its own.
_MAX_NAMES = 30


def help_text(command: click.Command, ctx: click.Context, width: int) -> str:
    """The whole help of a command or of the app."""
    width = max(40, min(width, MAX_WIDTH))
    out = [usage_line(command, ctx), ""]
    if command.help:
        body = _(inspect.cleandoc(command.help))
        for paragraph in body.split("\n\n"):
            out += [" " * _INDENT + line for line in wrap(paragraph, width - _INDENT)]
            out.append("")
    arguments = [
        (_arg_name(p), _(p.help))
        for p in command.get_params(ctx)
        if isinstance(p, TyperArgument) and p.help
    ]
    if arguments:
        out += [_("Arguments:"), *_records(arguments, width), ""]
    options = [
        _option_record(p, ctx) for p in command.get_params(ctx) if isinstance(p, TyperOption)
    ]
    if options:
        out += [_("Options:"), *_records(options, width), ""]
    if isinstance(command, TyperGroup):
        rows = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                rows.append((name, first_sentence(_(inspect.cleandoc(sub.help or "")))))
        if rows:
            out += [_("Commands:"), *_records(rows, width, one_line=True), ""]
    return "\n".join(out)


def usage_line(command: click.Command, ctx: click.Context) -> str:
    """用法：ipcheck status [选项] — the line also shown under a usage error."""
    pieces = [ctx.command_path, _("[OPTIONS]")]
    for param in command.get_params(ctx):
        if isinstance(param, TyperArgument):
            name = _arg_name(param)
            pieces.append(name if param.required or name.startswith("[") else f"[{name}]")
    if isinstance(command, TyperGroup):
        pieces.append(_("COMMAND [ARGS]..."))
    return _("Usage: {usage}").format(usage=" ".join(pieces))


def first_sentence(text: str) -> str:
    """The first sentence of a help text, for the list of commands: up to its full stop,
    or its first semicolon outside brackets (then ended with a full stop)."""
    text = text.split("\n\n", 1)[0].replace("\n", " ")
    depth = 0
    for i, char in enumerate(text):
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(0, depth - 1)
        elif (depth == 0 and char == "。") or text.startswith(". ", i):
            return text[: i + 1]
        elif depth == 0 and (char == "；" or text.startswith("; ", i)):
            return text[:i] + ("。" if char == "；" else ".")
    return text


def _arg_name(param: click.Parameter) -> str:
    name = _(param.metavar) if param.metavar else (param.name or "").upper()
    return name + ("..." if param.nargs == -1 and "..." not in name else "")


def _option_record(param: TyperOption, ctx: click.Context) -> tuple[str, str]:
    names = ", ".join(sorted(param.opts, key=lambda o: (o.startswith("--"), o)))
    if param.secondary_opts:
        names += " / " + ", ".join(param.secondary_opts)
    if not param.is_flag and not param.count:
        metavar = param.metavar or param.type.name.upper()
        names += " " + _(metavar)
    text = _(param.help) if param.help else ""
    if param.name == "help":
        text = _(HELP_OPTION_HELP)
    extras = []
    default = _shown_default(param)
    if default is not None:
        extras.append(_("[default: {value}]").format(value=default))
    if param.required:
        extras.append(_("[required]"))
    if not extras:
        return names, text
    joined = " ".join(extras)
    return names, (text + ("" if text.endswith(("。", "）")) else " ") + joined).strip()


def _shown_default(param: TyperOption) -> str | None:
    if not param.show_default or param.is_flag:
        return None
    value = param.default
    if value is None or value in ((), [], "") or callable(value):
        return None
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def _records(rows: Sequence[tuple[str, str]], width: int, one_line: bool = False) -> list[str]:
    """Two columns: names, then help wrapped beside them (or below long names)."""
    first = min(_MAX_NAMES, max((display_width(n) for n, _text in rows), default=0))
    text_at = _INDENT + first + _GAP
    lines: list[str] = []
    for names, text in rows:
        room = max(20, width - text_at)
        wrapped = wrap(text, room) if text else [""]
        if one_line and len(wrapped) > 1:
            wrapped = [_ellipsis(wrapped[0], room)]
        head = " " * _INDENT + names
        if display_width(names) > first:
            lines.append(head)
            lines += [" " * text_at + line for line in wrapped if line]
            continue
        pad = " " * (text_at - display_width(head))
        lines.append((head + pad + wrapped[0]).rstrip())
        lines += [" " * text_at + line for line in wrapped[1:]]
    return lines


def _ellipsis(line: str, room: int) -> str:
    while line and display_width(line) + 1 > room:
        line = line[:-1]
    return line.rstrip() + "…"
