"""Report rendering: median process time of `ipcheck report` per format on the example.

python bench/report.py [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "叶县-2025" / "叶县-2025.toml"


def ipcheck_exe() -> list[str]:
    script = Path(sys.executable).with_name("ipcheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ipcheck"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    exe = ipcheck_exe()
    cases = {"ipcheck --version": [*exe, "--version"]}
    for fmt in ("json", "md", "html"):
        cases[f"ipcheck report --format {fmt}"] = [
            *exe,
            "report",
            "-f",
            str(EXAMPLE),
            "--format",
            fmt,
        ]
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, cmd in cases.items():
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            samples[name].append((time.perf_counter() - start) * 1000)
    base = statistics.median(samples["ipcheck --version"])
    print(f"median of {runs} runs, example {EXAMPLE.name} (83 items, 27 evidence files)")
    for name, values in samples.items():
        value = statistics.median(values)
        print(f"{name:<30} {value:7.1f} ms  +{value - base:6.1f} ms  x{value / base:.2f}")


if __name__ == "__main__":
    main()
