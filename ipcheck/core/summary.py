"""The roll-up as plain data: one compact row per assessment, and the summary of rows.

Each assessment becomes one row (per measure: items done, items in the base,
points earned, points in the base, items 不适用, their points, items whose points
wait for evidence — all from `rules.scoring`, as `status` and `report` count them),
so memory grows by a few hundred bytes per assessment, never by a file. Assessments of different checklist versions are
compared on what they share: the measures, by number.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import PurePath
from typing import NamedTuple

from ipcheck.model.assessment import Assessee, AssesseeKind, Assessment, Status
from ipcheck.model.checklist import Checklist
from ipcheck.model.points import exact
from ipcheck.model.review import Review
from ipcheck.rules.identity import assessee_identity
from ipcheck.rules.scope import ScopedItem
from ipcheck.rules.scoring import ItemScore, scoring_rules
from ipcheck.rules.totals import Scored, score_items
from ipcheck.text.hints import cli_hint
from ipcheck.text.i18n import N_, _
from ipcheck.text.versions import version_key

# What a summary knows of each file it ranks: sealed with its seal holding for these bytes,
# sealed and changed since (by hand, after sealing), not sealed, or a history that does not
# account for its state. The last two-but-one are not ranked as if they were sound.
FILE_STATES = {
    "sealed": "已封存",
    "seal-broken": "封存后被改动",
    "seal-missing": "缺少封存文件",  # sealed, and no seal file of its name beside it
    "unsealed": "未封存",
    "invalid": "文件无效",
    "seal-failed": "封存未通过核验",  # summary --key: the seal does not hold as verify checks it
}
FLAGGED = ("seal-broken", "seal-missing", "invalid", "seal-failed")
# {how}: the command that says more, {flagged}: how to rank it anyway — said on the command
# line only (text/hints.py): the office's page holds neither
FLAGGED_REASONS = {
    "seal-broken": N_(
        "sealed, but the seal beside it is missing or is not of these bytes (changed after "
        "sealing{how}): not ranked{flagged}"
    ),
    "seal-missing": N_(
        "sealed, but no seal file {seal} is beside it (a file and its seal share a name: "
        "renamed?): not ranked{flagged}"
    ),
    "invalid": N_("its history does not account for its state{how}: not ranked{flagged}"),
    "seal-failed": N_(
        "its seal does not pass the check against the counties' keys ({problem}): not ranked{flagged}"
    ),
}
FLAGGED_HOW = {
    "seal-broken": N_("; ipcheck verify says what changed"),
    "seal-missing": "",
    "invalid": N_(" (ipcheck validate says where)"),
    "seal-failed": "",
}


def flagged_reason(row: Row) -> str:
    """Why a flagged row is not ranked, in the user's words (the command line's hints on
    the command line only)."""
    how = FLAGGED_HOW[row.state]
    return _(FLAGGED_REASONS[row.state]).format(
        problem=row.seal_note,
        seal=PurePath(row.path).with_suffix(".seal").name,
        how=cli_hint(_(how)) if how else "",
        flagged=cli_hint(_(" (--include-flagged ranks it, flagged)")),
    )


ABSENT = 0xFFFFFFFF  # the measure is not in this assessee's scope or version
FIELDS = 7  # done, applicable, earned, points, na, na_points, unproven
HALVES = (2, 3, 5)  # the fields kept in half points (×2), so a cell stays an exact integer
# unsigned 32 bits ("I" is 4 bytes wherever CPython runs): a measure of any size a
# checklist file can hold (items ≤ 100 points, files ≤ 64 MB) fits
CELL_TYPE = "I" if array("I").itemsize >= 4 else "L"


class Cell(NamedTuple):
    """One assessee on one measure (or in all): counted as `rules.scoring` says."""

    done: int
    applicable: int  # items in the base (all but the 不适用 the office approved)
    earned: float  # in half points, an integer when whole
    points: float  # the base
    na: int
    na_points: float
    unproven: int  # items whose points wait for evidence

    @classmethod
    def of(cls, fields: Sequence[int]) -> Cell:
        """A cell from its stored fields (points kept as half points)."""
        done, applicable, earned, points, na, na_points, unproven = fields
        return cls(
            done,
            applicable,
            exact(earned / 2),
            exact(points / 2),
            na,
            exact(na_points / 2),
            unproven,
        )


def _sums(cells: array) -> Cell:  # type: ignore[type-arg]
    """The sums over a row's measures (an absent measure holds ABSENT, then zeros)."""
    done = sum(value for value in cells[0::FIELDS] if value != ABSENT)
    return Cell.of([done, *(sum(cells[k::FIELDS]) for k in range(1, FIELDS))])


