"""A jinja2 environment for templates received from elsewhere (`--template-dir`).

jinja's sandbox keeps a template away from Python internals; this adds what a
received template must not do either:

- **read outside its folder**: templates are loaded by name from their folder
  only; a name, or a symbolic link inside the folder, that leads elsewhere is
  refused, and only regular files of bounded size are read;
- **exhaust memory**: operators and calls that can build huge values
  (`"x" * 10**10`, `10**10**10`, `"%099999999d"`, `"%*d"`, `.ljust(10**9)`,
  `|center`, `.replace`, a list grown in place by `.extend`) are checked before they
  run, the output is bounded, and on Linux the address space is capped while a
  received template renders;
- **compute for ever in C**, where no deadline reaches: whole numbers are bounded
  (MAX_INT_BITS) before a power or product makes them;
- **run for ever**: a received template renders against a deadline, checked
  on every line the template's code executes (sys.settrace, on every platform).

Every failure becomes one TemplateError naming the template and its line.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ipcheck.errors import IpcheckError
from ipcheck.store.files import is_inside, read_bytes
from ipcheck.store.toml import decode_text
from ipcheck.text.i18n import _
from ipcheck.text.lazy import lazy

MAX_TEMPLATE_BYTES = 1 << 20  # a template file
MAX_VALUE = 16 << 20  # characters or elements one operation may build
# bits of a whole number an operator may make: a report counts and scores, and a power or
# product of big numbers runs in C, where no deadline can stop it (3 ** 60000000: 50 s)
MAX_INT_BITS = 4096
MAX_OUTPUT = 256 << 20  # characters of a rendered document
DEADLINE_SECONDS = 10.0  # for a received template
_BIG_NUMBER = lazy(r"\d{8,}")  # a width or precision of 10 million or more
_NESTED_SPEC = lazy(r"\{[^{}]*:[^{}]*\{")  # "{:{w}}": a spec that takes an argument


class TemplateError(IpcheckError):
    """A template that does not parse, is not allowed, or fails while rendering."""


class TemplateLimit(Exception):
    """A template went past a bound (size, time); becomes a TemplateError with its line."""


class FolderLoader(jinja2.BaseLoader):
    """Templates by name from folders, searched in order; nothing outside them is read."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)  # refuses `..`
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            if not path.is_symlink() and not path.exists():
                continue
            if not is_inside(path, folder):
                raise TemplateError(
                    _(
                        "{path}: template leads outside its folder {folder} (a symbolic link); "
                        "refused"
                    ).format(path=path, folder=folder)
                )
            source = decode_text(read_bytes(path, MAX_TEMPLATE_BYTES), str(path))
            return source, str(path), lambda: True
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        return sorted({p.name for f in self.folders if f.is_dir() for p in f.iterdir()})


def _size(value: object) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple) else 0


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_bits(bits: int, what: str) -> None:
    if bits > MAX_INT_BITS:
        raise TemplateLimit(
            _("{what} would make a number of {bits} bits; refused").format(
                what=_operation(what), bits=f"{bits:,}"
            )
        )


def _check_size(size: int, what: str) -> None:
    if size > MAX_VALUE:
        raise TemplateLimit(
            _("{what} would build {size} characters or elements; refused").format(
                what=_operation(what), size=f"{size:,}"
            )
        )


def _operation(what: str) -> str:
    """What a template tried, in the run's language (looked up only when refused: the
    checks run at every operator)."""
    return {
        "repetition": _("a repetition"),
        "product": _("a product"),
        "power": _("a power"),
        "concatenation": _("a concatenation"),
        "call": _("a call"),
        "growth": _("a list grown in place"),
        "replace": _("a replace"),
        "join": _("a join"),
        "filter": _("a filter"),
    }[what]


