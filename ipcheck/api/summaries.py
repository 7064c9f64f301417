"""The roll-up for a city or a province, many assessments side by side: files found
(store/discover.py), loaded one by one by the one loader, turned into compact rows
(core/summary.py) on every core, rows cached by content, one year ranked."""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

import msgspec

from ipcheck import __version__
from ipcheck.core.summary import (
    CELL_TYPE,
    FIELDS,
    Bad,
    Cell,
    OneYear,
    Row,
    Summary,
    summarise_rows,
    summary_row,
)
from ipcheck.errors import InputError, IpcheckError, without_path
from ipcheck.model.assessment import Assessee, Assessment, Status
from ipcheck.model.checklist import Checklist
from ipcheck.model.problems import Severity
from ipcheck.model.review import Decision, Review
from ipcheck.rules.scope import ScopedItem, scope_of
from ipcheck.store import batch
from ipcheck.store.cache import Entry, ResultCache
from ipcheck.store.catalog import PinnedChecklists, catalog_fingerprint, newest
from ipcheck.store.discover import expand
from ipcheck.store.files import read_bytes, walk
from ipcheck.store.loader import load_data, require
from ipcheck.text.i18n import _, language

Dirs = Sequence[tuple[Path, bool]]
CACHE_BATCH = 2000  # rows written to the cache at a time


class Summarised(NamedTuple):
    result: Row | Bad
    cache_entry: Entry | None = None


class Context:
    def __init__(
        self,
        dirs: Dirs,
        cache_salt: str | None,
        office: bytes | None = None,
        keys: str | None = None,
    ) -> None:
        self.office = office  # the office's public key (--office-key), else its own key
        self.keys = keys  # --key: the counties' and units' public keys seals are checked with
        self.dirs = dirs
        self.checklists = PinnedChecklists(dirs)
        self.scopes: dict[tuple[str, str, str, str | None], list[ScopedItem]] = {}
        self.cache = ResultCache(cache_salt) if cache_salt is not None else None
        # a chunk's files as prepare_chunk read them: path -> (what was read, key, kept)
        self.read: dict[Path, tuple[Submission, bytes, bytes | None]] = {}

    def close(self) -> None:
        self.read.clear()
        if self.cache is not None:
            self.cache.close()

    def scope(self, checklist: Checklist, assessee: Assessee) -> list[ScopedItem]:
        key = (checklist.id, checklist.version, assessee.kind.value, assessee.unit)
        if key not in self.scopes:
            self.scopes[key] = scope_of(checklist, assessee)
        return self.scopes[key]


# What a cached row holds (its path is the file's, added when it is read back).
_Points = int | float  # half points: msgpack keeps 3 an int and 1.5 a float
_Cached = tuple[
    str,
    str,
    str | None,
    str,
    str,
    int,
    bytes,
    tuple[_Points, _Points] | None,
    tuple[_Points, ...],
    str,
    str | None,
    tuple[tuple[str, str, str, str, str], ...],
    int,
    str,
    bytes | None,
]
_CACHED = msgspec.msgpack.Decoder(_Cached)


class Submission(NamedTuple):
    """What a row is made of: the assessment's bytes and its companions' — the office's
    review and the county's seal — each as read, or why it could not be read."""

    data: bytes
    review: bytes | None
    review_problem: str | None  # a review beside it that cannot be read (a link out, a FIFO)
    seal: bytes | None
    seal_problem: str | None


def read_submission(path: Path) -> Submission:
    """The assessment (InputError if it cannot be read) and its companions: one that cannot
    be read is a problem of the row, never the reason it is dropped."""
    from ipcheck.store.review_file import read_review_bytes
    from ipcheck.store.seal_file import read_seal_bytes

    data = read_bytes(path)
    companions: list[tuple[bytes | None, str | None]] = []
    for read in (read_review_bytes, read_seal_bytes):
        try:
            companions.append((read(path), None))
        except IpcheckError as exc:
            companions.append((None, str(exc)))
    (review, review_problem), (seal, seal_problem) = companions
    return Submission(data, review, review_problem, seal, seal_problem)


def _cache_key(cache: ResultCache, read: Submission) -> bytes:
    """A row holds for these bytes, this review and this seal (each decides what the row
    says): all of them, length-prefixed, so that no two differ in one and share a key."""
    return cache.key(msgspec.msgpack.encode(tuple(read)))


def prepare_chunk(chunk: list[Path], context: Context) -> None:
    """Read and hash a chunk's files (and their reviews and seals), and ask the cache for
    all of them at once."""
    cache = context.cache
    if cache is None:
        return
    read: list[tuple[Path, Submission, bytes]] = []
    for path in chunk:
        try:
            submission = read_submission(path)
        except InputError:
            continue  # said by summarise_file
        read.append((path, submission, _cache_key(cache, submission)))
    hits = cache.get_many([key for *_rest, key in read])
    context.read = {p: (submission, key, hits.get(key)) for p, submission, key in read}


