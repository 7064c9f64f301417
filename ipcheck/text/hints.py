"""Hints that name the command line's options (--reason, ipcheck unseal …): said on the
command line, left out on the page (`ipcheck serve`), whose forms hold the controls they
name — an officer who never opens a terminal is not told to type one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_ON_PAGE: ContextVar[bool] = ContextVar("on_page", default=False)


def cli_hint(text: str) -> str:
    """`text` on the command line; nothing on the page."""
    return "" if _ON_PAGE.get() else text


@contextmanager
def on_page() -> Iterator[None]:
    """Messages made inside are the page's: without the command line's hints."""
    token = _ON_PAGE.set(True)
    try:
        yield
    finally:
        _ON_PAGE.reset(token)
