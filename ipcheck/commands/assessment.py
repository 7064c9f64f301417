"""What the assessment commands do to files: open, create, change under the lock."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ipcheck.core.create import default_file_name, make_assessee, new_assessment
from ipcheck.core.marking import Stamp, detach, mark
from ipcheck.errors import InputError, IpcheckError, SchemaError
from ipcheck.model.assessment import Assessment, Evidence, Status
from ipcheck.model.loaded import LoadedAssessment, LoadedChecklist
from ipcheck.rules.scope import ScopedItem, resolve_refs, scope_of
from ipcheck.store.catalog import resolve
from ipcheck.store.clock import now, who
from ipcheck.store.discover import find_assessment_file
from ipcheck.store.evidence import make_evidence
from ipcheck.store.files import read_bytes
from ipcheck.store.loader import load_assessment
from ipcheck.store.writer import atomic_write, locked, refuse_link, to_toml
from ipcheck.text.safety import printable

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


def init_assessment(
    spec: str | None,
    dirs: Dirs,
    *,
    county: str | None,
    unit: str | None,
    period: int,
    output: Path | None,
    force: bool,
    by: str | None,
) -> tuple[Path, Assessment]:
    """Create an assessment file and its evidence folder; refuse to overwrite without force."""
    checklist = resolve(spec or "pingdingshan-2021-22", dirs)
    assessee = make_assessee(checklist, county=county, unit=unit)
    path = output if output is not None else Path(default_file_name(assessee, period))
    if path.is_dir():
        path = path / default_file_name(assessee, period)
    if path.suffix != ".toml":
        raise InputError(f"{path}: an assessment file must end in .toml")
    refuse_link(path)
    if os.path.lexists(path) and not force:
        raise InputError(f"{path} already exists; pass --force to overwrite it")
    if not path.parent.is_dir():
        raise InputError(f"{path.parent}: no such folder")
    evidence_dir = f"{path.stem}-佐证材料"
    assessment = new_assessment(checklist, assessee, period, evidence_dir, who(by), now())

    text = to_toml(assessment)

    def write() -> None:
        if os.path.lexists(path) and not force:
            raise InputError(f"{path} already exists; pass --force to overwrite it")
        atomic_write(path, text, sweep=True)

    locked(path, write)
    (path.parent / evidence_dir).mkdir(exist_ok=True)
    return path, assessment


def change(opened: Opened, apply: Callable[[Assessment], Assessment]) -> Assessment:
    """Re-read the file under its lock, apply the change, write it back atomically."""
    path = opened.loaded.path

    def work() -> Assessment:
        current = load_assessment(path).assessment
        if current.checklist != opened.loaded.assessment.checklist:
            raise InputError(f"{path}: changed checklist while this command ran; run it again")
        updated = apply(current)
        if updated != current:
            atomic_write(path, to_toml(updated), sweep=True)
        return updated

    return locked(path, work)


class MarkResult(NamedTuple):
    items: list[ScopedItem]
    assessment: Assessment
    without_evidence: list[ScopedItem]


def mark_items(
    opened: Opened,
    refs: Sequence[str],
    *,
    status: Status | None,
    note: str | None,
    clear_note: bool,
    reason: str | None,
    evidence_paths: Sequence[Path],
    by: str | None,
    allow_outside: bool,
) -> MarkResult:
    """`mark`, `note` and `attach`: everything is checked before the file is touched."""
    a = opened.loaded.assessment
    chosen = resolve_refs(opened.scope, refs, a.assessee.name)
    stamp = Stamp(who(by), now())
    # Hash evidence before taking the lock, so a big file does not hold up other writers.
    evidence: list[Evidence] = [
        make_evidence(opened.loaded.folder, p, stamp.by, stamp.at, allow_outside)
        for p in evidence_paths
    ]
    ids = [s.item.id for s in chosen]
    note_change: dict[str, Any] = {}
    if clear_note:
        note_change["note"] = None
    elif note is not None:
        note_change["note"] = note
    updated = change(
        opened,
        lambda cur: mark(
            cur, ids, stamp, status=status, reason=reason, evidence=evidence, **note_change
        ),
    )
    flagged = [
        s
        for s in chosen
        if updated.items[s.item.id].status is Status.DONE and not updated.items[s.item.id].evidence
    ]
    return MarkResult(chosen, updated, flagged)


def detach_evidence(opened: Opened, ref: str, paths: Sequence[str], by: str | None) -> Assessment:
    """Remove evidence entries, named by their stored path, from one item."""
    a = opened.loaded.assessment
    chosen = resolve_refs(opened.scope, [ref], a.assessee.name)
    if len(chosen) != 1:
        raise InputError(f"{ref!r} names {len(chosen)} items; name one item (e.g. 1.2)")
    stamp = Stamp(who(by), now())
    wanted = [Path(p).as_posix().removeprefix("./") for p in paths]
    return change(opened, lambda cur: detach(cur, chosen[0].item.id, wanted, stamp))


def report_text(
    opened: Opened,
    fmt: str,
    *,
    output: Path | None,
    template_dir: Path | None,
) -> str:
    """The report of an assessment as md, html or json text."""
    import json
    import os

    from ipcheck.core.report import build_report_context
    from ipcheck.store.evidence import sha256_file

    loaded = opened.loaded
    file_sha, _ = sha256_file(loaded.path)
    prefix = ""
    if output is not None:
        out_dir = os.path.normpath(output.absolute().parent)
        prefix = Path(os.path.relpath(loaded.folder.absolute(), out_dir)).as_posix()
        prefix = "" if prefix == "." else prefix
    context = build_report_context(
        loaded, opened.checklist, generated=now(), file_sha256=file_sha, link_prefix=prefix
    )
    if fmt == "json":
        return json.dumps(context, ensure_ascii=False, indent=2) + "\n"
    from ipcheck.render.templates import render

    return render(context, fmt, template_dir)


def _load_any(arg: str, dirs: Dirs) -> tuple[str, object, str]:
    """('assessment'|'checklist', the record, name) from a path, REV:path or id@version."""
    from ipcheck.store.git import is_git_spec, read_source
    from ipcheck.store.loader import load_data

    if "@" in arg and not Path(arg).exists() and not is_git_spec(arg):
        return "checklist", resolve(arg, dirs).checklist, arg
    data, name = read_source(arg)
    loaded = load_data(data, name)
    if loaded.record is None:
        raise SchemaError(loaded.first_error())
    assert loaded.kind is not None
    return loaded.kind, loaded.record, name


def diff_sources(old_arg: str, new_arg: str, dirs: Dirs) -> tuple[str, dict[str, Any], bool]:
    """(kind, diff data, regressed?) of two assessments or two checklists."""
    from ipcheck.core.checklist_diff import diff_checklists
    from ipcheck.core.diff import Kind, diff_assessments, diff_json
    from ipcheck.model.assessment import Assessment
    from ipcheck.model.checklist import Checklist

    old_kind, old, old_name = _load_any(old_arg, dirs)
    new_kind, new, new_name = _load_any(new_arg, dirs)
    if old_kind != new_kind:
        raise InputError(
            f"{old_name} is a {old_kind}, {new_name} is a {new_kind}: compare like with like"
        )
    if isinstance(old, Checklist) and isinstance(new, Checklist):
        return "checklist", diff_checklists(old, new), False
    assert isinstance(old, Assessment) and isinstance(new, Assessment)
    result = diff_assessments(old, new, old_name, new_name)
    numbers: dict[str, str] = {}
    for assessment in (old, new):
        try:
            pinned = resolve(f"{assessment.checklist.id}@{assessment.checklist.version}", dirs)
            numbers |= {
                s.item.id: s.number for s in scope_of(pinned.checklist, assessment.assessee)
            }
        except (IpcheckError, KeyError):
            pass  # checklist not available here: items are shown by id
    return "assessment", diff_json(result, numbers), result.count(Kind.REGRESSION) > 0


def textconv(arg: str, dirs: Dirs) -> str:
    """An assessment as stable text lines, one per fact, for git diff's textconv."""
    from ipcheck.model.assessment import Assessment
    from ipcheck.store.git import read_source

    data, _ = read_source(arg)
    try:
        kind, record, _ = _load_any(arg, dirs)
    except IpcheckError:
        return data.decode("utf-8", "replace")
    if kind != "assessment" or not isinstance(record, Assessment):
        return data.decode("utf-8", "replace")
    a = record
    numbers: dict[str, str] = {}
    try:
        pinned = resolve(f"{a.checklist.id}@{a.checklist.version}", dirs)
        numbers = {s.item.id: s.number for s in scope_of(pinned.checklist, a.assessee)}
    except (IpcheckError, KeyError):
        pass
    lines = [
        f"assessment {a.assessee.name} {a.period} ({a.assessee.kind.value})",
        f"checklist {a.checklist.id}@{a.checklist.version} {a.checklist.digest}",
    ]
    for item_id, state in a.items.items():
        label = f"{numbers.get(item_id, '?')} {item_id}"
        lines.append(f"{label}: {state.status.label}")
        if state.note:
            lines.append(f"{label}: 说明 {state.note}")
        if state.reason:
            lines.append(f"{label}: 理由 {state.reason}")
        lines += [f"{label}: 佐证 {e.path} sha256:{e.sha256} {e.size}" for e in state.evidence]
    lines.append(f"history: {len(a.history)} entries")
    # one fact a line: a newline or an escape sequence inside a value stays inside it
    return "".join(printable(line) + "\n" for line in lines)