def summarise_file(path: Path, context: Context) -> Summarised:
    """One assessment as one compact row, or the reason it cannot be one; with the
    office's score where its review (叶县-2025.review) lies beside it."""
    name = str(path)
    key = None
    read = context.read.pop(path, None)
    if read is not None and context.cache is not None:
        submission, key, stored = read
        kept = _kept_row(context.cache, key, name, stored)
        if kept is not None:
            return Summarised(kept)
    else:
        try:
            submission = read_submission(path)
        except InputError as exc:
            return Summarised(Bad(name, without_path(str(exc), path)))
        if context.cache is not None:
            key = _cache_key(context.cache, submission)
            kept = _kept_row(context.cache, key, name, context.cache.get(key))
            if kept is not None:
                return Summarised(kept)
    data = submission.data
    import hashlib

    sha256 = hashlib.sha256(data).hexdigest()  # what the seal and the review pin
    loaded = load_data(data, name)
    if loaded.kind != "assessment" and not loaded.unreadable:
        reason = (
            _("not an assessment (it has no kind key)")
            if loaded.declared is None
            else _("not an assessment (kind = {kind!r})").format(kind=loaded.declared)
        )
        return Summarised(Bad(name, reason))
    try:
        assessment = require(loaded, "assessment")
    except IpcheckError as exc:
        return Summarised(Bad(name, without_path(str(exc), name)))
    assert isinstance(assessment, Assessment)
    pin = assessment.checklist
    checklist = context.checklists.get(pin.id, pin.version)
    if isinstance(checklist, str):
        return Summarised(Bad(name, checklist))
    try:
        scope = context.scope(checklist.checklist, assessment.assessee)
    except IpcheckError as exc:
        return Summarised(Bad(name, str(exc)))
    reviewed = None
    review_note = submission.review_problem  # never dropped: ranked at its self-assessed
    review = None  # score, the review said unchecked
    if submission.review is not None:
        try:
            reviewed, review = _reviewed(
                path,
                sha256,
                submission.review,
                assessment,
                checklist.checklist,
                scope,
                context.office,
            )
        except IpcheckError as exc:
            review_note = str(exc)
    state = _file_state(path, sha256, submission.seal, assessment, submission.seal_problem)
    seal_note = None
    if context.keys is not None and state in ("sealed", "unsealed"):
        from ipcheck.store.seal_file import seal_path

        # checked against the keys, a file must be sealed, and its seal hold, to be ranked:
        # an unsealed file is signed by no one, whatever name it gives
        seal_note = _seal_problem(path, assessment, checklist.checklist, context)
        if seal_note is None and state == "unsealed":
            seal_note = _("not sealed: no seal file {seal} beside it (ipcheck seal)").format(
                seal=seal_path(path).name
            )
        state = "sealed" if seal_note is None else "seal-failed"
    row = summary_row(name, assessment, checklist.checklist, scope, reviewed, state, review)
    asked = _na_requests(assessment, scope, review)
    row = row._replace(
        seal_note=seal_note,
        review_note=review_note,
        na_requests=asked,
        approved=sum(1 for request in asked if request[3] == Decision.NA_APPROVED.value),
        sha256=sha256,
    )
    entry = None
    if key is not None:
        value = (
            row.name,
            row.kind,
            row.unit,
            row.checklist,
            row.version,
            row.period,
            row.cells.tobytes(),
            row.reviewed,
            tuple(row.total),
            row.state,
            row.review_note,
            row.na_requests,
            row.approved,
            row.sha256,
            None if row.reviewed_cells is None else row.reviewed_cells.tobytes(),
        )
        entry = Entry(key, msgspec.msgpack.encode(value))
    return Summarised(row, entry)


def _kept_row(cache: ResultCache, key: bytes, name: str, kept: bytes | None) -> Row | None:
    """The row kept under key; None when none is, or what is kept does not make one (a
    damaged row is a miss, and is dropped)."""
    if kept is None:
        return None
    try:
        (
            who,
            kind,
            unit,
            checklist,
            version,
            period,
            data,
            reviewed,
            total,
            state,
            note,
            asked,
            approved,
            sha256,
            reviewed_data,
        ) = _CACHED.decode(kept)
        cells = array(CELL_TYPE)
        cells.frombytes(data)
        reviewed_cells = None
        if reviewed_data is not None:
            reviewed_cells = array(CELL_TYPE)
            reviewed_cells.frombytes(reviewed_data)
        if len(cells) % FIELDS or len(total) != len(Cell._fields):
            raise ValueError("a row of another layout")
        if reviewed_cells is not None and len(reviewed_cells) != len(cells):
            raise ValueError("a row of another layout")
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError):
        cache.forget(key)
        return None
    done, applicable, earned, points, na, na_points, unproven = total
    cell = Cell(int(done), int(applicable), earned, points, int(na), na_points, int(unproven))
    return Row(
        name,
        who,
        kind,
        unit,
        checklist,
        version,
        period,
        cells,
        cell,
        reviewed,
        state,
        note,
        asked,
        approved,
        None,
        sha256,
        reviewed_cells,
    )


