"""`upgrade`: move an assessment to a newer checklist version without losing anything.

The versions between are found in the catalog, each declaring the one it
follows; the states follow their mappings (core/upgrade.py); the old file is
kept as a backup; `--dry-run` shows every change and writes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ipcheck.core.upgrade import Step
from ipcheck.core.upgrade import upgrade as upgrade_states
from ipcheck.errors import ExitCode, InputError
from ipcheck.model.assessment import Assessment, Stamp
from ipcheck.model.events import Events, Out, Say
from ipcheck.model.loaded import LoadedChecklist
from ipcheck.rules.assessment import item_names
from ipcheck.rules.history import is_sealed
from ipcheck.store.assessment_file import open_assessment, refuse_errors, transaction
from ipcheck.store.catalog import CatalogEntry, list_entries, load_entry
from ipcheck.store.clock import now, who
from ipcheck.store.writer import to_toml
from ipcheck.text.i18n import _
from ipcheck.text.versions import is_version, version_key

Dirs = Sequence[tuple[Path, bool]]


def upgrade_path(
    ident: str, current: str, target: str, dirs: Sequence[tuple[Path, bool]]
) -> list[LoadedChecklist]:
    """The versions after `current` up to `target`, each declaring its `previous`."""
    if not is_version(target):
        raise InputError(
            _("--to {version!r}: give a semantic version such as 1.1.0").format(version=target)
        )
    if version_key(target) < version_key(current):
        raise InputError(
            _("{id}: {target} is older than {current}; a downgrade is refused").format(
                id=ident, target=target, current=current
            )
        )
    if target == current:
        raise InputError(
            _("the assessment already uses {id}@{version}").format(id=ident, version=current)
        )
    entries: dict[str, CatalogEntry] = {e.version: e for e in list_entries(dirs) if e.id == ident}
    if target not in entries:
        if not entries:
            raise InputError(
                _("no checklist {id}@{version}; versions: none").format(id=ident, version=target)
            )
        raise InputError(
            _("no checklist {id}@{version}; versions: {versions}").format(
                id=ident, version=target, versions=", ".join(entries)
            )
        )
    chain: list[LoadedChecklist] = []
    version = target
    while version != current:
        entry = entries.get(version)
        if entry is None:
            raise InputError(
                _("no mapping path from {id}@{current} to {target}: {version} is missing").format(
                    id=ident, current=current, target=target, version=version
                )
            )
        loaded = load_entry(entry)
        chain.insert(0, loaded)
        previous = loaded.checklist.previous
        if previous is None or version_key(previous) < version_key(current):
            if previous is None:
                message = _(
                    "no mapping path from {id}@{current} to {target}: "
                    "{version} declares no previous version"
                )
            else:
                message = _(
                    "no mapping path from {id}@{current} to {target}: "
                    "{version} declares previous = {previous}"
                )
            raise InputError(
                message.format(
                    id=ident, current=current, target=target, version=version, previous=previous
                )
            )
        version = previous
    return chain


def upgrade(file: Path | None, to: str, dirs: Dirs, *, dry_run: bool, by: str | None) -> Events:
    """Move the assessment to checklist version `to`; keep a backup of the old file."""
    from ipcheck.render.upgrade import upgrade_results, upgrade_table

    if not to:
        raise InputError(_("give the version to move to: --to 1.1.0"))
    opened = open_assessment(file, dirs)
    pin = opened.loaded.assessment.checklist
    chain = upgrade_path(pin.id, pin.version, to, dirs)
    old_names: dict[str, str] = {}
    for version in (opened.checklist, *chain):
        for ident, name in item_names(version.checklist).items():
            old_names.setdefault(ident, name)
    names = {"old_names": old_names, "new_names": item_names(chain[-1].checklist)}
    # each step's review notes name the items of the version it leaves
    step_names = [item_names(version.checklist) for version in (opened.checklist, *chain[:-1])]
    by = who(by)
    path = opened.loaded.path
    if dry_run:
        refuse_errors(path, opened.loaded.assessment, opened.checklist)  # as the upgrade would
        upgraded, steps = upgrade_states(opened.loaded.assessment, chain, by, now(), step_names)
        to_toml(upgraded)  # the preview fails as the real upgrade would
        results = upgrade_results(upgraded)
        if is_sealed(opened.loaded.assessment):
            yield Say(
                _(
                    "{path} is sealed (待报送): the upgrade itself is refused until the seal "
                    'is lifted (ipcheck unseal --reason "…")'
                ).format(path=path),
                "warning",
            )
        yield Out(upgrade_table(pin.version, to, steps, dry_run=True, results=results, **names))
        yield Say(
            _("{path}: dry run, {count} change(s) for {items} items; nothing written").format(
                path=path, count=len(steps), items=len(opened.loaded.assessment.items)
            )
        )
        return ExitCode.OK

    done: list[list[Step]] = []
    backups: list[Path] = []

    def upgrading(current: Assessment, stamp: Stamp) -> Assessment:
        upgraded, steps = upgrade_states(current, chain, stamp.by, stamp.at, step_names)
        done.append(steps)
        return upgraded

    def backup(_upgraded: Assessment, _data: bytes, old: bytes) -> list[tuple[Path, bytes]]:
        """The old file, kept first: a crash after it leaves the old file and its copy."""
        target = path.with_name(f"{path.name}.{pin.version}.bak")
        counter = 1
        while os.path.lexists(target):
            counter += 1
            target = path.with_name(f"{path.name}.{pin.version}.{counter}.bak")
        backups.append(target)
        return [(target, old)]

    transaction(opened, upgrading, by, checklist=chain[-1], beside=backup)
    steps, backup_path = done[-1], backups[-1]
    yield Out(upgrade_table(pin.version, to, steps, dry_run=False, **names))
    yield Say(
        _("{path}: now {version}; {count} change(s); old file kept as {backup}").format(
            path=path, version=to, count=len(steps), backup=backup_path
        )
    )
    return ExitCode.OK
