"""Opening an assessment for a command: the file (-f, or the one in this folder), read by
the one loader, with the checklist it pins and the scope that gives its assessee; and
changing it: under its lock, on a fresh read, written atomically."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from ipcheck.core.marking import Stamp
from ipcheck.errors import InputError
from ipcheck.model.assessment import Assessment
from ipcheck.model.loaded import LoadedAssessment, LoadedChecklist
from ipcheck.rules.history import is_sealed
from ipcheck.rules.scope import ScopedItem, scope_of
from ipcheck.store.catalog import resolve
from ipcheck.store.clock import now
from ipcheck.store.discover import find_assessment_file
from ipcheck.store.loader import load_assessment
from ipcheck.text.i18n import _

Dirs = Sequence[tuple[Path, bool]]


class Opened(NamedTuple):
    loaded: LoadedAssessment
    checklist: LoadedChecklist
    scope: list[ScopedItem]


def open_assessment(file: Path | None, dirs: Dirs) -> Opened:
    """The assessment (-f or the one in this folder) with its pinned checklist."""
    path = find_assessment_file(file, Path.cwd())
    if path.is_symlink():
        # a shared file reached through a link: read, lock and write the file itself
        path = Path(os.path.realpath(path))
    loaded = load_assessment(path)
    pin = loaded.assessment.checklist
    checklist = resolve(f"{pin.id}@{pin.version}", dirs)
    return Opened(loaded, checklist, scope_of(checklist.checklist, loaded.assessment.assessee))


def change(
    opened: Opened,
    apply: Callable[[Assessment, Stamp], Assessment],
    by: str,
    *,
    sealed_ok: bool = False,
) -> Assessment:
    """Re-read the file under its lock, apply the change stamped by `by` at the time the
    lock was taken, write it back atomically. A sealed file is refused unless the change is
    the one that lifts the seal.

    The time is read under the lock: two writers that wait for one another stamp their
    history lines in the order they write them, so times never go backwards (which
    validate and seal would refuse)."""
    from ipcheck.store.writer import atomic_write, locked, to_toml

    path = opened.loaded.path

    def work() -> Assessment:
        current = load_assessment(path).assessment
        if current.checklist != opened.loaded.assessment.checklist:
            raise InputError(
                _("{path}: changed checklist while this command ran; run it again").format(
                    path=path
                )
            )
        if not sealed_ok:
            refuse_sealed(path, current)
        updated = apply(current, Stamp(by, now()))
        if updated != current:
            atomic_write(path, to_toml(updated), sweep=True)
        return updated

    return locked(path, work)


def refuse_sealed(path: Path, assessment: Assessment) -> None:
    """A sealed assessment is what was submitted: no change until the seal is lifted."""
    if is_sealed(assessment):
        raise InputError(
            _(
                "{path} is sealed (submitted, 已报送): it is not changed; to change it "
                'on purpose, lift the seal first: ipcheck unseal --reason "…"'
            ).format(path=path)
        )
