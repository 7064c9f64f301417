"""Regular expressions compiled when first used, not when their module is imported.

Compiling a pattern costs up to a millisecond; a command that starts many
times a day should not pay for the patterns it never uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache


def lazy(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A function that gives the compiled pattern, compiling it the first time."""

    @cache
    def compiled() -> re.Pattern[str]:
        return re.compile(pattern, flags)

    return compiled
