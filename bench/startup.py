"""Start-up and interactive commands, in median process wall time, against `import typer`.

    python bench/startup.py [--runs 30]

Run it with the Python of an installed ipcheck (`pip install .`, not editable:
an installed package has its byte code compiled). Every case runs in turn, run
after run, so that machine noise hits them alike; each figure is the median.

Targets (issue 26): `status` and `mark` on the example at most 1.6x
`python -c "import typer"`, `report --format html` at most 2.1x; `--version` within
10 ms of it. `mark` writes the file (atomically, with its fsyncs): the disk counts. The
two floors are the libraries those commands cannot start without (typer, msgspec for the
file formats, rtoml; jinja2 for report's templates), imported and nothing else done: no
command can be faster than its floor. With --baseline, another install's ipcheck (an
earlier commit) runs beside, in the same rounds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "叶县-2025"
# an item of the county's own duties, 已完成 in the example (1.1 惩罚性赔偿 is the courts')
ITEM = "2.1"


def ipcheck_exe() -> list[str]:
    script = Path(sys.executable).with_name("ipcheck")
    found = str(script) if script.exists() else shutil.which("ipcheck")
    return [found] if found else [sys.executable, "-m", "ipcheck"]


def wall_ms(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    if done.returncode != 0:  # a refusal is not what is being timed
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()[-300:]}")
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--baseline", help="another install's ipcheck, timed beside")
    args = parser.parse_args()
    runs = args.runs
    py = sys.executable
    exe = ipcheck_exe()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "叶县-2025"
        shutil.copytree(EXAMPLE, work)
        env = {**os.environ, "IPCHECK_USER": "基准", "IPCHECK_CACHE_DIR": str(Path(tmp) / "cache")}
        # the example ships sealed (submitted): lift the seal, as a county would to change it
        subprocess.run([*exe, "unseal", "--reason", "基准测试"], cwd=work, env=env, check=True)
        cases = {
            "python -c 'import typer'": [py, "-c", "import typer"],
            # what the libraries a command cannot run without cost before ipcheck does anything
            "floor: import typer, msgspec, rtoml": [py, "-c", "import typer, msgspec, rtoml"],
            "floor: + jinja2 (report)": [py, "-c", "import typer, msgspec, rtoml, jinja2"],
            "ipcheck --version": [*exe, "--version"],
            "ipcheck status": [*exe, "status"],
            f"ipcheck mark {ITEM} 推进中 (and back)": [*exe, "mark", ITEM, "推进中"],
            "ipcheck report --format html": [*exe, "report", "--format", "html"],
            "ipcheck report --format md": [*exe, "report", "--format", "md"],
        }
        if args.baseline:
            cases |= {
                "baseline --version": [args.baseline, "--version"],
                "baseline status": [args.baseline, "status"],
                f"baseline mark {ITEM} 推进中 (and back)": [args.baseline, "mark", ITEM, "推进中"],
                "baseline report --format html": [args.baseline, "report", "--format", "html"],
            }
        for cmd in cases.values():  # a first run fills the caches, as a user's first run does
            wall_ms(cmd, work, env)
        samples: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(runs):
            for name, cmd in cases.items():
                samples[name].append(wall_ms(cmd, work, env))
                if "mark" in name:
                    back = [*cmd[: cmd.index("mark")], "mark", ITEM, "已完成"]
                    wall_ms(back, work, env)  # the status stays the same run after run
    results = {name: statistics.median(values) for name, values in samples.items()}
    floor = results["python -c 'import typer'"]
    print(f"median of {runs} runs each, {py}")
    print(f"{'case':<38} {'ms':>7} {'x typer':>8} {'+ms':>7}")
    for name, value in results.items():
        print(f"{name:<38} {value:7.1f} {value / floor:8.2f} {value - floor:+7.1f}")
    version = results["ipcheck --version"] - floor
    print(f"target --version within 10 ms of import typer: {version:+.1f} ms")
    for name, most in (
        ("ipcheck status", 1.6),
        (f"ipcheck mark {ITEM} 推进中 (and back)", 1.6),
        ("ipcheck report --format html", 2.1),
    ):
        print(f"target {name} at most {most}x import typer: {results[name] / floor:.2f}x")


if __name__ == "__main__":
    main()
