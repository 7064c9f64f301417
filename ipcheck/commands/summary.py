"""The roll-up for a city or a province: many assessments side by side.

Files are read on every core; each worker turns a file into one compact row
(per measure: items done, items applicable, points earned, points possible),
so memory grows by a few hundred bytes per assessment, never by a file.
Assessments of different checklist versions are compared on what they share:
the measures, by number.
"""

from __future__ import annotations

import os
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple

from ipcheck.errors import IpcheckError
from ipcheck.model.assessment import Assessee, Status
from ipcheck.rules.assessment import assessment_from_data, scope_of
from ipcheck.rules.checklist import LoadedChecklist
from ipcheck.store.catalog import PinnedChecklists
from ipcheck.store.discover import expand
from ipcheck.store.files import read_bytes
from ipcheck.store.toml import parse_toml

Dirs = Sequence[tuple[Path, bool]]
PARALLEL_MIN_FILES = 64  # below this, a pool of processes costs more than it saves
ABSENT = 0xFFFFFFFF  # the measure is not in this assessee's scope or version
FIELDS = 4  # done, applicable, earned, points
# unsigned 32 bits ("I" is 4 bytes wherever CPython runs): a measure of any size a
# checklist file can hold (items ≤ 100 points, files ≤ 64 MB) fits
CELL_TYPE = "I" if array("I").itemsize >= 4 else "L"


class Row(NamedTuple):
    path: str
    name: str
    kind: str
    unit: str | None
    checklist: str
    version: str
    cells: array  # type: ignore[type-arg]  # FIELDS unsigned ints per measure 1..M

    def cell(self, number: int) -> tuple[int, int, int, int] | None:
        base = (number - 1) * FIELDS
        if base + FIELDS > len(self.cells) or self.cells[base] == ABSENT:
            return None
        done, applicable, earned, points = self.cells[base : base + FIELDS]
        return done, applicable, earned, points

    def totals(self) -> tuple[int, int, int, int]:
        done = applicable = earned = points = 0
        for base in range(0, len(self.cells), FIELDS):
            if self.cells[base] != ABSENT:
                done += self.cells[base]
                applicable += self.cells[base + 1]
                earned += self.cells[base + 2]
                points += self.cells[base + 3]
        return done, applicable, earned, points

    @property
    def score_rate(self) -> float:
        _, _, earned, points = self.totals()
        return earned / points if points else 1.0

    @property
    def completion(self) -> float:
        done, applicable, _, _ = self.totals()
        return done / applicable if applicable else 1.0


class Bad(NamedTuple):
    path: str
    reason: str


class MeasureInfo(NamedTuple):
    number: int
    numeral: str
    title: str
    part: int
    lead: tuple[str, ...]  # unit ids
    responsible: tuple[str, ...]


class Summary(NamedTuple):
    checklist: str
    title: str
    versions: dict[str, int]
    measures: list[MeasureInfo]
    parts: list[tuple[int, str]]  # (number, theme)
    units: dict[str, str]  # id -> name
    county_units: frozenset[str]  # ids of bodies that exist in each county (各县…)
    rows: list[Row]  # ranked
    bad: list[Bad]


class _Context:
    def __init__(self, dirs: Dirs) -> None:
        self.checklists = PinnedChecklists(dirs)
        self.scopes: dict[tuple[str, str, str, str | None], list[tuple[str, int, int]]] = {}

    def checklist(self, ident: str, version: str) -> LoadedChecklist | str:
        return self.checklists.get(ident, version)

    def scope(self, checklist: LoadedChecklist, assessee: Assessee) -> list[tuple[str, int, int]]:
        c = checklist.checklist
        key = (c.id, c.version, assessee.kind.value, assessee.unit)
        if key not in self.scopes:
            self.scopes[key] = [
                (s.item.id, s.measure.number, s.item.points) for s in scope_of(checklist, assessee)
            ]
        return self.scopes[key]


