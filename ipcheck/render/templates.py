"""Rendering the report context with jinja2: one sandboxed environment, strict, escaping.

Templates come from `templates/` (shipped) and, with --template-dir, a
county's own folder, searched first: a county may replace one template and
keep the rest. Templates run in jinja's sandbox, so a template received from
elsewhere cannot reach Python internals.
"""

from __future__ import annotations

import os
import traceback
from pathlib import Path
from typing import Any

import jinja2
import msgspec
from markupsafe import Markup, escape

from ipcheck.errors import IpcheckError
from ipcheck.render.sandbox import (
    BoundedSandbox,
    FolderLoader,
    TemplateError,
    TemplateLimit,
    bound_filters,
    render_bounded,
)
from ipcheck.store.resources import templates_dir
from ipcheck.text.i18n import _
from ipcheck.text.labels import percent
from ipcheck.text.markdown import md
from ipcheck.text.safety import printable_block

TEMPLATES = {"md": "report.md.j2", "html": "report.html.j2"}


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in the cache folder, by name and source: a report renders
    without compiling its templates again. A cache that cannot be used is skipped."""

    def __init__(self) -> None:
        from ipcheck import __version__
        from ipcheck.kept import cache_dir

        self.folder = cache_dir() / f"templates-{__version__}"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            with (self.folder / f"{bucket.key}.cache").open("rb") as handle:
                bucket.load_bytecode(handle)
        except (OSError, ValueError, EOFError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{bucket.key}.cache"
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as handle:
                bucket.write_bytecode(handle)
            tmp.replace(path)
        except OSError:
            pass


def environment(template_dir: Path | None) -> jinja2.Environment:
    search: list[Path] = [templates_dir()]
    if template_dir is not None:
        if not template_dir.is_dir():
            raise TemplateError(
                _("{path}: template folder does not exist").format(path=template_dir)
            )
        search.insert(0, template_dir)
    env = BoundedSandbox(
        loader=FolderLoader(search),
        bytecode_cache=_CompiledTemplates(),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters["md"] = md
    env.filters["percent"] = percent
    bound_filters(env)
    return env


@jinja2.pass_eval_context
def _finalize(context: jinja2.nodes.EvalContext, value: object) -> object:
    """Every value a template prints: control characters shown as escapes, never raw; in
    HTML a line break of the data is written &#10; (the same white space to a browser),
    so no line of the page's source starts with data."""
    if not isinstance(value, str) or isinstance(value, Markup):
        return value
    value = printable_block(value)
    if context.autoescape and "\n" in value:
        return Markup("&#10;").join(escape(line) for line in value.split("\n"))
    return value


def render(context: msgspec.Struct, fmt: str, template_dir: Path | None = None) -> str:
    """Render the report context as md or html."""
    return render_template(TEMPLATES[fmt], context, template_dir)


def render_template(
    name: str, view: msgspec.Struct | dict[str, Any], template_dir: Path | None = None
) -> str:
    """Render one template; every template error names the template and line."""
    env = environment(template_dir)
    # the view's fields are the template's names; nested parts stay typed (attributes)
    context = msgspec.structs.asdict(view) if isinstance(view, msgspec.Struct) else view
    try:
        return render_bounded(env.get_template(name), context, received=template_dir is not None)
    except TemplateError as exc:  # the loader refused a template (a link out), naming it
        where = _template_line(exc, name)
        if where == name:  # the one asked for: named once, not by its name and its path
            raise
        raise TemplateError(  # one a template includes: which line included it
            _("{path}: {problem}").format(path=where, problem=exc)
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise TemplateError(
            _("{where}: template syntax error: {message}").format(
                where=f"{where}:{exc.lineno}", message=exc.message
            )
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            _("{where}: template {name} not found in {folders}").format(
                where=_template_line(exc, name), name=exc.name, folders=_paths(env)
            )
        ) from None
    except jinja2.TemplateError as exc:
        raise _failed(exc, name, str(exc.message)) from None
    except TemplateLimit as exc:
        raise _stopped(exc, name, str(exc)) from None
    except RecursionError as exc:
        raise _failed(exc, name, _("recursion too deep")) from None
    except MemoryError as exc:
        raise _stopped(exc, name, _("it needed more memory than allowed")) from None
    except IpcheckError:
        raise
    except Exception as exc:  # a received template can raise anything Python can
        if not _from_template(exc):
            raise  # a bug of ipcheck's own keeps its traceback
        raise _failed(exc, name, f"{type(exc).__name__}: {exc}") from None


def _failed(exc: BaseException, name: str, message: str) -> TemplateError:
    return TemplateError(
        _("{where}: template error: {message}").format(
            where=_template_line(exc, name), message=message
        )
    )


def _stopped(exc: BaseException, name: str, reason: str) -> TemplateError:
    return TemplateError(
        _("{where}: template stopped: {reason}").format(
            where=_template_line(exc, name), reason=reason
        )
    )


def _paths(env: jinja2.Environment) -> str:
    loader = env.loader
    assert isinstance(loader, FolderLoader)
    return ", ".join(str(p) for p in loader.folders)


def _from_template(exc: BaseException) -> bool:
    return any(f.filename.endswith(".j2") for f in traceback.extract_tb(exc.__traceback__))


def _template_line(exc: BaseException, default: str) -> str:
    """jinja rewrites tracebacks so template frames carry the template's file and line."""
    found = default
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(".j2"):
            found = f"{frame.filename}:{frame.lineno}"
    return found
