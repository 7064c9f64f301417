"""A file's record as loaded: the data, and what identifies it (digest, path)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ipcheck.model.assessment import Assessment
from ipcheck.model.checklist import Checklist


class LoadedChecklist(NamedTuple):
    checklist: Checklist
    digest: str  # of what the checklist means (store/digest.py)
    path: Path | None


class LoadedAssessment(NamedTuple):
    assessment: Assessment
    path: Path  # the file itself (a link given by the user is followed)

    @property
    def folder(self) -> Path:
        return self.path.parent
