"""Start-up cost of the CLI, in median process wall time.

    python bench/startup.py [--runs 30]

Compares `ipcheck --version` and `ipcheck validate <shipped checklist>` with
bare Python, `import typer` (the floor any typer CLI pays) and a bare
`tomllib` parse of the same checklist. Targets (issue 2): --version within
15 ms of `import typer`; validate within 60 ms of it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from ipcheck.store.resources import shipped_checklists_dir

CHECKLIST = shipped_checklists_dir() / "pingdingshan-2021-22" / "1.0.0.toml"


def ipcheck_exe() -> list[str]:
    script = Path(sys.executable).with_name("ipcheck")
    found = str(script) if script.exists() else shutil.which("ipcheck")
    return [found] if found else [sys.executable, "-m", "ipcheck"]


def median_ms(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    py = sys.executable
    cases = {
        "python -c pass": [py, "-c", "pass"],
        "python -c 'import typer'": [py, "-c", "import typer"],
        "tomllib parse of the checklist": [
            py,
            "-c",
            f"import tomllib; tomllib.loads(open({str(CHECKLIST)!r}, encoding='utf-8').read())",
        ],
        "ipcheck --version": [*ipcheck_exe(), "--version"],
        "ipcheck validate <checklist>": [*ipcheck_exe(), "validate", str(CHECKLIST)],
    }
    results = {}
    # interleave the cases so that machine noise hits them alike
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, cmd in cases.items():
            samples[name].append(median_ms(cmd, 1))
    results = {name: statistics.median(values) for name, values in samples.items()}
    floor = results["python -c 'import typer'"]
    print(f"median of {runs} runs each, {py}")
    print(f"{'case':<34} {'ms':>8} {'vs typer':>9}")
    for name, value in results.items():
        print(f"{name:<34} {value:8.1f} {value - floor:+9.1f}")
    version = results["ipcheck --version"] - floor
    validate = results["ipcheck validate <checklist>"] - floor
    print(
        f"target: --version within 15 ms of import typer: {version:+.1f} ms -> "
        f"{'met' if version <= 15 else 'MISSED'}"
    )
    print(
        f"target: validate within 60 ms of import typer: {validate:+.1f} ms -> "
        f"{'met' if validate <= 60 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