class Row(NamedTuple):
    path: str
    name: str
    kind: str
    unit: str | None
    checklist: str
    version: str
    period: int  # the year assessed
    cells: array  # type: ignore[type-arg]  # FIELDS unsigned ints per measure 1..M
    total: Cell  # the sums of the cells, worked out once (ranking and every output read it)
    reviewed: tuple[float, float] | None = None  # the office's score (earned, base), if reviewed
    state: str = "unsealed"  # a key of FILE_STATES
    review_note: str | None = None  # a review beside it that cannot be counted, and why
    # its 不适用 items, each a request to 核减: (number, name, reason, decision, by)
    na_requests: tuple[tuple[str, str, str, str, str], ...] = ()
    approved: int = 0  # 不适用 items the office approved (同意核减): out of the base
    seal_note: str | None = None  # seal-failed: what summary --key found (as verify says it)
    sha256: str = ""  # of the file's bytes: two copies of one file are one submission
    # with a counted review, the cells as the office reviewed them: what the matrix and
    # the measures' views show, as the row ranks on the reviewed score (None: `cells`)
    reviewed_cells: array | None = None  # type: ignore[type-arg]

    @classmethod
    def of(
        cls,
        path: str,
        name: str,
        kind: str,
        unit: str | None,
        checklist: str,
        version: str,
        period: int,
        cells: array,  # type: ignore[type-arg]
        reviewed: tuple[float, float] | None = None,
        state: str = "unsealed",
        reviewed_cells: array | None = None,  # type: ignore[type-arg]
    ) -> Row:
        total = _sums(cells)
        return cls(
            path,
            name,
            kind,
            unit,
            checklist,
            version,
            period,
            cells,
            total,
            reviewed,
            state,
            reviewed_cells=reviewed_cells,
        )

    @property
    def ranked_cells(self) -> array:  # type: ignore[type-arg]
        """The cells on the basis it ranks on: reviewed where a review counts."""
        if self.reviewed is not None and self.reviewed_cells is not None:
            return self.reviewed_cells
        return self.cells

    def cell(self, number: int) -> Cell | None:
        """A measure's cell, as ranked (reviewed where a review counts)."""
        cells = self.ranked_cells
        base = (number - 1) * FIELDS
        if base + FIELDS > len(cells) or cells[base] == ABSENT:
            return None
        return Cell.of(cells[base : base + FIELDS])

    def completion_of(self, number: int) -> float | None:
        """A measure's completion, None where it is absent or nothing in it counts."""
        return self.completions((number,))[0]

    def completions(self, numbers: Sequence[int]) -> list[float | None]:
        """completion_of each measure, in one pass (a province's CSV asks 85,000 rows)."""
        cells = self.ranked_cells
        size = len(cells)
        out: list[float | None] = []
        for number in numbers:
            base = (number - 1) * FIELDS
            if base + FIELDS > size or cells[base] == ABSENT or not cells[base + 1]:
                out.append(None)
            else:
                out.append(float(cells[base] / cells[base + 1]))
        return out

    def score_rates(self, numbers: Sequence[int]) -> list[float | None]:
        """Each measure's score rate (earned ÷ base), None where it is absent or its base
        is empty: the matrix's cells, in one pass (reviewed where a review counts)."""
        cells = self.ranked_cells
        size = len(cells)
        out: list[float | None] = []
        for number in numbers:
            base = (number - 1) * FIELDS
            if base + FIELDS > size or cells[base] == ABSENT or not cells[base + 3]:
                out.append(None)
            else:
                out.append(cells[base + 2] / cells[base + 3])  # both in half points
        return out

    def totals(self) -> Cell:
        return self.total

    @property
    def score_rate(self) -> float:
        t = self.total
        return t.earned / t.points if t.points else 1.0

    @property
    def exact_rate(self) -> Fraction:
        """ranked_rate as an exact fraction: equal rates tie however they were reached."""
        earned, base = (
            self.reviewed
            if self.reviewed is not None
            else (
                self.total.earned,
                self.total.points,
            )
        )
        return Fraction(earned) / Fraction(base) if base else Fraction(1)

    @property
    def ranked_rate(self) -> float:
        """What ranks it: the reviewed score where the office has reviewed it."""
        if self.reviewed is None:
            return self.score_rate
        earned, base = self.reviewed
        return earned / base if base else 1.0

    @property
    def completion(self) -> float:
        """Items done ÷ items in the base: after the office's 核减 where it has reviewed."""
        t = self.total
        applicable = t.applicable - self.approved
        return t.done / applicable if applicable else 1.0


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