class UpgradeResult(NamedTuple):
    steps: list[Any]
    old_version: str
    new_version: str
    backup: Path | None


def upgrade_assessment(
    opened: Opened, to: str, dirs: Dirs, *, dry_run: bool, by: str | None
) -> UpgradeResult:
    """Move the assessment to checklist version `to`; keep a backup of the old file."""
    from ipcheck.core.upgrade import upgrade, upgrade_path

    pin = opened.loaded.assessment.checklist
    chain = upgrade_path(pin.id, pin.version, to, dirs)
    stamp = Stamp(who(by), now())
    path = opened.loaded.path
    if dry_run:
        upgraded, steps = upgrade(opened.loaded.assessment, chain, stamp.by, stamp.at)
        to_toml(upgraded)  # the preview fails as the real upgrade would
        return UpgradeResult(steps, pin.version, to, None)

    def work() -> UpgradeResult:
        data = read_bytes(path)
        current = load_assessment(path).assessment
        if current.checklist != pin:
            raise InputError(f"{path}: changed while this command ran; run it again")
        upgraded, steps = upgrade(current, chain, stamp.by, stamp.at)
        text = to_toml(upgraded)
        backup = path.with_name(f"{path.name}.{pin.version}.bak")
        counter = 1
        while os.path.lexists(backup):
            counter += 1
            backup = path.with_name(f"{path.name}.{pin.version}.{counter}.bak")
        atomic_write(backup, data)
        atomic_write(path, text, sweep=True)
        return UpgradeResult(steps, pin.version, to, backup)

    return locked(path, work)
