"""Usage errors (a missing option, a bad value) as one line in the user's language.

click's messages are English only. Most of what they say is in the error
itself (which option is missing, which option is unknown and what is close);
the rest is one of a few fixed English sentences about a value, matched here
and said again through the catalog. A sentence not known here is shown as
click wrote it, after the translated frame, rather than lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from typer import _click
from typer._click import exceptions as click
from typer.core import TyperArgument, TyperOption

from ipcheck.text.i18n import N_, _

# click's sentences about a value (typer/_click/types.py, typer/_types.py,
# typer/models.py, typer/_click/parser.py, typer/_click/core.py), each with the
# catalog's message that says the same. Named groups become the message's fields.
_SENTENCES: list[tuple[str, str]] = [
    (r"'(?P<value>.*)' is not a valid int( range)?\.", N_("{value} is not a whole number")),
    (r"'(?P<value>.*)' is not a valid float( range)?\.", N_("{value} is not a number")),
    (
        r"(?P<value>.+) is not in the range (?P<range>\S+)\.",
        N_("{value} is outside the range {range}"),
    ),
    (r"'(?P<value>.*)' is not one of (?P<choices>.+)\.", N_("{value} is not one of {choices}")),
    (r"'(?P<value>.*)' is not (?P<choices>'[^']*')\.", N_("{value} is not {choices}")),
    (
        r"(File|Directory|Path) '(?P<value>.*)' does not exist\.",
        N_("{value} does not exist"),
    ),
    (r"(File|Directory|Path) '(?P<value>.*)' is a file\.", N_("{value} is a file, not a folder")),
    (
        r"(File|Directory|Path) '(?P<value>.*)' is a directory\.",
        N_("{value} is a folder, not a file"),
    ),
    (r"(File|Directory|Path) '(?P<value>.*)' is not readable\.", N_("{value} cannot be read")),
    (r"(File|Directory|Path) '(?P<value>.*)' is not writable\.", N_("{value} cannot be written")),
    (r"Option '(?P<option>.*)' requires an argument\.", N_("option {option} needs a value")),
    (
        r"Option '(?P<option>.*)' requires (?P<count>\d+) arguments\.",
        N_("option {option} needs {count} values"),
    ),
    (
        r"Option '(?P<option>.*)' does not take a value\.",
        N_("option {option} does not take a value"),
    ),
    (
        r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)",
        N_("unexpected extra arguments: {args}"),
    ),
    (
        r"No such command '(?P<command>.*)'\. Did you mean '(?P<close>.*)'\?",
        N_("there is no command {command}; did you mean {close}?"),
    ),
    (r"No such command '(?P<command>.*)'\.", N_("there is no command {command}")),
    (r"Missing command\.", N_("name a command")),
]
_COMPILED = [(re.compile(pattern, re.DOTALL), message) for pattern, message in _SENTENCES]


def sentence(text: str) -> str:
    """One of click's sentences in the user's language (unknown ones as they are)."""
    text = text.strip()
    for pattern, message in _COMPILED:
        found = pattern.fullmatch(text)
        if found:
            return _(message).format(**found.groupdict())
    return text


def _param_name(param: _click.Parameter | None) -> str:
    if param is None:
        return ""
    if isinstance(param, TyperOption):
        return " / ".join(param.opts)
    return _(param.metavar) if param.metavar else (param.name or "").upper()


def _missing(error: click.MissingParameter) -> str:
    name = _param_name(error.param)
    if isinstance(error.param, TyperArgument):
        return _("missing {name}").format(name=name)
    return _("missing option {name}").format(name=name)


def _no_such_option(error: click.NoSuchOption) -> str:
    text = _("there is no option {name}").format(name=error.option_name)
    if error.possibilities:
        close = _(", ").join(sorted(error.possibilities))
        text += _("; did you mean {close}?").format(close=close)
    return text


def _bad_parameter(error: click.BadParameter) -> str:
    name = _param_name(error.param) if error.param is not None else (error.param_hint or "")
    said = sentence(error.message)
    if not name:
        return said
    return _("{name}: {problem}").format(name=name, problem=said)


_BY_TYPE: list[tuple[type[click.ClickException], Callable[..., str]]] = [
    (click.MissingParameter, _missing),
    (click.NoSuchOption, _no_such_option),
    (click.BadParameter, _bad_parameter),
]


def explain(error: click.ClickException, command: str = "ipcheck") -> str:
    """The one line said for a usage error, with where to find the command's help (the
    error's own command, else `command`: the errors of the option parser carry none)."""
    for kind, say in _BY_TYPE:
        if isinstance(error, kind):
            text = say(error)
            break
    else:
        text = sentence(error.message)
    ctx = getattr(error, "ctx", None)
    path = ctx.command_path if ctx is not None else command
    return text + _(" (see: {command} --help)").format(command=path)