class Standing(NamedTuple):
    """An assessee's place in one year: the rate that ranked it, its rank, shared or not."""

    rate: float
    rank: int
    tied: bool


class TrendLine(NamedTuple):
    """One assessee over the years: a Standing per year of the table, None where it had no
    file ranked that year."""

    kind: str
    name: str
    years: tuple[Standing | None, ...]


class Summary(NamedTuple):
    checklist: str
    title: str
    versions: dict[str, int]
    measures: list[MeasureInfo]
    parts: list[tuple[int, str]]  # (number, theme)
    units: dict[str, str]  # id -> name
    county_units: frozenset[str]  # ids of bodies that exist in each county (各县…)
    rows: list[Row]  # ranked: the counties, then the units, each by score
    bad: list[Bad]
    rules: tuple[str, ...] = ()  # the scoring rules of the newest version, in words
    period: int | None = None  # the year rolled up
    other_periods: tuple[tuple[int, int], ...] = ()  # (year, files) found but not rolled up
    roster: tuple[str, ...] = ()  # the counties the checklist assesses (none: not known)
    missing: tuple[tuple[str, str], ...] = ()  # (kind, name) on the roster, with no file
    # assessees that submitted a file left out of the ranking (flagged, a duplicate, another
    # version): (kind, county name or unit id); not 未报送, and said so where counted
    unranked: frozenset[tuple[str, str]] = frozenset()
    trend_years: tuple[int, ...] = ()  # the years of the year-on-year table, oldest first
    trend: tuple[TrendLine, ...] = ()  # each assessee's rate and rank in each of them


def summary_row(
    path: str,
    assessment: Assessment,
    checklist: Checklist,
    scope: list[ScopedItem],
    reviewed: tuple[float, float] | None = None,
    state: str = "unsealed",
    review: Review | None = None,
) -> Row:
    """One assessment as one compact row; the scope is its checklist's, never the file's.
    With the review that counts, its cells as reviewed beside the self-assessed ones."""
    scores = score_items(assessment, scope, checklist.scoring, review).items
    cells = _cells(checklist, [(s, s.own) for s in scores])
    reviewed_cells = None
    if review is not None:
        reviewed_cells = _cells(checklist, [(s, s.reviewed or s.own) for s in scores])
    a = assessment.assessee
    pin = assessment.checklist
    return Row.of(
        path,
        a.name,
        a.kind.value,
        a.unit,
        pin.id,
        pin.version,
        assessment.period,
        cells,
        reviewed,
        state,
        reviewed_cells,
    )


def _cells(checklist: Checklist, scored: list[tuple[Scored, ItemScore]]) -> array:  # type: ignore[type-arg]
    """FIELDS counts per measure of the items as scored (each with the score to count)."""
    cells = array(CELL_TYPE, [ABSENT] + [0] * (FIELDS - 1)) * len(checklist.measures)
    for item, score in scored:
        base = (item.scoped.measure.number - 1) * FIELDS
        if cells[base] == ABSENT:
            cells[base] = 0
        cells[base] += item.state.status is Status.DONE
        cells[base + 1] += not score.na_excluded
        cells[base + 2] += int(score.earned * 2)  # half points, exact
        cells[base + 3] += int(score.base * 2)
        if score.na:
            cells[base + 4] += 1
            cells[base + 5] += int(score.points * 2)
        cells[base + 6] += score.unproven
    return cells


