"""Generate N realistic assessment files for benchmarks.

    python bench/generate.py N OUT_DIR [--seed 1]

Each file is a county assessment of the shipped checklist 1.0.0 (83 items),
published under another id, province-2021-22, without a roster: Pingdingshan's
checklist names its 12 counties, and `summary` rightly refuses the thousands of
generated ones (县00001 …). The copy is written to bench/out/checklists, which
the benchmarks pass as --checklist-dir. Statuses are spread as in a real year, Chinese notes, 0-3 evidence entries per
item and a history of every change: the kind of file a province's repository
holds by the thousand. Files go to OUT_DIR/<county>/<county>-<year>.toml.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import random
import sys
from pathlib import Path

from msgspec.structs import replace

from ipcheck.core.create import make_assessee, new_assessment
from ipcheck.model.assessment import Action, Assessment, Change, Evidence, ItemState, Status
from ipcheck.model.loaded import LoadedChecklist
from ipcheck.rules.history import chained, unchained
from ipcheck.store.catalog import checklist_dirs, resolve
from ipcheck.store.loader import load_data
from ipcheck.store.resources import shipped_checklists_dir
from ipcheck.store.writer import to_toml

TZ = dt.timezone(dt.timedelta(hours=8))
NOTES = [
    "已制定工作方案并印发执行",
    "已召开专题会议研究部署，形成会议纪要",
    "已建立工作台账，按月更新",
    "联合县法院、县检察院开展专项行动",
    "方案已起草，正在征求成员单位意见",
    "已完成年度目标任务的百分之八十",
    "受机构改革影响，工作推进较慢",
    "已纳入年度绩效考核指标体系",
]
EVIDENCE_NAMES = [
    "会议纪要.pdf",
    "工作方案.docx",
    "案件台账.xlsx",
    "培训签到表.pdf",
    "统计报表.xlsx",
    "现场照片.jpg",
]
STATUSES = [Status.DONE] * 6 + [Status.IN_PROGRESS] * 2 + [Status.TODO] + [Status.NA] * 0


BENCH_ID = "province-2021-22"
CHECKLISTS = Path(__file__).resolve().parent / "out" / "checklists"


def bench_checklists() -> Path:
    """The folder holding the benchmarks' checklist: the shipped 1.0.0 as another
    province's, with no roster, so any county name is taken."""
    shipped = shipped_checklists_dir() / "pingdingshan-2021-22" / "1.0.0.toml"
    text = shipped.read_text(encoding="utf-8")
    text = text.replace('id = "pingdingshan-2021-22"', f'id = "{BENCH_ID}"', 1)
    path = CHECKLISTS / BENCH_ID / "1.0.0.toml"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return CHECKLISTS


@functools.cache
def bench_checklist() -> LoadedChecklist:
    checklist = resolve(f"{BENCH_ID}@1.0.0", checklist_dirs([bench_checklists()]))
    assert not checklist.checklist.counties, "no roster: any county name is taken"
    return checklist


def one_assessment(county: str, year: int, rng: random.Random) -> str:
    checklist = bench_checklist()
    start = dt.datetime(year, 2, 1, 9, tzinfo=TZ)
    assessment = new_assessment(
        checklist,
        make_assessee(checklist, county=county, unit=None),
        year,
        f"{county}-{year}-佐证材料",
        "县市场监管局 张三",
        start,
    )
    items = dict(assessment.items)
    history = list(assessment.history)
    for n, item_id in enumerate(items):
        at = start + dt.timedelta(days=rng.randint(1, 300), minutes=n)
        by = rng.choice(["县市场监管局 张三", "县司法局 李四", "县法院 王五"])
        status = rng.choice(STATUSES) if rng.random() > 0.03 else Status.NA
        state = ItemState(status=status)
        if status is not Status.TODO:
            history.append(
                Change(
                    at=at, by=by, action=Action.STATUS, item=item_id, old="todo", new=status.value
                )
            )
        if status is Status.NA:
            state = replace(state, reason="本县不具备开展该项工作的条件")
            history.append(
                Change(at=at, by=by, action=Action.REASON, item=item_id, new=state.reason)
            )
        if status in (Status.DONE, Status.IN_PROGRESS) and rng.random() < 0.7:
            state = replace(state, note=rng.choice(NOTES))
            history.append(Change(at=at, by=by, action=Action.NOTE, item=item_id, new=state.note))
        evidence = []
        for k in range(rng.randint(0, 3) if status is Status.DONE else 0):
            name = f"{county}-{year}-佐证材料/{n:02d}-{k}-{rng.choice(EVIDENCE_NAMES)}"
            sha = hashlib.sha256(f"{county}{n}{k}".encode()).hexdigest()
            evidence.append(
                Evidence(
                    path=name, sha256=sha, size=rng.randint(10_000, 5_000_000), added=at, by=by
                )
            )
            history.append(
                Change(at=at, by=by, action=Action.EVIDENCE_ADDED, item=item_id, new=sha, path=name)
            )
        items[item_id] = replace(
            state,
            evidence=tuple(evidence),
            updated=at if status is not Status.TODO else None,
            by=by if status is not Status.TODO else None,
        )
    history.sort(key=lambda c: c.at)
    # chained as ipcheck chains what it writes: the history replays to the state
    return to_toml(chained(replace(assessment, items=items, history=tuple(history)), 0))


def generate(count: int, out: Path, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for n in range(count):
        county = f"县{n:05d}"
        folder = out / county
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{county}-2025.toml"
        if not path.exists():
            path.write_text(one_assessment(county, 2025, rng), encoding="utf-8")
        paths.append(path)
    return paths


def replicate(count: int, out: Path, source: Path) -> list[Path]:
    """count files made from the generated ones in source, each under its own county name:
    a country-sized set (85,000) in minutes instead of an hour."""
    originals = sorted(source.rglob("*.toml"))
    paths = []
    for n in range(count):
        county = f"县{n:05d}"
        path = out / county / f"{county}-2025.toml"
        if not path.exists():
            original = originals[n % len(originals)]
            old = original.parent.name
            path.parent.mkdir(parents=True, exist_ok=True)
            text = original.read_text(encoding="utf-8").replace(old, county)
            # renamed, so chained again: every line of the history says the new name
            a = load_data(text.encode("utf-8"), str(path)).record
            assert isinstance(a, Assessment)
            a = replace(a, history=tuple(unchained(c) for c in a.history))
            path.write_text(to_toml(chained(a, 0)), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--copies-from", type=Path, help="replicate files generated before in this folder"
    )
    args = parser.parse_args()
    if args.copies_from:
        paths = replicate(args.count, args.out, args.copies_from)
    else:
        paths = generate(args.count, args.out, args.seed)
    size = sum(p.stat().st_size for p in paths)
    sys.stderr.write(
        f"{len(paths)} files, {size / len(paths) / 1024:.0f} KB each on average, in {args.out}\n"
    )


if __name__ == "__main__":
    main()
