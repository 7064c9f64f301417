"""`ipcheck summary` at scale: wall time, peak memory, ratio to a bare tomllib parse.

    python bench/summary.py [--sizes 1000 5000 85000] [--runs 1]

Uses the files of bench/generate.py (bench/out/validate/<N>; the 85,000 set is
made with --copies-from the 5,000 one). Each case runs in its own process;
peak memory is the largest resident set of that process and of any of its
worker processes (ru_maxrss). The summary is written as CSV to a file, the
streaming output for big roll-ups.
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import bench_checklists  # noqa: E402

PARSE_ALL = """
import sys, tomllib, pathlib
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.toml")):
    tomllib.loads(p.read_text(encoding="utf-8"))
"""
# Runs one command and reports its peak memory and that of its children.
MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run(cmd: list[str], cache: str, cold: bool) -> tuple[float, float]:
    """(seconds, peak MB) of a command; the results cache emptied first when cold."""
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *cmd],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "IPCHECK_CACHE_DIR": cache},
    )
    seconds = time.perf_counter() - start
    code, kb = done.stdout.split()
    if code not in ("0", "1"):
        raise SystemExit(f"{cmd[:3]} failed with {code}")
    return seconds, int(kb) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 85000])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    ipcheck = str(Path(sys.executable).with_name("ipcheck"))
    print(f"median of {args.runs} run(s); peak = largest resident set of the process or a worker")
    print(f"{'N':>6} {'case':<26} {'seconds':>8} {'ms/file':>8} {'peak MB':>8} {'x floor':>8}")
    for size in args.sizes:
        folder = HERE / "out" / "validate" / str(size)
        if not folder.is_dir():
            print(f"{size:>6} missing {folder}: python bench/generate.py {size} {folder}")
            continue
        own = ["--checklist-dir", str(bench_checklists())]
        with tempfile.TemporaryDirectory() as tmp:
            cases = {
                "tomllib parse (floor)": [sys.executable, "-c", PARSE_ALL, str(folder)],
                "ipcheck summary --format csv": [
                    ipcheck,
                    "summary",
                    *own,
                    str(folder),
                    "--format",
                    "csv",
                    "-o",
                    f"{tmp}/s.csv",
                    "--force",
                ],
                "ipcheck summary, warm": [
                    ipcheck,
                    "summary",
                    *own,
                    str(folder),
                    "--format",
                    "csv",
                    "-o",
                    f"{tmp}/s.csv",
                    "--force",
                ],
                "ipcheck validate": [ipcheck, "validate", *own, str(folder)],
                "ipcheck validate, warm": [ipcheck, "validate", *own, str(folder)],
            }
            floor = None
            for name, cmd in cases.items():
                results = [run(cmd, f"{tmp}/cache", "warm" not in name) for _ in range(args.runs)]
                seconds = statistics.median(r[0] for r in results)
                peak = max(r[1] for r in results)
                floor = floor or seconds
                print(
                    f"{size:>6} {name:<26} {seconds:8.2f} {seconds / size * 1000:8.2f} {peak:8.0f} {seconds / floor:8.2f}"
                )


if __name__ == "__main__":
    main()
