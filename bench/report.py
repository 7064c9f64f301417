"""Report rendering: median wall time of `ipcheck report` per format on the example, beside
the floors issue 28 names, all in one run:

- `python -c "import typer"`: the start-up every command pays; `report --format docx` is
  held to 4× it, and importing typer, python-docx, msgspec and rtoml is shown beside;
- Chromium alone printing the report's HTML file (a fresh profile, as ipcheck prints):
  `report --format pdf` is held to that + 0.5 s.

python bench/report.py [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
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
    out = Path(tempfile.mkdtemp(prefix="ipcheck-bench-report-"))
    report = [*exe, "report", "-f", str(EXAMPLE), "--force"]
    cases: dict[str, list[str]] = {
        "python -c 'import typer'": [sys.executable, "-c", "import typer"],
        "import typer, docx, msgspec, rtoml": [
            sys.executable,
            "-c",
            "import typer, docx, msgspec, rtoml",
        ],
        "ipcheck --version": [*exe, "--version"],
    }
    for fmt in ("json", "md", "html"):
        cases[f"ipcheck report --format {fmt}"] = [*report, "--format", fmt]
    cases["ipcheck report --format docx"] = [*report, "-o", str(out / "r.docx")]
    browser = None
    try:
        from ipcheck.store.browser import PRINT_FLAGS, find_browser

        browser = find_browser()
    except Exception:  # no browser here: the PDF cases are left out
        pass
    if browser is not None:
        page = out / "r.html"
        subprocess.run([*report, "-o", str(page)], check=True, capture_output=True)
        flags = [*PRINT_FLAGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
        cases["chromium printing the html"] = [
            browser,
            *flags,
            f"--user-data-dir={out / 'profile'}",
            f"--print-to-pdf={out / 'alone.pdf'}",
            page.as_uri(),
        ]
        cases["ipcheck report --format pdf"] = [*report, "-o", str(out / "r.pdf")]
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, cmd in cases.items():
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            samples[name].append((time.perf_counter() - start) * 1000)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    typer = medians["python -c 'import typer'"]
    print(f"median of {runs} runs, example {EXAMPLE.name}")
    for name, value in medians.items():
        print(f"{name:<36} {value:8.1f} ms  x{value / typer:5.2f} typer")
    docx = medians["ipcheck report --format docx"]
    print(f"report --format docx: {docx / typer:.2f}x import typer (target 4x)")
    if browser is not None:
        extra = medians["ipcheck report --format pdf"] - medians["chromium printing the html"]
        print(f"report --format pdf: chromium alone + {extra / 1000:.2f} s (target + 0.5 s)")


if __name__ == "__main__":
    main()