def _newest_among(
    rows: list[Row], checklist_of: Callable[[str, str], Checklist | None]
) -> Callable[[str], Checklist | None]:
    """Without a catalog to ask: the newest version among the files."""
    newest: dict[str, str] = {}
    for r in rows:
        if r.checklist not in newest or version_key(r.version) > version_key(newest[r.checklist]):
            newest[r.checklist] = r.version
    return lambda ident: checklist_of(ident, newest[ident]) if ident in newest else None


def on_the_roster(
    rows: list[Row], newest_of: Callable[[str], Checklist | None]
) -> tuple[list[Row], list[Bad]]:
    """Each row's assessee told by the one rule verify also follows (rules/identity.py),
    read with its checklist's newest version: a county as the roster names it, a unit by
    its id with its registry name. A county not on the roster, or a unit whose name is
    not its unit's, is left out with the reason."""
    newest: dict[str, Checklist | None] = {}
    kept: list[Row] = []
    bad: list[Bad] = []
    for r in rows:
        if r.checklist not in newest:
            newest[r.checklist] = newest_of(r.checklist)
        city = newest[r.checklist]
        if city is None:
            kept.append(r)
            continue
        kind = AssesseeKind.COUNTY if r.kind == "county" else AssesseeKind.UNIT
        found = assessee_identity(city, Assessee(kind=kind, name=r.name, unit=r.unit))
        if isinstance(found, str):
            bad.append(Bad(r.path, found))
        elif kind is AssesseeKind.COUNTY and city.counties:
            kept.append(r._replace(name=found.name))
        else:
            kept.append(r)
    return kept, bad


NAMED_COPIES = 3  # the other copies a duplicate's line names, at most


def one_per_assessee(rows: list[Row]) -> tuple[list[Row], list[Bad]]:
    """Two files for one assessee and year (a second draft, a file made in its name) are
    both left out, each naming the other: which one counts is for the office to say, not
    the order of the files. Copies of one file (the same bytes: a copy, a link, a path
    given twice) are one submission, counted once."""
    seen: dict[tuple[str, str, int], list[Row]] = {}
    for row in rows:
        seen.setdefault((row.kind, row.unit or row.name, row.period), []).append(row)
    kept: list[Row] = []
    bad: list[Bad] = []
    for same in seen.values():
        same, copies = _one_of_each_copy(same)
        bad += copies
        if len(same) == 1:
            kept += same
            continue
        sound = [r for r in same if r.state not in FLAGGED]
        if len(sound) == 1:  # ranked with the flagged (--include-flagged): the sound one counts
            kept += sound
            bad += [
                Bad(
                    r.path,
                    _(
                        "{name} {period} has a sound file in {path}; this one is {state}: "
                        "not ranked beside it"
                    ).format(
                        name=r.name, period=r.period, path=sound[0].path, state=FILE_STATES[r.state]
                    ),
                )
                for r in same
                if r is not sound[0]
            ]
            continue
        for row in same:
            others = [r.path for r in same if r is not row]
            named = "、".join(others[:NAMED_COPIES])
            if len(others) > NAMED_COPIES:  # 2,000 copies: not 2,000 names on each line
                named += _(" and {count} more").format(count=len(others) - NAMED_COPIES)
            bad.append(
                Bad(
                    row.path,
                    _(
                        "{name} {period} is also in {others}: one file per assessee and "
                        "year; the {count} files are left out until only one remains"
                    ).format(name=row.name, period=row.period, others=named, count=len(same)),
                )
            )
    order = {id(row): index for index, row in enumerate(rows)}
    kept.sort(key=lambda row: order[id(row)])
    return kept, bad


