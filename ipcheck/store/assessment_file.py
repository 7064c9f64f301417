"""The assessment file's one owner: opening it for a command, creating it, changing it.

Every change to an assessment goes through `transaction`, as pre-commit's store
adds a repository in one place: the file's lock taken, the file read again, the
checklist it pins checked against what the command opened, a sealed file
refused (lifting the seal excepted), the change applied and stamped with who
made it and when (the time read under the lock, so history times never go
backwards), the result validated (it must convert to the format, and bring no
error the file did not have), the files kept beside it written (a seal, a
backup), then the file itself, atomically. A crash between two writes leaves
what `validate` and `verify` name and the next command puts right: a seal of
bytes never written is a seal of an earlier submission, which `seal` writes
again; a backup of a file that was not changed is only a copy.

`create` makes a new file under the same lock; the office's review, kept beside
the assessment, is changed under it too (store/review_file.py).

What only a change needs (the writer, the clock, the assessment's rules) is imported
by the function that changes: `status` and `report` open files many times a day and
never write them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ipcheck.errors import InputError, StaleError
from ipcheck.model.assessment import Assessment, Stamp
from ipcheck.model.loaded import LoadedAssessment, LoadedChecklist
from ipcheck.model.problems import Problem, Severity
from ipcheck.rules.history import is_sealed
from ipcheck.rules.scope import ScopedItem, scope_of
from ipcheck.store.catalog import resolve
from ipcheck.store.discover import find_assessment_file
from ipcheck.store.files import read_bytes
from ipcheck.store.loader import load_assessment, load_data, require
from ipcheck.text.hints import cli_hint
from ipcheck.text.i18n import _

if TYPE_CHECKING:  # status and mark run many times a day: the review's model stays unloaded
    from ipcheck.model.review import Review

Dirs = Sequence[tuple[Path, bool]]
# What a change writes beside the assessment, first: (path, bytes), given the new state,
# its bytes and the bytes it replaces.
Beside = Callable[[Assessment, bytes, bytes], Sequence[tuple[Path, bytes]]]


class Opened(NamedTuple):
    """An assessment as a command opened it: the file, its pinned checklist, its scope, and
    where checklists were looked for."""

    loaded: LoadedAssessment
    checklist: LoadedChecklist
    scope: list[ScopedItem]
    dirs: Dirs = ()
    seen: tuple[int, int, int] | None = None  # the file's (inode, size, mtime) when read
    data: bytes = b""  # the bytes `loaded` was read from

    @property
    def path(self) -> Path:
        return self.loaded.path

    def fresh(self) -> Opened:
        """The same file as it is now (changed since it was opened, by this program or
        another); reopened with its checklist where the change moved its pin. A file whose
        size and times are what they were is taken as unchanged: this is a program's own
        view of a file it works on, not a check of a file received (store/cache.py)."""
        if self.seen is not None and _seen(self.path) == self.seen:
            return self
        seen = _seen(self.path)
        data = read_bytes(self.path)
        loaded = load_assessment(self.path, data)
        if loaded.assessment.checklist == self.loaded.assessment.checklist:
            return self._replace(loaded=loaded, seen=seen, data=data)
        return open_assessment(self.path, self.dirs)


def _seen(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def open_assessment(file: Path | None, dirs: Dirs) -> Opened:
    """The assessment (-f or the one in this folder) with its pinned checklist."""
    path = find_assessment_file(file, Path.cwd())
    if path.is_symlink():
        # a shared file reached through a link: read, lock and write the file itself
        path = Path(os.path.realpath(path))
    seen = _seen(path)
    data = read_bytes(path)
    loaded = load_assessment(path, data)
    pin = loaded.assessment.checklist
    checklist = resolve(f"{pin.id}@{pin.version}", dirs)
    scope = scope_of(checklist.checklist, loaded.assessment.assessee)
    return Opened(loaded, checklist, scope, tuple(dirs), seen, data)


class Asked(NamedTuple):
    """What a page showed that a change is asked of (ipcheck serve): the file's bytes, or
    only one item's state, or one section's text — each by its SHA-256 (`shown`)."""

    file: str | None = None
    item: tuple[str, str] | None = None  # (item id, its state as shown)
    section: tuple[str, str] | None = None  # (narrative key, its text as shown)
    part: tuple[str, str] | None = None  # ("figures" or "report": the field, as shown)
    decision: tuple[str, str] | None = None  # (item id, the review's decision as shown)


_asked_of: ContextVar[Asked | None] = ContextVar("asked_of", default=None)


def shown(value: object) -> str:
    """The SHA-256 a page names what it showed by: an item's state, a section's text (None:
    not there)."""
    import hashlib

    import msgspec

    data = b"" if value is None else msgspec.json.encode(value)
    return hashlib.sha256(data).hexdigest()


@contextmanager
def unless_changed(asked: Asked) -> Iterator[None]:
    """Changes made inside are made only if what the page showed is still so: the file's
    bytes, or the one item or section the change is about (a change to another item does
    not stand in its way). It is compared under the file's lock, on the same read the
    change is applied to; otherwise StaleError, and nothing is written."""
    token = _asked_of.set(asked)
    try:
        yield
    finally:
        _asked_of.reset(token)


def refuse_stale(
    path: Path, data: bytes, current: Assessment | None = None, review: bytes | None = None
) -> None:
    """Under the file's lock: refuse a change asked of another state than this one (the
    file's bytes `data`, parsed as `current`; for the office's review, `review` beside
    them). See `unless_changed`."""
    asked = _asked_of.get()
    if asked is None:
        return
    import hashlib

    if asked.file is not None:
        digest = hashlib.sha256(data)
        if review is not None:
            digest.update(b"\0" + review)
        if digest.hexdigest() != asked.file:
            raise StaleError(
                _(
                    "{path} was changed since this page was shown: nothing was changed; the "
                    "page now shows the file as it is"
                ).format(path=path.name)
            )
    if current is not None and asked.item is not None:
        item, state = asked.item
        if shown(current.items.get(item)) != state:
            raise StaleError(
                _("{item} was changed meanwhile by someone else: your change was not saved").format(
                    item=item
                )
            )
    if current is not None and asked.part is not None:
        field, seen = asked.part
        if field not in {"figures", "report"} or shown(getattr(current, field)) != seen:
            raise StaleError(
                _(
                    "this was changed meanwhile by someone else: nothing was saved; reload "
                    "the page to see it"
                )
            )
    if current is not None and asked.section is not None:
        key, text = asked.section
        if shown(current.narrative.get(key)) != text:
            raise StaleError(
                _(
                    "this section was changed meanwhile by someone else: what you typed was "
                    "not saved, and is still in the box"
                )
            )


def refuse_stale_review(path: Path, data: bytes, review: bytes, current: Review | None) -> None:
    """Under the file's lock: refuse a decision asked of another state of the review than
    this one — the one item's decision as the page showed it, or the file and its review as
    a whole (see `unless_changed`)."""
    asked = _asked_of.get()
    if asked is None:
        return
    if asked.decision is not None:
        item, seen = asked.decision
        now = None if current is None else current.items.get(item)
        if shown(now) != seen:
            raise StaleError(
                _("{item} was changed meanwhile by someone else: your change was not saved").format(
                    item=item
                )
            )
        return
    refuse_stale(path, data, review=review)


def asked() -> bool:
    """Whether the change running was asked of one state of the file (`unless_changed`)."""
    return _asked_of.get() is not None


def refuse_sealed(path: Path, assessment: Assessment) -> None:
    """A sealed assessment is what was submitted: no change until the seal is lifted."""
    if is_sealed(assessment):
        raise InputError(
            _(
                "{path} is sealed (待报送): it is not changed; to change it "
                "on purpose, lift the seal first{hint}"
            ).format(path=path, hint=cli_hint(_(': ipcheck unseal --reason "…"')))
        )


RETRIES = 20  # looks at a file another writer keeps replacing, before giving up


def transaction(
    opened: Opened,
    apply: Callable[[Assessment, Stamp], Assessment],
    by: str,
    *,
    sealed_ok: bool = False,
    checklist: LoadedChecklist | None = None,
    beside: Beside | None = None,
    rewrite: bool = False,
) -> Assessment:
    """Change the assessment: `apply(current, stamp)` gives the new state, `by` says who.

    `sealed_ok` lets the one change that lifts a seal through; `checklist` is the one the
    new state pins, where the change moves it (upgrade); `beside` gives files to write
    before the assessment (a seal, a backup); `rewrite` writes the canonical text even
    when the state is unchanged (fmt). The new state is returned."""
    from ipcheck.store.clock import now
    from ipcheck.store.writer import ChangedMeanwhile, atomic_write, locked, to_toml

    path = opened.path

    def work() -> Assessment:
        # a writer sharing no lock with this one (another account, another machine on a
        # shared drive) may replace the file meanwhile: the change is made again on what
        # it wrote, never over it
        for _attempt in range(RETRIES):
            try:
                return attempt()
            except ChangedMeanwhile:
                continue
        raise InputError(
            _(
                "{path}: changed by another writer again and again while this command ran; "
                "nothing was written: run it again"
            ).format(path=path)
        )

    def attempt() -> Assessment:
        data = read_bytes(path)
        # read again under the lock; parsed again only where it changed since it was opened
        current = opened.loaded.assessment if data == opened.data else _record(data, path)
        refuse_stale(path, data, current)
        if current.checklist != opened.loaded.assessment.checklist:
            raise InputError(
                _("{path}: changed checklist while this command ran; run it again").format(
                    path=path
                )
            )
        if not sealed_ok:
            refuse_sealed(path, current)
        if checklist is not None:
            refuse_errors(path, current, opened.checklist)
        updated = apply(current, Stamp(by, now()))
        if updated == current and not rewrite:
            return current
        text = to_toml(updated)
        new = text.encode("utf-8")
        if new == data:
            return updated
        refuse_comments(path, data)
        if updated != current:
            _refuse_new_errors(path, current, opened.checklist, updated, checklist)
        written: list[tuple[Path, bytes | None]] = []  # each companion, as it was
        try:
            for companion, content in beside(updated, new, data) if beside is not None else ():
                written.append((companion, _held(companion)))
                atomic_write(companion, content)
            atomic_write(path, new, sweep=True, expect=data)
        except BaseException:
            # the assessment was not written (a full disk, a file held open, another
            # writer): its companions are put back as they were, so that no new seal
            # stands beside an unsealed file, saying a seal was lifted that never was
            for companion, before in reversed(written):
                _put_back(companion, before)
            raise
        return updated

    return locked(path, work)


def _held(path: Path) -> bytes | None:
    """A companion's bytes before it is written over; None where there is none."""
    try:
        return read_bytes(path)
    except InputError:
        if os.path.lexists(path):
            raise
        return None


