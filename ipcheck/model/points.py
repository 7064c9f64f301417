"""Points in half points: 1, 1.5, 47.5 — the unit every score, weight and total is kept in.

County assessments commonly give half points, so a checklist's weights, a part score and
an office's 扣分 may each be a multiple of 0.5. A file says `1` or `1.5`: a whole number
is kept an integer, so files, digests and signatures made before half points existed
read and verify as they did. Sums of halves are exact in binary floating point (every
half is a power-of-two fraction), so no total drifts.
"""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from ipcheck.text.points import exact, points_text

__all__ = ["HALF", "Points", "Total", "exact", "is_half", "parse", "points_text"]

HALF = 0.5

Points = (
    Annotated[int, Meta(ge=0, le=100)]
    | Annotated[
        float,
        Meta(ge=0, le=100, multiple_of=HALF, description="a multiple of 0.5: 1, 1.5, 2"),
    ]
)
# A sum of points: a checklist's county total (no upper bound of its own but a sane one).
Total = (
    Annotated[int, Meta(gt=0, le=100_000)]
    | Annotated[float, Meta(gt=0, le=100_000, multiple_of=HALF)]
)


def is_half(value: float) -> bool:
    """A multiple of 0.5."""
    return float(value * 2).is_integer()


def parse(said: str) -> int | float:
    """Points as a person types them: 1, 1.5, ０．５, 1.5分. ValueError unless a multiple of
    0.5 from 0 to 100."""
    import unicodedata

    cleaned = unicodedata.normalize("NFKC", said).strip().removesuffix("分").strip()
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(said) from None
    if not (0 <= value <= 100 and is_half(value)):
        raise ValueError(said)
    return exact(value)