def _one_of_each_copy(same: list[Row]) -> tuple[list[Row], list[Bad]]:
    """Of the copies of one file, the one that counts: sealed (its seal beside it) before
    not, reviewed before not; the others named as its copies. Copies whose counted reviews
    differ are all left out, named: which review holds is the office's to say."""
    by_bytes: dict[str, list[Row]] = {}
    for row in same:
        by_bytes.setdefault(row.sha256 or row.path, []).append(row)
    kept: list[Row] = []
    bad: list[Bad] = []
    for copies in by_bytes.values():
        best = max(_copy_rank(r) for r in copies)
        first = [r for r in copies if _copy_rank(r) == best]
        if len({r.reviewed for r in first}) > 1:  # two reviews of one file: which holds
            bad += [  # is the office's to say (a copy of a reviewed folder kept aside?)
                Bad(
                    r.path,
                    _(
                        "the same file as {others} (byte for byte), with another review "
                        "beside it: not ranked until one review remains"
                    ).format(others="、".join(o.path for o in copies if o is not r)),
                )
                for r in copies
            ]
            continue
        chosen = first[0]
        kept.append(chosen)
        bad += [
            Bad(
                r.path,
                _("the same file as {path} (byte for byte): counted once, there").format(
                    path=chosen.path
                ),
            )
            for r in copies
            if r is not chosen
        ]
    order = {id(row): index for index, row in enumerate(same)}
    kept.sort(key=lambda row: order[id(row)])
    return kept, bad


def _copy_rank(row: Row) -> tuple[bool, bool, bool]:
    return (row.state == "sealed", row.reviewed is not None, row.review_note is None)


def ranked_rows(rows: list[Row], include_flagged: bool) -> tuple[list[Row], list[Bad]]:
    """The rows of one year that rank, after on_the_roster: a flagged file (changed after
    sealing, a history that does not account for it, a seal --key fails) is listed with
    why, not ranked (include_flagged: ranked, flagged) — and never takes a sound file of
    its assessee out with it; then one file per assessee."""
    bad: list[Bad] = []
    if not include_flagged:
        bad = [Bad(r.path, flagged_reason(r)) for r in rows if r.state in FLAGGED]
        rows = [r for r in rows if r.state not in FLAGGED]
    rows, twice = one_per_assessee(rows)
    return rows, bad + twice


_NO_CELLS = array(CELL_TYPE)


class OneYear:
    """The rows of the year to roll up, kept as they stream past: the year asked for, else
    the latest a sealed file is of (a draft begun for next year, a file flagged, does not
    choose it; where none is sealed, the latest of a sound file, else of any). Other years'
    rows are kept without their cells (the year-on-year table needs only their rates), so
    a province's two years of files hold one year's cells in memory, not both — once a
    sealed file has been seen: until then any year may yet be chosen, and each is kept."""

    def __init__(self, period: int | None = None) -> None:
        self.period = period
        self.years: Counter[int] = Counter()
        self.sound: Counter[int] = Counter()  # the files of each year that are not flagged
        self.sealed: Counter[int] = Counter()  # … and of those, the sealed (submitted)
        self.by_year: dict[int, list[Row]] = {}  # the years that may yet be chosen
        self.past: list[Row] = []  # every year's rows, without their cells: the trend's

    def add(self, row: Row) -> None:
        self.years[row.period] += 1
        self.past.append(row._replace(cells=_NO_CELLS, na_requests=()))
        if self.period is not None and row.period != self.period:
            return
        if row.state not in FLAGGED:
            self.sound[row.period] += 1
        if row.state == "sealed":
            self.sealed[row.period] += 1
        self.by_year.setdefault(row.period, []).append(row)
        if self.period is None and self.sealed:
            # a year before the latest sealed file's can no longer be chosen (while none is
            # sealed, any year may yet be: a sealed file of it can still come)
            latest = max(self.sealed)
            for year in [y for y in self.by_year if y < latest]:
                del self.by_year[year]

    @property
    def chosen(self) -> int | None:
        return chosen_year(self.period, self.sealed or self.sound, self.years)

    @property
    def rows(self) -> list[Row]:
        return self.by_year.get(self.chosen, []) if self.chosen is not None else []


