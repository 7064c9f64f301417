"""`fmt`: rewrite checklist and assessment files in their canonical form.

The canonical form is what ipcheck itself writes: keys in the format's order,
defaults left out, LF line ends, no BOM, assessment items in checklist order.
The same content therefore always gives the same bytes. Files are looked at
on every core by the batch runner; a file that must change is rewritten by the
parent, re-read under its lock so that a concurrent `mark` is never lost.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from msgspec.structs import replace

from ipcheck.core.authoring import numbered
from ipcheck.errors import ExitCode, IpcheckError, without_path
from ipcheck.model.assessment import Assessment
from ipcheck.model.checklist import Checklist
from ipcheck.model.events import Events, Out, Say
from ipcheck.rules.history import chained
from ipcheck.rules.scope import scope_of
from ipcheck.store import batch
from ipcheck.store.assessment_file import rewrite
from ipcheck.store.catalog import PinnedChecklists
from ipcheck.store.discover import Found, collect
from ipcheck.store.files import read_bytes
from ipcheck.store.loader import Loaded, load_data
from ipcheck.store.toml import has_comments
from ipcheck.store.writer import atomic_write, locked, to_toml
from ipcheck.text.i18n import _
from ipcheck.text.safety import printable

Dirs = Sequence[tuple[Path, bool]]


class Formatted(NamedTuple):
    path: Path
    changed: bool
    error: str | None = None
    skipped: bool = False  # a TOML file that is not ipcheck's

    @property
    def level(self) -> ExitCode:
        if self.error is not None:
            return ExitCode.USAGE
        return ExitCode.PROBLEMS if self.changed else ExitCode.OK


def canonical_text(loaded: Loaded, checklists: PinnedChecklists) -> str:
    """The canonical text of a file that follows its format (its rules need not hold)."""
    record = loaded.record
    if record is None:
        raise IpcheckError(loaded.first_error())
    if isinstance(record, Checklist):
        return to_toml(numbered(record))
    assert isinstance(record, Assessment)
    return _canonical_assessment(record, checklists)


def _canonical_assessment(record: Assessment, checklists: PinnedChecklists) -> str:
    """Items in checklist order, a history written before the chain existed chained."""
    pin = record.checklist
    pinned = checklists.get(pin.id, pin.version)
    try:
        order = [] if isinstance(pinned, str) else scope_of(pinned.checklist, record.assessee)
    except IpcheckError:
        order = []  # a unit the checklist does not know: keep the file's order
    rank = {s.item.id: index for index, s in enumerate(order)}
    items = dict(sorted(record.items.items(), key=lambda kv: rank.get(kv[0], len(rank))))
    # a history written before the chain existed is chained (rules/history.py)
    return to_toml(chained(replace(record, items=items), len(record.history)))


def _examine(path: Path, checklists: PinnedChecklists) -> tuple[bytes, str] | None:
    """(the file's bytes, its canonical text); None if it is not an ipcheck file."""
    data = read_bytes(path)
    loaded = load_data(data, str(path))
    if loaded.kind is None and not loaded.unreadable:
        return None
    return _examined(path, data, checklists)


def _examined(path: Path, data: bytes, checklists: PinnedChecklists) -> tuple[bytes, str]:
    """(the bytes, their canonical text); refused where comments would be lost."""
    loaded = load_data(data, str(path))
    text = canonical_text(loaded, checklists)
    if text.encode("utf-8") != data and has_comments(loaded.text):
        raise IpcheckError(
            _(
                "{path}: has comments, which the canonical form cannot keep; left as it is "
                "(move what they say into notes, or remove them, to format the file)"
            ).format(path=path)
        )
    return data, text


class Context(NamedTuple):
    checklists: PinnedChecklists
    skip_other: bool


def check_one(found: Found, context: Context) -> Formatted:
    """Whether one file is canonical (nothing is written here)."""
    path, explicit, refused = found
    if refused is not None:
        return Formatted(path, False, refused)
    try:
        examined = _examine(path, context.checklists)
    except IpcheckError as exc:
        return Formatted(path, False, without_path(str(exc), path))
    if examined is None:
        if explicit and not context.skip_other:
            return Formatted(
                path, False, _("not a file fmt formats (a checklist or an assessment)")
            )
        return Formatted(path, False, skipped=True)
    data, text = examined
    return Formatted(path, text.encode("utf-8") != data)


def _make_context(dirs: Dirs, skip_other: bool) -> Context:
    return Context(PinnedChecklists(dirs), skip_other)


def _rewrite(path: Path, checklists: PinnedChecklists) -> None:
    """Write a file's canonical form if it differs, re-read under its lock: an assessment
    through its owner (store/assessment_file.py), a checklist here."""
    data = read_bytes(path)
    if isinstance(load_data(data, str(path)).record, Assessment):
        rewrite(path, lambda _current, now: _examined(path, now, checklists)[1])
        return

    def work() -> None:
        examined = _examine(path, checklists)
        if examined is not None and examined[1].encode("utf-8") != examined[0]:
            atomic_write(path, examined[1], sweep=True)

    locked(path, work)


def format_paths(
    paths: Sequence[Path], check: bool, dirs: Dirs, skip_other: bool = False, jobs: int = 1
) -> Iterator[Formatted]:
    """A result per file, in order; with check False, files that differ are rewritten."""
    task = batch.Task(check_one, _make_context, (list(dirs), skip_other))
    checklists = PinnedChecklists(dirs)
    for result in batch.run(task, list(collect(paths)), jobs):
        if result.changed and not check:
            try:
                _rewrite(result.path, checklists)
            except IpcheckError as exc:
                yield Formatted(result.path, False, without_path(str(exc), result.path))
                continue
        yield result


def fmt(paths: Sequence[Path], dirs: Dirs, *, check: bool, skip_other: bool, jobs: int) -> Events:
    """Rewrite files in canonical form; with check, only say which would change."""
    report = batch.BatchReport()
    for result in format_paths(paths, check, dirs, skip_other, jobs):
        if result.error is not None:
            yield Say(
                _("{path}: {problem}").format(path=result.path, problem=result.error), "error"
            )
            report.add(ExitCode.USAGE)
        elif result.changed:
            said = _("would reformat {path}") if check else _("reformatted {path}")
            yield Out(printable(said.format(path=result.path)) + "\n")
            report.add(ExitCode.PROBLEMS if check else ExitCode.OK)
    return report.exit_code