def _huge_format() -> TemplateLimit:
    return TemplateLimit(_("a format with a huge width or precision; refused"))


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox, with operators and calls that could build huge values checked first."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(times, int) and _size(seq):
                    _check_size(_size(seq) * times, "repetition")
            if _whole(left) and _whole(right):
                _check_bits(abs(left).bit_length() + abs(right).bit_length(), "product")
        elif operator == "**":
            if _whole(left) and _whole(right) and abs(left) > 1:
                _check_bits(right * abs(left).bit_length(), "power")
        elif operator == "%" and isinstance(left, str):
            if _BIG_NUMBER().search(left):
                raise _huge_format()
            # "%*d": the width is an argument
            given = right if isinstance(right, tuple) else (right,)
            if "*" in left and any(_whole(v) and abs(v) > MAX_VALUE for v in given):
                raise _huge_format()
        elif operator == "+":
            _check_size(_size(left) + _size(right), "concatenation")
        return super().call_binop(context, operator, left, right)

    def call(
        __self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any
    ) -> Any:
        _check_call(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        _check_size(_size(result), "call")
        # a list grown in place (ns.items.extend(…), .append) is bounded as a value is
        _check_size(_size(getattr(__obj, "__self__", None)), "growth")
        return result


def _check_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Arguments that would make a call build a huge value."""
    values = [*args, *kwargs.values()]
    # jinja2 hands str.format over wrapped (its sandboxed formatter): the method is inside
    method = getattr(function, "__wrapped__", function)
    owner = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    formats = isinstance(owner, str) and name in ("format", "format_map")
    # a width taken from an argument ("{:{w}}") can be a string of digits; any other
    # string argument is a value (a commit id, a SHA-256), whatever digits it holds
    nested = formats and _NESTED_SPEC().search(str(owner)) is not None
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and value > MAX_VALUE:
            raise TemplateLimit(
                _("a call with the number {value}; refused").format(value=f"{value:,}")
            )
        if nested and isinstance(value, str) and _BIG_NUMBER().search(value):
            raise TemplateLimit(_("a call with a huge width or precision; refused"))
    if formats and _BIG_NUMBER().search(str(owner)):
        raise _huge_format()
    if name in ("extend", "append", "insert") and isinstance(owner, list) and args:
        grown = args[-1]
        added = len(grown) if name == "extend" and hasattr(grown, "__len__") else 1
        _check_size(len(owner) + added, "growth")
    if name == "replace" and len(args) >= 2:
        _check_size((_size(owner) + 1) * max(1, _size(args[1])), "replace")
    if name == "join" and isinstance(args[0] if args else None, list | tuple):
        _check_size(sum(_size(x) for x in args[0]) + _size(owner) * len(args[0]), "join")


def _bounded_filter(filter_function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose arguments are checked like calls, and whose result is bounded."""

    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check_call(filter_function, args[1:] if args else args, kwargs)
        if args and isinstance(args[0], list | tuple) and filter_function.__name__.endswith("join"):
            _check_size(sum(_size(x) for x in args[0]), "join")
        result = filter_function(*args, **kwargs)
        _check_size(_size(result), "filter")
        return result

    for attribute in ("jinja_pass_arg",):  # pass_context/pass_environment markers
        if hasattr(filter_function, attribute):
            setattr(bounded, attribute, getattr(filter_function, attribute))
    bounded.__name__ = filter_function.__name__
    return bounded


def bound_filters(env: jinja2.Environment) -> None:
    env.filters = {name: _bounded_filter(f) for name, f in env.filters.items()}


def render_bounded(template: jinja2.Template, context: dict[str, Any], received: bool) -> str:
    """Render, refusing more than MAX_OUTPUT characters; a received template also
    within DEADLINE_SECONDS and (where the OS allows) a capped address space."""
    pieces: list[str] = []
    total = 0
    with _deadline(received), _memory_cap(received), _quiet_finalizers(received):
        for piece in template.generate(context):
            total += len(piece)
            if total > MAX_OUTPUT:
                raise TemplateLimit(
                    _("the output passed {size} MB; refused").format(size=MAX_OUTPUT >> 20)
                )
            pieces.append(piece)
    return "".join(pieces)


@contextmanager
def _quiet_finalizers(active: bool) -> Iterator[None]:
    """While a received template renders, an object finalized at the depth its recursion
    ran into has no stack left for Python's hook, which then prints a second line
    ("Exception ignored in sys.unraisablehook") beside the one-line refusal: `id`, a C
    function, is the hook meanwhile — callable at any depth, saying nothing."""
    if not active:
        yield
        return
    previous = sys.unraisablehook
    sys.unraisablehook = id
    try:
        yield
    finally:
        sys.unraisablehook = previous


def _overtime() -> TemplateLimit:
    return TemplateLimit(
        _("the template ran for more than {seconds} s; stopped").format(
            seconds=f"{DEADLINE_SECONDS:.0f}"
        )
    )


@contextmanager
def _deadline(active: bool) -> Iterator[None]:
    if not active:
        yield
        return
    stop_at = time.monotonic() + DEADLINE_SECONDS

    def on_line(frame: FrameType, event: str, arg: object) -> Any:
        if time.monotonic() > stop_at:
            raise _overtime()
        return on_line

    def on_call(frame: FrameType, event: str, arg: object) -> Any:
        if time.monotonic() > stop_at:
            raise _overtime()
        # jinja compiles a template to code whose file name is the template's
        return on_line if frame.f_code.co_filename.endswith(".j2") else None

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        yield
    finally:
        sys.settrace(previous)


MEMORY_HEADROOM = 1 << 30  # what a received template may add to the address space


@contextmanager
def _memory_cap(active: bool) -> Iterator[None]:
    """On Linux, cap the address space while a received template renders (an allocation
    past it raises MemoryError). Elsewhere the checks above are the bound."""
    if not active:
        yield
        return
    try:
        import resource
    except ImportError:  # Windows: no rlimits
        yield
        return
    try:
        statm = Path("/proc/self/statm").read_text().split()
        in_use = int(statm[0]) * resource.getpagesize()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (OSError, ValueError, IndexError):
        yield
        return
    cap = in_use + MEMORY_HEADROOM
    if hard != resource.RLIM_INFINITY and cap > hard:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