def _file_state(
    path: Path,
    sha256: str,
    seal: bytes | None,
    assessment: Assessment,
    seal_problem: str | None = None,
) -> str:
    """sealed (and the seal beside it, `seal`, is of the bytes whose SHA-256 is given),
    seal-broken (sealed, and the bytes or the seal file are not as sealed), seal-missing
    (sealed, and no seal file of its name beside it), unsealed, or
    invalid (its history does not account for its state: edited by hand)."""
    from ipcheck.rules.history import history_problems, is_sealed

    if any(p.severity is Severity.ERROR for p in history_problems(assessment, {})):
        return "invalid"
    if not is_sealed(assessment):
        return "unsealed"
    if seal is None:  # none of its name beside it (renamed, not sent), or none to read
        return "seal-broken" if seal_problem is not None else "seal-missing"
    from ipcheck.store.seal_file import seal_matches

    return "sealed" if seal_matches(path, sha256, seal) else "seal-broken"


def _seal_problem(
    path: Path, assessment: Assessment, checklist: Checklist, context: Context
) -> str | None:
    """What verify --key finds wrong with the seal (its signature, who signed it, the
    evidence it pins), in one line; None when it holds."""
    from ipcheck.model.loaded import LoadedAssessment
    from ipcheck.store.catalog import newest
    from ipcheck.store.seal_file import check_sealed

    assert context.keys is not None
    city = newest(checklist.id, context.dirs) if context.dirs else None
    try:
        roster = checklist if city is None else city.checklist
        found = check_sealed(LoadedAssessment(assessment, path), context.keys, roster)
    except IpcheckError as exc:
        return str(exc)
    if found is None or not found.problems:
        return None
    more = len(found.problems) - 1
    return found.problems[0] + (_(" (and {count} more)").format(count=more) if more else "")


def _office_fingerprint() -> str:
    from ipcheck.store.keys import default_key_path, fingerprint, load_private, raw_public

    path = default_key_path()
    try:
        return fingerprint(raw_public(load_private(path))) if path.exists() else ""
    except IpcheckError:
        return ""


def _reviewed(
    path: Path,
    sha256: str,
    review_data: bytes,
    assessment: Assessment,
    checklist: Checklist,
    scope: list[ScopedItem],
    office: bytes | None = None,
) -> tuple[tuple[float, float], Review]:
    """The reviewed score (earned, base), and the review; a review of another state is
    refused."""
    from ipcheck.rules.totals import score_items
    from ipcheck.store.review_file import checked_review

    review = checked_review(
        path, assessment, scope, sha256, review_data, scoring=checklist.scoring, office=office
    )
    score = score_items(assessment, scope, checklist.scoring, review).reviewed
    assert score is not None  # a review was given
    return (score.earned, score.base), review


def _na_requests(
    assessment: Assessment, scope: list[ScopedItem], review: Review | None
) -> tuple[tuple[str, str, str, str, str], ...]:
    """Each 不适用 item, a request to 核减: its number and name, the reason, and the office's
    decision on it and by whom, where its review (counted) has one."""
    from ipcheck.rules.scope import state_of

    out = []
    for scoped in scope:
        state = state_of(assessment, scoped)
        if state.status is not Status.NA:
            continue
        decided = review.items.get(scoped.item.id) if review is not None else None
        out.append(
            (
                scoped.number,
                scoped.item.name,
                state.reason or "",
                "" if decided is None else decided.decision.value,
                "" if decided is None else decided.by,
            )
        )
    return tuple(out)


def _make_context(
    dirs: Dirs, cache_salt: str | None, office: bytes | None = None, keys: str | None = None
) -> Context:
    return Context(dirs, cache_salt, office, keys)


