"""Checking files: every checklist and assessment under the paths given, each by the rules
of its kind (an assessment with the checklist it pins), on every core, results in file
order as they come, with a cache of results by content (store/cache.py) so a second run
over unchanged files reads and hashes every byte but checks again only what changed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import msgspec

from ipcheck import __version__
from ipcheck.errors import InputError, IpcheckError, without_path
from ipcheck.model.assessment import Assessment
from ipcheck.model.checklist import Checklist
from ipcheck.model.loaded import LoadedChecklist
from ipcheck.model.problems import FileReport, Problem, Severity
from ipcheck.rules.assessment import check_assessment
from ipcheck.rules.checklist import check_against_previous, version_conflict
from ipcheck.store import batch
from ipcheck.store.cache import Entry, ResultCache
from ipcheck.store.catalog import PinnedChecklists, catalog_fingerprint, same_version
from ipcheck.store.digest import record_digest
from ipcheck.store.discover import Found, collect
from ipcheck.store.files import read_bytes
from ipcheck.store.loader import load_checklist, load_data, with_lines
from ipcheck.text.i18n import _, language
from ipcheck.text.safety import printable
from ipcheck.text.versions import version_key

Dirs = Sequence[tuple[Path, bool]]


class Checked(NamedTuple):
    """One file's report (None: a TOML file that is not ipcheck's, skipped); for a
    checklist its (id, version, digest); a result to keep in the cache; the problems kept
    for it, as they are kept (bytes travel from a worker at a fraction of the cost of the
    problems themselves), which the report's own list then stands for."""

    report: FileReport | None
    identity: tuple[str, str, str] | None = None
    cache_entry: Entry | None = None
    kept: bytes | None = None
    shown: Shown | None = None  # the report as the text output shows it, made in the worker

    def whole(self) -> FileReport | None:
        if self.kept is None or self.report is None:
            return self.report
        return self.report._replace(problems=_PROBLEMS.decode(self.kept))


class Shown(NamedTuple):
    """A file's report as validate's text shows it, and its counts: made where the file was
    checked, on every core (a second run prints a repository's tens of thousands of
    warnings again, and printing them was most of its time)."""

    text: str
    errors: int
    warnings: int
    unreadable: bool

    @classmethod
    def of(cls, report: FileReport, body: str) -> Shown:
        """A report shown: its path line over `body`, its problems as text shows them."""
        errors = report.errors
        text = f"{printable(str(report.path))}\n{body}" if report.problems else ""
        return cls(text, errors, len(report.problems) - errors, report.unreadable)


class Kept(msgspec.Struct, array_like=True, frozen=True):
    """What the results cache keeps of an assessment's check: its problems (decoded only
    where they are wanted: JSON, GitHub, JUnit), their counts, and, where a run that showed
    them as text kept them, that text under the file's path line (a second run prints a
    repository's tens of thousands of warnings as they were, without making them again)."""

    problems: msgspec.Raw
    errors: int
    warnings: int
    unreadable: bool
    text: str | None = None

    @classmethod
    def of(cls, problems: list[Problem], text: str | None = None) -> bytes:
        report = FileReport(Path(), "assessment", problems)
        raw = msgspec.Raw(msgspec.msgpack.encode(problems))
        return msgspec.msgpack.encode(
            cls(raw, report.errors, report.warnings, report.unreadable, text)
        )


class Context:
    """What checking a file may consult: the catalog, the checklists loaded so far, the cache."""

    def __init__(
        self, dirs: Dirs, skip_other: bool, cache_salt: str | None, render: bool = False
    ) -> None:
        from ipcheck.render.validate import text_body

        self.checklists = PinnedChecklists(dirs)
        self.skip_other = skip_other
        self.cache = ResultCache(cache_salt) if cache_salt is not None else None
        self.render = text_body() if render else None
        self.catalog_digests: dict[Path, str | None] = {}
        # a chunk's files as prepare_chunk hashed them: path -> (cache key, kept)
        self.read: dict[Path, tuple[bytes, bytes | None]] = {}

    def close(self) -> None:
        self.read.clear()
        if self.cache is not None:
            self.cache.close()

    def catalog_digest(self, path: Path) -> str | None:
        if path not in self.catalog_digests:
            try:
                self.catalog_digests[path] = load_checklist(path).digest
            except IpcheckError:
                self.catalog_digests[path] = None
        return self.catalog_digests[path]


_PROBLEMS = msgspec.msgpack.Decoder(list[Problem])
_KEPT = msgspec.msgpack.Decoder(Kept)


def prepare_chunk(chunk: list[Found], context: Context) -> None:
    """Hash a chunk's files, and ask the cache for all of them at once. Their bytes are
    not kept: a second run finds nearly all of them, and check_file reads again only
    those it must check."""
    cache = context.cache
    if cache is None:
        return
    keyed: list[tuple[Path, bytes]] = []
    for path, _explicit, refused in chunk:
        if refused is None:
            try:
                keyed.append((path, cache.key_of_file(path)))
            except InputError:
                continue  # said by check_file
    hits = cache.get_many([key for _path, key in keyed])
    context.read = {path: (key, hits.get(key)) for path, key in keyed}