def summarise_file(path: Path, context: _Context) -> Row | Bad:
    """One assessment as one compact row."""
    try:
        raw = parse_toml(read_bytes(path), str(path))
    except IpcheckError as exc:
        return Bad(str(path), str(exc).removeprefix(f"{path}: "))
    if raw.get("kind") != "assessment":
        return Bad(str(path), f"not an assessment (kind = {raw.get('kind')!r})")
    assessment, problems = assessment_from_data(raw)
    if assessment is None:
        return Bad(str(path), f"{problems[0].key}: {problems[0].message}")
    pin = assessment.checklist
    checklist = context.checklist(pin.id, pin.version)
    if isinstance(checklist, str):
        return Bad(str(path), checklist)
    try:
        scope = context.scope(checklist, assessment.assessee)
    except IpcheckError as exc:
        return Bad(str(path), str(exc))
    measures = len(checklist.checklist.measures)
    cells = array(CELL_TYPE, [ABSENT, 0, 0, 0] * measures)
    for item_id, number, points in scope:
        base = (number - 1) * FIELDS
        if cells[base] == ABSENT:
            cells[base] = 0
        state = assessment.items.get(item_id)
        status = state.status if state is not None else Status.TODO
        if status is Status.NA:
            continue
        cells[base + 1] += 1
        cells[base + 3] += points
        if status is Status.DONE:
            cells[base] += 1
            cells[base + 2] += points
    a = assessment.assessee
    return Row(str(path), a.name, a.kind.value, a.unit, pin.id, pin.version, cells)


_WORKER: _Context | None = None


def _summarise_batch(batch: list[Path], dirs: Dirs) -> list[Row | Bad]:
    global _WORKER
    if _WORKER is None:
        _WORKER = _Context(dirs)
    return [summarise_file(path, _WORKER) for path in batch]


def _batches(paths: Iterator[Path], size: int) -> Iterator[list[Path]]:
    batch: list[Path] = []
    for path in paths:
        batch.append(path)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def collect_rows(
    paths: Sequence[str],
    dirs: Dirs,
    jobs: int,
    on_progress: Callable[[int], None] | None = None,
) -> tuple[list[Row], list[Bad]]:
    """Summarise every file, on `jobs` processes; results in file order."""
    found = list(expand(paths))
    rows: list[Row] = []
    bad: list[Bad] = []

    def take(results: list[Row | Bad]) -> None:
        for result in results:
            (rows if isinstance(result, Row) else bad).append(result)  # type: ignore[arg-type]
        if on_progress is not None:
            on_progress(len(results))

    files: list[Path] = []
    for path, _, refused in found:
        if refused is not None:
            bad.append(Bad(str(path), refused))
        elif not os.path.lexists(path):
            bad.append(Bad(str(path), "no such file"))
        else:
            files.append(path)
    if jobs <= 1 or len(files) < PARALLEL_MIN_FILES:
        context = _Context(dirs)
        for batch in _batches(iter(files), 256):
            take([summarise_file(p, context) for p in batch])
    else:
        size = max(16, min(512, len(files) // (jobs * 8)))
        # imported here: a pool costs 10 ms of start-up that small runs do not need
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for results in pool.map(_summarise_batch, _batches(iter(files), size), repeat(dirs)):
                take(results)
    return rows, bad


def summarise(
    paths: Sequence[str],
    dirs: Dirs,
    jobs: int = 1,
    on_progress: Callable[[int], None] | None = None,
) -> Summary:
    rows, bad = collect_rows(paths, dirs, jobs, on_progress)
    if not rows:
        return Summary("", "", {}, [], [], {}, frozenset(), [], bad)
    ids = Counter(r.checklist for r in rows)
    main_id = ids.most_common(1)[0][0]
    for row in [r for r in rows if r.checklist != main_id]:
        bad.append(Bad(row.path, f"answers checklist {row.checklist}, not {main_id}"))
    rows = [r for r in rows if r.checklist == main_id]
    versions = Counter(r.version for r in rows)
    context = _Context(dirs)
    newest = None
    for version in sorted(versions, key=_semver_key):
        loaded = context.checklist(main_id, version)
        if not isinstance(loaded, str):
            newest = loaded
    assert newest is not None  # every row's checklist loaded in a worker
    c = newest.checklist
    measures = [
        MeasureInfo(m.number, m.numeral, m.title, m.part, m.lead, m.responsible) for m in c.measures
    ]
    rows.sort(key=lambda r: (-r.score_rate, -r.completion, r.name))
    return Summary(
        main_id,
        c.title.removesuffix("清单").removesuffix("自评") + "自评汇总",
        dict(sorted(versions.items(), key=lambda kv: _semver_key(kv[0]))),
        measures,
        [(p.number, p.theme) for p in c.parts],
        {u.id: u.name for u in c.units},
        frozenset(u.id for u in c.units if u.kind.value == "county"),
        rows,
        bad,
    )


def _semver_key(version: str) -> Any:
    import semver

    return semver.Version.parse(version)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
