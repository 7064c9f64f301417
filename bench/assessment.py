"""Assessment commands: `ipcheck mark` start-to-finish time, and evidence hashing speed.

    python bench/assessment.py [--runs 20] [--size-mb 1024]

1. Median process time of `ipcheck mark` on a fresh county assessment against
   `ipcheck --version` (the CLI's own start-up).
2. SHA-256 throughput of `ipcheck verify`'s hashing on one big file against
   `openssl dgst -sha256` on the same file (target ratio >= 0.9).
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

from ipcheck.store.evidence import sha256_file


def ipcheck_exe() -> list[str]:
    script = Path(sys.executable).with_name("ipcheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ipcheck"]


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def bench_mark(folder: Path, runs: int) -> None:
    exe = ipcheck_exe()
    env_user = {"IPCHECK_USER": "bench"}
    os.environ.update(env_user)
    subprocess.run(
        [*exe, "init", "--county", "叶县", "--period", "2025"],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    (folder / "叶县-2025-佐证材料" / "纪要.txt").write_text("会议纪要", encoding="utf-8")
    version, mark = [], []
    statuses = ["done", "in_progress"]
    for n in range(runs):
        version.append(timed([*exe, "--version"], folder))
        mark.append(
            timed(
                [
                    *exe,
                    "mark",
                    "2.1",
                    statuses[n % 2],
                    "--note",
                    f"第{n}次",
                    "--evidence",
                    "叶县-2025-佐证材料/纪要.txt",
                ],
                folder,
            )
        )
    v, m = statistics.median(version), statistics.median(mark)
    print(f"ipcheck --version           {v:7.1f} ms (median of {runs})")
    print(f"ipcheck mark (with evidence){m:7.1f} ms  (+{m - v:.1f} ms, x{m / v:.2f})")


def bench_hash(folder: Path, size_mb: int) -> None:
    path = folder / "big.bin"
    block = os.urandom(1 << 20)
    with path.open("wb") as handle:
        for _ in range(size_mb):
            handle.write(block)
    openssl = shutil.which("openssl")
    ours, theirs = [], []
    for _ in range(3):
        start = time.perf_counter()
        sha256_file(path)
        ours.append(time.perf_counter() - start)
        if openssl:
            start = time.perf_counter()
            subprocess.run([openssl, "dgst", "-sha256", str(path)], check=True, capture_output=True)
            theirs.append(time.perf_counter() - start)
    mb_s = size_mb / statistics.median(ours)
    print(f"ipcheck sha256_file         {mb_s:7.0f} MB/s on {size_mb} MB (median of 3)")
    if theirs:
        ref = size_mb / statistics.median(theirs)
        print(f"openssl dgst -sha256        {ref:7.0f} MB/s")
        print(f"ratio ipcheck/openssl        {mb_s / ref:6.2f}  (target >= 0.9)")
    else:
        print("openssl not found: no reference figure")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--size-mb", type=int, default=1024)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_mark(Path(tmp), args.runs)
        bench_hash(Path(tmp), args.size_mb)


if __name__ == "__main__":
    main()