def chosen_year(period: int | None, sound: Counter[int], years: Counter[int]) -> int | None:
    """The year rolled up: the one asked for, else the latest of a sound file (a sealed
    one, where any is: a draft begun for next year does not choose), else the latest."""
    if period is not None:
        return period
    return max(sound) if sound else max(years, default=None)


def summarise_rows(
    rows: list[Row],
    bad: list[Bad],
    checklist_of: Callable[[str, str], Checklist | None],
    period: int | None = None,
    newest_of: Callable[[str], Checklist | None] | None = None,
    years: Counter[int] | None = None,
    include_flagged: bool = False,
    past: Sequence[Row] | None = None,
) -> Summary:
    """The rows of one year (the one asked for, else the latest found) ranked under the
    newest version of the checklist most of them answer: the counties, then the units.
    Where that checklist has a roster, a county's name is read as the roster says it (平顶山市
    叶县 is 叶县) and a name not on it is left out, named. `years` counts the files of
    every year when `rows` holds only the year's (OneYear), and `past` every year's rows
    for the year-on-year table (by default, `rows`)."""
    past = rows if past is None else past
    years = Counter(r.period for r in rows) if years is None else years
    sealed = Counter(r.period for r in rows if r.state == "sealed")
    deciding = sealed or Counter(r.period for r in rows if r.state not in FLAGGED)
    chosen = chosen_year(period, deciding, years)
    others = tuple(sorted(((y, n) for y, n in years.items() if y != chosen), reverse=True))
    rows = [r for r in rows if r.period == chosen]  # other years' troubles are theirs
    if newest_of is None:
        newest_of = _newest_among(rows, checklist_of)
    rows, unknown = on_the_roster(rows, newest_of)
    present = {(r.kind, r.unit or r.name) for r in rows}  # a duplicate has submitted
    rows, unranked = ranked_rows(rows, include_flagged)
    bad = bad + unknown + unranked
    if not rows:
        return Summary(
            "", "", {}, [], [], {}, frozenset(), [], bad, period=chosen, other_periods=others
        )
    assert chosen is not None  # it has rows
    # the year's checklist and version are those of its sound files: a flagged one ranked
    # beside them (--include-flagged) does not decide what the sound ones are ranked on
    sound = [r for r in rows if r.state not in FLAGGED] or rows
    main_id = Counter(r.checklist for r in sound).most_common(1)[0][0]
    bad = bad + [
        Bad(
            r.path,
            _("answers checklist {checklist}, not {main}").format(
                checklist=r.checklist, main=main_id
            ),
        )
        for r in rows
        if r.checklist != main_id
    ]
    rows = [r for r in rows if r.checklist == main_id]
    # like with like: the year is ranked on the newest version its files use; a file on
    # an older one is named with the upgrade that brings it in, not ranked beside them
    newest_version = max(
        (r.version for r in sound if r.checklist == main_id),
        key=version_key,
        default=max((r.version for r in rows), key=version_key),
    )
    bad = bad + [
        Bad(
            r.path,
            _(
                "on checklist version {version}, not {newest} as the year's newest files are: "
                "not ranked until it is upgraded (ipcheck upgrade -f {file} --to {newest})"
            ).format(version=r.version, newest=newest_version, file=r.path),
        )
        for r in rows
        if r.version != newest_version
    ]
    rows = [r for r in rows if r.version == newest_version]
    versions = Counter(r.version for r in rows)
    ordered = sorted(versions, key=version_key)
    newest = checklist_of(main_id, newest_version)
    assert newest is not None  # every row's checklist was loaded to make the row
    c = newest
    measures = [
        MeasureInfo(m.number, m.numeral, m.title, m.part, m.lead, m.responsible) for m in c.measures
    ]
    city = newest_of(main_id) or c  # the roster is the newest version's
    # 考核's order: by the score rate that ranks a row; rows tied on it share a rank (并列)
    # and follow the roster's order (then the unit registry's), never completion, which
    # counts work without evidence
    order = {("county", county.name): n for n, county in enumerate(city.counties)}
    order |= {("unit", unit.id): n for n, unit in enumerate(city.units)}
    rows.sort(
        key=lambda r: (
            r.kind != "county",
            -r.exact_rate,
            order.get((r.kind, r.unit or r.name), len(order)),
            r.name,
        )
    )
    roster = tuple(county.name for county in city.counties)
    missing = tuple(("county", n) for n in roster if ("county", n) not in present) + tuple(
        ("unit", u.name)
        for u in city.units
        if u.kind.value == "municipal" and ("unit", u.id) not in present
    )
    return Summary(
        main_id,
        c.title.removesuffix("清单").removesuffix("自评") + f"{chosen}年度自评汇总",
        {v: versions[v] for v in ordered},
        measures,
        [(p.number, p.theme) for p in c.parts],
        {u.id: u.name for u in c.units},
        frozenset(u.id for u in c.units if u.kind.value == "county"),
        rows,
        bad,
        scoring_rules(c),
        chosen,
        others,
        roster,
        missing,
        frozenset(present - {(r.kind, r.unit or r.name) for r in rows}),
        *_trend(rows, past, chosen, main_id, newest_of, include_flagged, order),
    )


