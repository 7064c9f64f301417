"""`ipcheck validate` at scale against the floor (a bare tomllib parse) and two peers.

    pip install check-jsonschema taplo      # the peers (optional; skipped if absent)
    python bench/validate.py [--sizes 1000 5000] [--runs 3]

For each N, N realistic assessment files are generated once into
bench/out/validate/ (bench/generate.py). Each case runs as its own process
and is timed wall-clock; the figure is the median of --runs runs:

- tomllib: one process parsing every file with the standard library (the floor);
- read and hash: one process reading every file's bytes and taking their SHA-256, what
  a second run must do at least (the cache trusts no file's metadata): the warm floor;
- ipcheck validate, cold (an empty results cache, as a first run) on all cores and
  with --jobs 1, and warm (the same files again, the cache filled by the cold run);
- check-jsonschema and taplo validating the same files against the shipped
  assessment JSON Schema (schema checks only: no cross-checks against the checklist).
  `--peers taplo` leaves check-jsonschema out (it takes minutes at 5,000 files);
- with `--baseline PATH`, another install's ipcheck (an earlier commit) cold and warm,
  in the same run, so the two are compared on one machine at one time.

Run it with the Python of an installed ipcheck (`pip install .`), on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import bench_checklists, generate  # noqa: E402

from ipcheck.store.resources import schema_path  # noqa: E402

PARSE_ALL = """
import sys, tomllib, pathlib
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.toml")):
    tomllib.loads(p.read_text(encoding="utf-8"))
"""
HASH_ALL = """
import hashlib, sys, pathlib
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.toml")):
    hashlib.sha256(p.read_bytes()).digest()
"""


def tool(name: str) -> str | None:
    local = Path(sys.executable).with_name(name)
    return str(local) if local.exists() else shutil.which(name)


def timed(cmd: list[str], runs: int, cache: str | None = None, cold: bool = True) -> float | None:
    """Median wall seconds; with a cache folder, emptied before each run when cold."""
    times = []
    for _ in range(runs):
        env = dict(os.environ)
        if cache is not None:
            if cold:
                shutil.rmtree(cache, ignore_errors=True)
            env["IPCHECK_CACHE_DIR"] = cache
        start = time.perf_counter()
        done = subprocess.run(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=env
        )
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):
            sys.stderr.write(
                f"  {cmd[0]} failed ({done.returncode}): {done.stderr.decode()[-300:]}\n"
            )
            return None
        times.append(elapsed)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--peers", nargs="*", default=["check-jsonschema", "taplo"], help="peers to time"
    )
    parser.add_argument("--baseline", help="another install's ipcheck, timed beside")
    args = parser.parse_args()
    schema = schema_path("assessment")
    ipcheck = tool("ipcheck")
    check_jsonschema = tool("check-jsonschema")
    taplo = tool("taplo")
    print(f"{os.cpu_count()} cores; median of {args.runs} runs; wall time of one process per case")
    for size in args.sizes:
        out = HERE / "out" / "validate" / str(size)
        files = generate(size, out)
        names = [str(p) for p in files]
        per_file = sum(p.stat().st_size for p in files) / size / 1024
        cache = str(HERE / "out" / "cache")
        own = ["--checklist-dir", str(bench_checklists())]
        cases: dict[str, list[str] | None] = {
            "tomllib parse (floor)": [sys.executable, "-c", PARSE_ALL, str(out)],
            "read and hash (warm floor)": [sys.executable, "-c", HASH_ALL, str(out)],
            "ipcheck validate": [ipcheck, "validate", *own, str(out)] if ipcheck else None,
            "ipcheck validate --jobs 1": [ipcheck, "validate", "--jobs", "1", *own, str(out)]
            if ipcheck
            else None,
            "ipcheck validate, warm": [ipcheck, "validate", *own, str(out)] if ipcheck else None,
            "check-jsonschema": [check_jsonschema, "--schemafile", str(schema), *names]
            if check_jsonschema and "check-jsonschema" in args.peers
            else None,
            "taplo lint --schema": [taplo, "lint", "--schema", schema.as_uri(), *names]
            if taplo and "taplo" in args.peers
            else None,
        }
        if args.baseline:
            cases["baseline validate"] = [args.baseline, "validate", *own, str(out)]
            cases["baseline validate, warm"] = [args.baseline, "validate", *own, str(out)]
        print(f"\nN = {size} files ({per_file:.0f} KB each)")
        print(f"{'case':<28} {'seconds':>8} {'ms/file':>8} {'x floor':>8}")
        floor = None
        results: dict[str, float] = {}
        for name, cmd in cases.items():
            if cmd is None:
                print(f"{name:<28} {'not installed':>26}")
                continue
            uses_cache = name.startswith(("ipcheck", "baseline"))
            seconds = timed(cmd, args.runs, cache if uses_cache else None, cold="warm" not in name)
            if seconds is None:
                continue
            results[name] = seconds
            floor = floor or seconds
            print(f"{name:<28} {seconds:8.2f} {seconds / size * 1000:8.2f} {seconds / floor:8.2f}")
        taplo_s = results.get("taplo lint --schema")
        for name in ("ipcheck validate", "ipcheck validate --jobs 1", "baseline validate"):
            if name in results and taplo_s:
                print(f"{name}: {results[name] / taplo_s:.2f}x the time of taplo lint --schema")
        for who in ("ipcheck", "baseline"):
            cold, warm = results.get(f"{who} validate"), results.get(f"{who} validate, warm")
            if cold and warm:
                print(f"{who}: a second run costs {warm / cold:.1%} of the cold run")
        hashed, warm = (
            results.get("read and hash (warm floor)"),
            results.get("ipcheck validate, warm"),
        )
        if hashed and warm:
            print(f"the warm run is {warm / hashed:.2f}x the time to read and hash the files")


if __name__ == "__main__":
    main()