def collect_rows(
    paths: Sequence[str],
    dirs: Dirs,
    jobs: int,
    on_progress: Callable[[int], None] | None = None,
    cache: bool = False,
    period: int | None = None,
    office: bytes | None = None,
    keys: str | None = None,
) -> tuple[OneYear, list[Bad]]:
    """Summarise every file, on `jobs` processes; results in file order, the rows of one
    year kept (the one asked for, else the latest). `office`: the public key whose reviews
    count (--office-key), else this machine's own key."""
    rows = OneYear(period)
    bad: list[Bad] = []
    files: list[Path] = []
    named: set[str] = set()  # a file named twice (a folder and a file in it) is read once
    for path, explicit, refused in expand(paths):
        if refused is not None:
            bad.append(Bad(str(path), refused))
        elif explicit and not os.path.lexists(path):  # (a folder's files were just listed)
            bad.append(Bad(str(path), _("no such file")))
        elif (where := os.path.normpath(path.absolute())) not in named:
            named.add(where)
            files.append(path)
    bad += _orphan_reviews(files, paths)
    # the rows' layout is part of what a kept row means
    layout = (
        f"rows of {FIELDS} in half points, with the year, the review, the sums, the state, "
        "the review's note, the 核减 requests, the approved 核减, the file's SHA-256, "
        "the reviewed cells"
    )
    # a reviewed row holds only for the office that signed it
    office_print = _office_fingerprint() if office is None else office.hex()
    salt = (
        f"summary {__version__} {layout} {language()} {catalog_fingerprint(dirs)} {office_print}"
        if cache and keys is None  # a seal checked against keys is checked every time
        else None
    )
    keep = ResultCache(salt) if salt is not None else None
    pending: list[Entry] = []
    task = batch.Task(
        summarise_file, _make_context, (list(dirs), salt, office, keys), prepare_chunk
    )
    results = batch.run(task, files, jobs, on_progress)
    try:
        for summarised in batch.kept(results):
            result = summarised.result
            if isinstance(result, Row):
                rows.add(result)
            else:
                bad.append(result)
            if summarised.cache_entry is not None:
                pending.append(summarised.cache_entry)
                if keep is not None and len(pending) >= CACHE_BATCH:
                    keep.put_many(pending)  # kept as it goes: memory stays flat
                    pending.clear()
        if keep is not None and pending:
            keep.put_many(pending)
    finally:
        if keep is not None:
            keep.close()
    return rows, bad


def _orphan_reviews(files: Sequence[Path], paths: Sequence[str]) -> list[Bad]:
    """Each review beside no assessment of its name (叶县-2025.review with no 叶县-2025.toml:
    the assessment renamed or moved after the office reviewed it), in the files' folders
    and every folder under those named (links to folders not followed) — its decisions
    would otherwise count for nothing, unsaid."""
    from ipcheck.model.review import REVIEW_SUFFIX

    folders = {path.parent for path in files}
    for given in map(Path, paths):
        if given.is_dir() and not given.is_symlink():
            for top, _dirs, _files in walk(given):
                folders.add(Path(top))
    bad: list[Bad] = []
    for folder in sorted(folders):
        try:
            reviews = sorted(folder.glob(f"*{REVIEW_SUFFIX}"))
        except OSError:
            continue
        for review in reviews:
            assessment = review.with_suffix(".toml")
            if not os.path.lexists(assessment):
                bad.append(
                    Bad(
                        str(review),
                        _(
                            "a review beside no assessment of its name ({file}): was the "
                            "assessment renamed? Its decisions count for nothing until the "
                            "review bears the assessment's name"
                        ).format(file=assessment.name),
                    )
                )
    return bad


def summarise(
    paths: Sequence[str],
    dirs: Dirs,
    jobs: int = 1,
    on_progress: Callable[[int], None] | None = None,
    cache: bool = False,
    period: int | None = None,
    include_flagged: bool = False,
    office_key: str | None = None,
    keys: str | None = None,
) -> Summary:
    """The roll-up of the files `paths` name. `office_key`: the office's public key, whose
    reviews count; `keys`: the counties' and units' public keys (as verify --key takes
    them), each sealed file's seal checked against them as verify checks it."""
    from ipcheck.store.keys import trusted_keys

    office = None
    if office_key is not None:  # the office's public key, as a line or a file of one
        office = trusted_keys(office_key, "--office-key")[0].raw
    if keys is not None:
        trusted_keys(keys)  # a key that cannot be read is refused before any file is
    rows, bad = collect_rows(paths, dirs, jobs, on_progress, cache, period, office, keys)
    checklists = PinnedChecklists(dirs)

    def checklist_of(ident: str, version: str) -> Checklist | None:
        loaded = checklists.get(ident, version)
        return None if isinstance(loaded, str) else loaded.checklist

    def newest_of(ident: str) -> Checklist | None:
        """The newest version of a checklist the catalog holds: its roster is the city's."""
        found = newest(ident, dirs)
        return None if found is None else found.checklist

    return summarise_rows(
        rows.rows, bad, checklist_of, period, newest_of, rows.years, include_flagged, rows.past
    )


SUMMARY_FORMATS = ("text", "md", "html", "csv", "xlsx", "json")