def _trend(
    ranked: list[Row],
    past: Sequence[Row],
    chosen: int,
    checklist: str,
    newest_of: Callable[[str], Checklist | None],
    include_flagged: bool,
    order: dict[tuple[str, str], int],
) -> tuple[tuple[int, ...], tuple[TrendLine, ...]]:
    """The year-on-year table: each assessee's rate and rank in every year with files of
    this checklist, each year ranked by the rules that rank the year rolled up (its own
    assessees, named by the roster, one file each, none flagged unless asked). Rates, not
    scores, so that checklist versions compare. Empty with fewer than two years."""
    by_year: dict[int, list[Row]] = {chosen: ranked}
    for row in past:
        if row.period != chosen and row.checklist == checklist:
            by_year.setdefault(row.period, []).append(row)
    standings: dict[tuple[str, str], dict[int, Standing]] = {}
    names: dict[tuple[str, str], tuple[int, str]] = {}
    for year, rows in by_year.items():
        if year != chosen:
            rows, _unknown = on_the_roster(rows, newest_of)
            rows, _unranked = ranked_rows(rows, include_flagged)
            rows.sort(key=lambda r: (r.kind != "county", -r.exact_rate, r.name))
        for row, (rank, tied) in zip(rows, ranks(rows), strict=True):
            key = (row.kind, row.unit or row.name)
            standings.setdefault(key, {})[year] = Standing(float(row.exact_rate), rank, tied)
            if key not in names or year >= names[key][0]:
                names[key] = (year, row.name)  # as the latest year names it
    years = tuple(sorted({year for held in standings.values() for year in held}))
    if len(years) < 2:
        return (), ()
    now = {(r.kind, r.unit or r.name): n for n, r in enumerate(ranked)}
    keys = sorted(
        standings,
        key=lambda k: (k[0] != "county", now.get(k, len(now)), order.get(k, len(order)), k[1]),
    )
    lines = tuple(
        TrendLine(kind, names[(kind, key)][1], tuple(standings[(kind, key)].get(y) for y in years))
        for kind, key in keys
    )
    return years, lines


def ranks(rows: Sequence[Row]) -> list[tuple[int, bool]]:
    """Each row's rank among the rows of its kind (counties and units apart), in the rows'
    order, and whether it shares it (并列): 1, 2, 2, 4 — rows of equal rate share a rank.
    One pass over runs of equal rate (a province's summary ranks 85,000 rows)."""
    out: list[tuple[int, bool]] = []
    start = placed = 0
    kind = None
    while start < len(rows):
        if rows[start].kind != kind:
            kind, placed = rows[start].kind, 0
        rate = rows[start].exact_rate
        end = start + 1
        while end < len(rows) and rows[end].kind == kind and rows[end].exact_rate == rate:
            end += 1
        out += [(placed + 1, end - start > 1)] * (end - start)
        placed += end - start
        start = end
    return out
