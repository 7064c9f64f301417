"""Never lose data: concurrent writers all land; a killed writer leaves old or new."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from ipcheck.assessment import load_assessment
from ipcheck.assessment_model import Status

ROOT = Path(__file__).resolve().parent.parent


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, IPCHECK_USER="并发测试", PYTHONPATH=str(ROOT))
    env.pop("IPCHECK_CHECKLIST_DIR", None)
    return env


def _init(tmp_path: Path, name: str = "叶县") -> Path:
    subprocess.run(
        [sys.executable, "-m", "ipcheck", "init", "--county", name, "--period", "2025"],
        cwd=tmp_path,
        env=_env(tmp_path),
        check=True,
        capture_output=True,
    )
    return tmp_path / f"{name}-2025.toml"


def test_twenty_concurrent_marks_all_land(tmp_path: Path) -> None:
    path = _init(tmp_path)
    items = list(load_assessment(path).assessment.items)[:20]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ipcheck",
                "mark",
                "-f",
                str(path),
                item,
                "done",
                "--note",
                f"第{n}个",
            ],
            cwd=tmp_path,
            env=_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n, item in enumerate(items)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    final = load_assessment(path).assessment
    assert [final.items[i].status for i in items] == [Status.DONE] * 20
    assert {final.items[i].note for i in items} == {f"第{n}个" for n in range(20)}
    # one "created" line, then a status and a note line per writer
    assert len(final.history) == 1 + 2 * 20
    assert not list(tmp_path.glob(".*.tmp"))


WRITER = """
import sys
from pathlib import Path
from ipcheck.operations import mark_items, open_assessment
path = Path(sys.argv[1])
n = 0
while True:
    n += 1
    opened = open_assessment(path, [(Path(sys.argv[2]), True)])
    mark_items(opened, ["1.1"], status=None, note="第" + str(n) + "次" * (n % 50), clear_note=False,
               reason=None, evidence_paths=[], by="写入者", allow_outside=False)
    print(n, flush=True)
"""


def test_sigkill_mid_write_leaves_a_valid_file(tmp_path: Path) -> None:
    from ipcheck.resources import shipped_checklists_dir

    path = _init(tmp_path)
    rng = random.Random(20251)
    kills = 20
    for _ in range(kills):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(shipped_checklists_dir())],
            env=_env(tmp_path),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.15, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)  # never torn
        loaded = load_assessment(path).assessment
        notes = [c for c in loaded.history if c.item == "punitive-damages"]
        # the file is exactly some complete write: its note matches its last history line
        assert (notes[-1].new if notes else None) == loaded.items["punitive-damages"].note
        assert data["kind"] == "assessment"
    # a temporary file a killed writer left is swept by the next write
    subprocess.run(
        [sys.executable, "-m", "ipcheck", "note", "-f", str(path), "1.2", "收尾"],
        env=_env(tmp_path),
        check=True,
        capture_output=True,
    )
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("writers", [10])
def test_ten_writers_on_each_of_three_files(tmp_path: Path, writers: int) -> None:
    paths = [_init(tmp_path, name) for name in ("叶县", "郏县", "宝丰县")]
    procs = []
    for path in paths:
        items = list(load_assessment(path).assessment.items)[:writers]
        procs += [
            subprocess.Popen(
                [sys.executable, "-m", "ipcheck", "mark", "-f", str(path), item, "推进中"],
                env=_env(tmp_path),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for item in items
        ]
    for proc in procs:
        proc.communicate(timeout=120)
        assert proc.returncode == 0
    for path in paths:
        final = load_assessment(path).assessment
        assert sum(s.status is Status.IN_PROGRESS for s in final.items.values()) == writers
