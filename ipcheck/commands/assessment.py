"""Commands on one assessment: init, mark, note, attach, detach, status, verify, report.

Each opens the assessment (-f, or the one in this folder) with the checklist it
pins, does its work through the core, and yields what to show. Every change is
made under the file's lock on a fresh read, and written atomically.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from ipcheck.commands.events import Events, Out, Say
from ipcheck.core import marking
from ipcheck.core.create import default_file_name, make_assessee, new_assessment
from ipcheck.errors import ExitCode, InputError
from ipcheck.model.assessment import Assessment, Evidence, Status
from ipcheck.model.loaded import LoadedAssessment, LoadedChecklist
from ipcheck.rules.scope import ScopedItem, resolve_refs, scope_of
from ipcheck.rules.status import parse_status
from ipcheck.store.catalog import resolve
from ipcheck.store.clock import now, who
from ipcheck.store.discover import find_assessment_file
from ipcheck.store.evidence import make_evidence
from ipcheck.store.loader import load_assessment
from ipcheck.store.writer import atomic_write, check_target, locked, refuse_link, to_toml

Dirs = Sequence[tuple[Path, bool]]
DEFAULT_CHECKLIST = "pingdingshan-2021-22"


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


def init(
    spec: str | None,
    dirs: Dirs,
    *,
    county: str | None,
    unit: str | None,
    period: int,
    output: Path | None,
    force: bool,
    by: str | None,
) -> Events:
    """Create an assessment file and its evidence folder; refuse to overwrite without force."""
    if not 2000 <= period <= 2100:
        raise InputError(f"--period {period}: give a year such as 2025")
    checklist = resolve(spec or DEFAULT_CHECKLIST, dirs)
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
    pin = assessment.checklist
    yield Say(
        f"created {path} for {assessee.name} {period}: {len(assessment.items)} items "
        f"of {pin.id}@{pin.version}; evidence goes in {path.parent / evidence_dir}"
    )
    return ExitCode.OK


class Marked(NamedTuple):
    items: list[ScopedItem]
    assessment: Assessment
    without_evidence: list[ScopedItem]


def _mark(
    opened: Opened,
    refs: Sequence[str],
    *,
    status: Status | None = None,
    note: str | object | None = marking.KEEP,
    reason: str | None = None,
    evidence_paths: Sequence[Path] = (),
    by: str | None,
    allow_outside: bool = False,
) -> Marked:
    """`mark`, `note` and `attach`: everything is checked before the file is touched."""
    a = opened.loaded.assessment
    chosen = resolve_refs(opened.scope, refs, a.assessee.name)
    stamp = marking.Stamp(who(by), now())
    # Hash evidence before taking the lock, so a big file does not hold up other writers.
    evidence: list[Evidence] = [
        make_evidence(opened.loaded.folder, p, stamp.by, stamp.at, allow_outside)
        for p in evidence_paths
    ]
    ids = [s.item.id for s in chosen]
    updated = change(
        opened,
        lambda cur: marking.mark(
            cur, ids, stamp, status=status, note=note, reason=reason, evidence=evidence
        ),
    )
    flagged = [
        s
        for s in chosen
        if updated.items[s.item.id].status is Status.DONE and not updated.items[s.item.id].evidence
    ]
    return Marked(chosen, updated, flagged)


def mark(
    args: Sequence[str],
    dirs: Dirs,
    *,
    note: str | None,
    reason: str | None,
    evidence: Sequence[Path],
    file: Path | None,
    by: str | None,
    allow_outside: bool,
) -> Events:
    """Set the status of items (named by id, number or measure), then the status word."""
    if len(args) < 2:
        raise InputError("give one or more items, then a status (e.g. ipcheck mark 1.1 1.2 已完成)")
    *refs, word = args
    status = parse_status(word)
    opened = open_assessment(file, dirs)
    result = _mark(
        opened,
        refs,
        status=status,
        note=marking.KEEP if note is None else note,
        reason=reason,
        evidence_paths=evidence,
        by=by,
        allow_outside=allow_outside,
    )
    numbers = " ".join(s.number for s in result.items)
    yield Say(f"{opened.loaded.path}: {numbers} → {status.label}")
    for scoped in result.without_evidence:
        yield Say(
            f"{scoped.number} is 已完成 without evidence; attach some with --evidence PATH",
            "warning",
        )
    return ExitCode.OK


def note(
    args: Sequence[str], dirs: Dirs, *, clear: bool, file: Path | None, by: str | None
) -> Events:
    """Set, change or clear the note (说明) of items."""
    refs, text = (list(args), None) if clear else (list(args[:-1]), args[-1])
    if not refs:
        raise InputError("give one or more items, then the note (or --clear)")
    opened = open_assessment(file, dirs)
    result = _mark(opened, refs, note=text, by=by)
    done = "cleared" if clear else "set"
    yield Say(f"{opened.loaded.path}: note {done} on {' '.join(s.number for s in result.items)}")
    return ExitCode.OK


def attach(
    item: str,
    paths: Sequence[Path],
    dirs: Dirs,
    *,
    file: Path | None,
    by: str | None,
    allow_outside: bool,
) -> Events:
    """Attach evidence files to an item without changing its status."""
    opened = open_assessment(file, dirs)
    result = _mark(opened, [item], evidence_paths=paths, by=by, allow_outside=allow_outside)
    yield Say(f"{opened.loaded.path}: {len(paths)} file(s) attached to {result.items[0].number}")
    return ExitCode.OK


def detach(
    item: str, paths: Sequence[str], dirs: Dirs, *, file: Path | None, by: str | None
) -> Events:
    """Remove evidence entries, named by their stored path, from one item."""
    opened = open_assessment(file, dirs)
    chosen = resolve_refs(opened.scope, [item], opened.loaded.assessment.assessee.name)
    if len(chosen) != 1:
        raise InputError(f"{item!r} names {len(chosen)} items; name one item (e.g. 1.2)")
    stamp = marking.Stamp(who(by), now())
    wanted = [Path(p).as_posix().removeprefix("./") for p in paths]
    change(opened, lambda cur: marking.detach(cur, chosen[0].item.id, wanted, stamp))
    entries = "entry" if len(paths) == 1 else "entries"
    yield Say(f"{opened.loaded.path}: {len(paths)} evidence {entries} removed")
    return ExitCode.OK


def status(file: Path | None, dirs: Dirs, *, as_json: bool) -> Events:
    """Progress per part and measure, completion, score, and what needs attention."""
    from ipcheck.core.progress import progress, status_view

    opened = open_assessment(file, dirs)
    result = progress(opened.loaded, opened.checklist, now().date())
    if as_json:
        yield Out(status_view(opened.loaded, result))
    else:
        from ipcheck.render.status import render_progress

        yield Out(render_progress(opened.loaded, result))
    return ExitCode.OK


def verify(file: Path | None, dirs: Dirs, *, as_json: bool, allow_outside: bool) -> Events:
    """Every evidence file present with its recorded SHA-256; nothing unreferenced."""
    from ipcheck.render.verify import verify_lines, verify_summary, verify_view
    from ipcheck.store.evidence import verify as check_evidence

    opened = open_assessment(file, dirs)
    result = check_evidence(opened.loaded, allow_outside=allow_outside)
    if as_json:
        yield Out(verify_view(opened.loaded, result))
    else:
        yield Out("".join(line + "\n" for line in verify_lines(result)))
        yield Say(verify_summary(opened.loaded, result))
    return ExitCode.OK if result.clean else ExitCode.PROBLEMS


def report(
    fmt: str,
    dirs: Dirs,
    *,
    output: Path | None,
    force: bool,
    template_dir: Path | None,
    file: Path | None,
) -> Events:
    """The self-assessment report as md, html or json: to stdout, or written to OUT."""
    from ipcheck.core.report import build_report_context
    from ipcheck.store.evidence import sha256_file

    check_target(output, force)
    opened = open_assessment(file, dirs)
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
        from ipcheck.render.json import json_text

        text = json_text(context)
    else:
        from ipcheck.render.templates import render

        text = render(context, fmt, template_dir)
    if output is None:
        yield Out(text)
    else:
        atomic_write(output, text)
        yield Say(f"wrote {output}")
    return ExitCode.OK