def _put_back(path: Path, before: bytes | None) -> None:
    from contextlib import suppress

    from ipcheck.store.writer import atomic_write

    with suppress(OSError, InputError):  # the first error is the one said
        if before is None:
            path.unlink(missing_ok=True)
        else:
            atomic_write(path, before)


def create(path: Path, assessment: Assessment, *, force: bool) -> None:
    """Write a new assessment, under its lock: nothing is overwritten without force."""
    from ipcheck.store.writer import atomic_write, locked, refuse_link, to_toml

    refuse_link(path)
    text = to_toml(assessment)

    def work() -> None:
        if os.path.lexists(path) and not force:
            raise InputError(
                _("{path} already exists; pass --force to overwrite it").format(path=path)
            )
        atomic_write(path, text, sweep=True)

    locked(path, work)


def rewrite(path: Path, canonical: Callable[[Assessment, bytes], str]) -> bool:
    """Write the file's canonical text (fmt) under its lock, on a fresh read, if it is not
    already: a sealed file is refused, since its seal covers every byte. Whether it was
    rewritten is returned. Its rules need not hold: fmt formats files validate reports."""
    from ipcheck.store.writer import atomic_write, locked

    def work() -> bool:
        data = read_bytes(path)
        current = _record(data, path)
        text = canonical(current, data).encode("utf-8")
        if text == data:
            return False
        if is_sealed(current):
            raise InputError(
                _(
                    "{path}: sealed (待报送): not rewritten, its seal covers every byte "
                    '(ipcheck unseal --reason "…" first)'
                ).format(path=path)
            )
        atomic_write(path, text, sweep=True)
        return True

    return locked(path, work)