def _usable(context: Context, key: bytes, stored: bytes | None) -> Kept | None:
    """What is kept under key, if what this run needs of it decodes (a damaged row is a
    miss, and is dropped): its text, where the run shows text and the text was kept."""
    if stored is None or context.cache is None:
        return None
    try:
        kept = _KEPT.decode(stored)
        if context.render is None or kept.text is None:
            _PROBLEMS.decode(kept.problems)
    except (msgspec.DecodeError, msgspec.ValidationError):
        context.cache.forget(key)
        return None
    return kept


def _found(path: Path, key: bytes, kept: Kept, context: Context) -> Checked:
    """A file the cache answered for: its problems as they travel, or shown as text; text
    not kept yet (a JSON run kept the problems alone) is made now and kept with them."""
    report = FileReport(path, "assessment", [])  # only assessments are kept: the thousands
    if context.render is None:
        return Checked(report, kept=bytes(kept.problems))
    entry = None
    if kept.text is None:
        kept = msgspec.structs.replace(kept, text=context.render(_PROBLEMS.decode(kept.problems)))
        entry = Entry(key, msgspec.msgpack.encode(kept))
    text = f"{printable(str(path))}\n{kept.text}" if kept.errors + kept.warnings else ""
    shown = Shown(text, kept.errors, kept.warnings, kept.unreadable)
    return Checked(report, cache_entry=entry, shown=shown)


def check_file(found: Found, context: Context) -> Checked:
    """Check one file on its own (no cross-file check)."""
    path, explicit, refused = found
    if refused is not None:
        return Checked(FileReport(path, None, [Problem(Severity.ERROR, "(file)", refused, True)]))
    key = None
    read = context.read.pop(path, None)
    if read is not None and context.cache is not None:
        hashed, stored = read
        kept = _usable(context, hashed, stored)
        if kept is not None:
            return _found(path, hashed, kept, context)
    try:
        data = read_bytes(path)
    except InputError as exc:
        message = without_path(str(exc), path)
        problem = Problem(Severity.ERROR, "(file)", message, True)
        return Checked(FileReport(path, None, [problem]))
    if context.cache is not None:
        # keyed by the bytes checked: a file that changed since it was hashed is asked for
        # again, and its result is never kept under the key of what it was before
        key = context.cache.key(data)
        if read is None or key != read[0]:
            kept = _usable(context, key, context.cache.get(key))
            if kept is not None:
                return _found(path, key, kept, context)
    loaded = load_data(data, str(path))
    if loaded.kind is None:
        if not loaded.unreadable and (not explicit or context.skip_other):
            return Checked(None)
        return Checked(FileReport(path, None, loaded.problems))
    record = loaded.record
    if isinstance(record, Assessment):
        problems = loaded.problems + with_lines(_assessment_problems(record, context), loaded.text)
        entry = None if key is None else Entry(key, Kept.of(problems))
        return Checked(FileReport(path, "assessment", problems), None, entry)
    if not isinstance(record, Checklist):
        return Checked(FileReport(path, loaded.kind, loaded.problems))
    digest = record_digest(record)
    more = _previous_problems(path, record, context) + _catalog_problems(
        path, record, digest, context
    )
    problems = loaded.problems + with_lines(more, loaded.text)
    return Checked(FileReport(path, "checklist", problems), (record.id, record.version, digest))


def _assessment_problems(assessment: Assessment, context: Context) -> list[Problem]:
    pin = assessment.checklist
    checklist = context.checklists.get(pin.id, pin.version)
    if isinstance(checklist, str):
        return [Problem.error("checklist", checklist)]
    return check_assessment(assessment, checklist)


def _previous_problems(path: Path, checklist: Checklist, context: Context) -> list[Problem]:
    """Check the mapping against the version it maps from: beside the file, or in the catalog."""
    if checklist.previous is None or not checklist.mapping:
        return []
    sibling = path.parent / f"{checklist.previous}.toml"
    previous: LoadedChecklist | str
    try:
        previous = load_checklist(sibling)
    except IpcheckError:
        previous = context.checklists.get(checklist.id, checklist.previous)
    if isinstance(previous, str) or previous.checklist.id != checklist.id:
        return []  # not available here: the mapping is checked on its own
    return check_against_previous(checklist, previous.checklist)


