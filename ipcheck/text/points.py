"""Points as they are written and said: 3 (not 3.0), 1.5, 47.5."""

from __future__ import annotations


def exact(value: float) -> int | float:
    """A value in half points as it is written: an integer when whole (3, not 3.0)."""
    whole = int(value)
    return whole if whole == value else value


def points_text(value: float) -> str:
    """How points are shown: 3, 1.5, 47.5."""
    return str(exact(value))


def plural_count(value: float) -> int:
    """The count a plural form is chosen by: 1 point, 1.5 points, 2 points."""
    whole = int(value)
    return whole if whole == value else 2