def _record(data: bytes, path: Path) -> Assessment:
    record = require(load_data(data, str(path)), "assessment")
    assert isinstance(record, Assessment)
    return record


def refuse_comments(path: Path, data: bytes) -> None:
    """A comment typed into the file (# …) would be lost by writing it as ipcheck writes,
    which keeps no comments: refused, as fmt refuses, and never dropped unseen."""
    from ipcheck.store.toml import decode_text, has_comments

    if b"#" in data and has_comments(decode_text(data, str(path))):
        raise InputError(
            _(
                "{path}: has comments (# …), which ipcheck cannot keep when it writes the "
                "file; nothing written: move what they say into notes{hint}, or remove them"
            ).format(path=path, hint=cli_hint(_(" (ipcheck note)")))
        )


def refuse_errors(path: Path, assessment: Assessment, checklist: LoadedChecklist) -> None:
    """A file moved to another checklist (upgrade) must hold first: the move rebuilds its
    states and history from what it says, and would carry an error over unseen — a status
    changed by hand without a history line, a pin that does not match its checklist."""
    errors = _errors(assessment, checklist)
    if errors:
        raise InputError(
            _(
                "{path}: not upgraded: it has an error the upgrade would carry over unseen: "
                "{key}: {problem} (ipcheck validate lists every error)"
            ).format(path=path, key=errors[0].key, problem=errors[0].message)
        )


def _refuse_new_errors(
    path: Path,
    current: Assessment,
    checklist: LoadedChecklist,
    updated: Assessment,
    updated_checklist: LoadedChecklist | None,
) -> None:
    """The change may leave the file no worse than it found it: an error it would bring is
    refused, naming it (errors the file had before are validate's to report)."""
    after = _errors(updated, updated_checklist or checklist)
    if not after:
        return
    before = {(p.key, p.message) for p in _errors(current, checklist)}
    new = [p for p in after if (p.key, p.message) not in before]
    if new:
        raise InputError(
            _("{path}: nothing written: the change would bring an error: {key}: {problem}").format(
                path=path, key=new[0].key, problem=new[0].message
            )
        )


def _errors(assessment: Assessment, checklist: LoadedChecklist) -> list[Problem]:
    from ipcheck.rules.assessment import check_assessment

    return [p for p in check_assessment(assessment, checklist) if p.severity is Severity.ERROR]