def _catalog_problems(
    path: Path, checklist: Checklist, digest: str, context: Context
) -> list[Problem]:
    key = version_key(checklist.version)
    alike = sorted(
        {v for (i, v) in context.checklists.copies if i == checklist.id and version_key(v) == key}
        | {checklist.version}
    )
    if len(alike) > 1:
        return [Problem.error("version", same_version(checklist.id, alike))]
    # every other copy of this id@version the catalog holds, the shipped one first: a
    # folder that is both checked and given as a checklist folder (CI) is no exception
    for entry in context.checklists.copies.get((checklist.id, checklist.version), []):
        if entry.path.resolve() == path.resolve():
            continue
        if entry.shipped:
            where = _("the shipped {path}").format(path=entry.path)
        else:
            where = _("the catalog's {path}").format(path=entry.path)
        conflict = version_conflict(
            checklist.id, checklist.version, digest, context.catalog_digest(entry.path), where
        )
        if conflict is not None:
            return [Problem.error("version", conflict)]
    return []


def _make_context(
    dirs: Dirs, skip_other: bool, cache_salt: str | None, render: bool = False
) -> Context:
    return Context(dirs, skip_other, cache_salt, render)


def check_and_show(found: Found, context: Context) -> Checked:
    """check_file, with an assessment's report shown as text where the context renders
    (a checklist's report waits for the check across files, made in file order); what
    the cache keeps of it holds the text too."""
    checked = check_file(found, context)
    render = context.render
    if render is None or checked.shown is not None or checked.identity is not None:
        return checked
    report = checked.whole()
    if report is None:
        return checked
    body = render(report.problems)
    entry = checked.cache_entry
    if entry is not None:
        entry = Entry(entry.key, Kept.of(report.problems, body))
    empty = FileReport(report.path, report.kind, [])
    return Checked(empty, None, entry, shown=Shown.of(report, body))


def iter_reports(
    paths: Sequence[Path],
    dirs: Dirs,
    jobs: int = 1,
    skip_other: bool = False,
    cache: bool = False,
) -> Iterator[FileReport | None]:
    """A report per ipcheck file, in file order, as soon as it is ready; None per skipped file.

    Streaming keeps memory flat however many files a repository holds."""
    for one in checked(paths, dirs, jobs, skip_other, cache):
        yield one.report


def checked(
    paths: Sequence[Path],
    dirs: Dirs,
    jobs: int,
    skip_other: bool,
    cache: bool,
    render: bool = False,
) -> Iterator[Checked]:
    """Each file checked, in file order; its report whole (checked across files), or, where
    `render`, an assessment's shown as text."""
    # the layout of what is kept is part of what a kept value means
    layout = "problems, their counts and their text (Kept)"
    salt = (
        f"validate {__version__} {layout} {language()} {catalog_fingerprint(dirs)}"
        if cache
        else None
    )
    work = check_and_show if render else check_file
    task = batch.Task(work, _make_context, (list(dirs), skip_other, salt, render), prepare_chunk)
    keep = ResultCache(salt) if salt is not None else None
    pending: list[Entry] = []
    seen: dict[tuple[str, object], tuple[Path, str, str]] = {}
    results = batch.run(task, list(collect(paths)), jobs)
    try:
        for one in results:
            if one.cache_entry is not None:
                pending.append(one.cache_entry)
                if len(pending) >= 1000:
                    _flush(keep, pending)
            if one.shown is not None:
                yield one
            else:
                yield one._replace(report=_across_files(one, seen), kept=None)
    finally:
        _flush(keep, pending)
        if keep is not None:
            keep.close()


def _flush(cache: ResultCache | None, pending: list[Entry]) -> None:
    if cache is not None and pending:
        cache.put_many(pending)
    pending.clear()


def _across_files(
    checked: Checked, seen: dict[tuple[str, object], tuple[Path, str, str]]
) -> FileReport | None:
    """The cross-file check: two files may not claim one id@version with other content,
    nor one version written two ways (1.0.0 and 1.0.0+a: semver's equal)."""
    report = checked.whole()
    if report is None or checked.identity is None:
        return report
    ident, version, digest = checked.identity
    first_path, first_digest, first_version = seen.setdefault(
        (ident, version_key(version)), (report.path, digest, version)
    )
    already = any(p.key == "version" for p in report.problems)
    if first_version != version:
        conflict: str | None = same_version(ident, sorted({first_version, version}))
    else:
        conflict = version_conflict(ident, version, digest, first_digest, str(first_path))
    if conflict is None or already:
        return report
    text = load_data(read_bytes(report.path), str(report.path)).text
    problem = with_lines([Problem.error("version", conflict)], text)
    return report._replace(problems=[*report.problems, *problem])


def validate_paths(
    paths: Sequence[Path], dirs: Dirs, jobs: int = 1, skip_other: bool = False
) -> tuple[list[FileReport], int]:
    """Reports for every ipcheck file under paths, and how many TOML files were skipped."""
    reports: list[FileReport] = []
    skipped = 0
    for report in iter_reports(paths, dirs, jobs, skip_other):
        if report is None:
            skipped += 1
        else:
            reports.append(report)
    return reports, skipped
