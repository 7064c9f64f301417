"""The check of an assessment as received: every evidence file as recorded, and its seal
intact and signed by a key trusted for the assessee — what `verify` does, as a function
that returns what it found."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ipcheck.store.assessment_file import Opened
from ipcheck.store.catalog import newest
from ipcheck.store.evidence import VerifyResult
from ipcheck.store.evidence import verify as check_evidence
from ipcheck.store.seal_file import SealCheck, check_sealed

Dirs = Sequence[tuple[Path, bool]]


class Verified(NamedTuple):
    """Every evidence file checked; the seal, where there is one (or a key was given)."""

    evidence: VerifyResult
    seal: SealCheck | None

    @property
    def clean(self) -> bool:
        return self.evidence.clean and (self.seal is None or not self.seal.problems)


def verify(
    opened: Opened, *, key: str | None = None, allow_outside: bool = False, dirs: Dirs = ()
) -> Verified:
    """Every evidence file present with its recorded SHA-256, nothing unreferenced, and the
    seal: intact, and with `key` (a public key line, or a file of them, each naming its
    county or unit) signed by a key trusted for the assessee."""
    opened = opened.fresh()
    result = check_evidence(opened.loaded, allow_outside=allow_outside)
    # who a file and a key are of is read from the city's roster: the newest version's
    dirs = dirs or opened.dirs
    city = newest(opened.loaded.assessment.checklist.id, dirs) if dirs else None
    roster = (city or opened.checklist).checklist
    return Verified(result, check_sealed(opened.loaded, key, roster, allow_outside))
