"""ipcheck serve: server time of the county's page and of a change, on the example.

    python bench/serve.py [--runs 40]

Targets (issue 31): a change (an item's status and note, with the updated part of the
page: the item, the totals, the file's new version) at most 50 ms of server time; the
whole page of the example's items at most 100 ms. Server time is what the server says in
its Server-Timing header (from the request's first byte to the answer's headers), read
over real HTTP on the loopback; the client's own time is not counted. The floor is what
parsing the assessment file with Python's tomllib takes: every answer reads the file.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "叶县-2025"
sys.path.insert(0, str(ROOT))


def server_ms(answer: object) -> float:
    header = answer.headers["server-timing"]  # type: ignore[attr-defined]
    return float(re.search(r"dur=([\d.]+)", header).group(1))  # type: ignore[union-attr]


def measure(path: Path, items: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Server times of the whole page and of a change, `runs` of each, in turn."""
    import httpx2 as httpx

    from ipcheck import api
    from ipcheck.serve.run import LocalServer
    from ipcheck.store.assessment_file import shown

    server = LocalServer(mode="county", path=path, by="bench")
    server.start()
    pages, changes = [], []
    try:
        with httpx.Client(base_url=server.page_url) as client:
            client.get(server.opening_url())
            page = client.get("/")
            csrf = re.search(r'X-CSRF-Token": "([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
            headers = {"X-CSRF-Token": csrf, "Origin": server.origin}
            for run in range(runs):
                page = client.get("/")
                pages.append(server_ms(page))
                version = hashlib.sha256(path.read_bytes()).hexdigest()
                item = items[run % len(items)]
                status = ("done", "in_progress")[run // len(items) % 2]
                state = shown(api.open_assessment(path).loaded.assessment.items.get(item))
                data = {"status": status, "note": f"第 {run} 次", "version": version}
                answer = client.post(
                    f"/item/{item}", data={**data, "state": state}, headers=headers
                )
                assert answer.status_code == 200, answer.text
                changes.append(server_ms(answer))
    finally:
        server.join()
    return pages, changes


def main() -> None:
    from ipcheck import api
    from ipcheck.text.i18n import settled

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "叶县-2025"
        shutil.copytree(EXAMPLE, folder)
        path = folder / "叶县-2025.toml"
        opened = api.open_assessment(path)
        api.unseal(opened, "bench", by="bench")
        items = [s.item.id for s in opened.scope]
        data = path.read_bytes()
        floor = []
        for _ in range(runs):
            start = time.perf_counter()
            tomllib.loads(data.decode("utf-8"))
            floor.append((time.perf_counter() - start) * 1000)
        with settled():  # the language read once, as `ipcheck serve` reads it
            pages, changes = measure(path, items, runs)
    page_ms, change_ms, floor_ms = (statistics.median(x) for x in (pages, changes, floor))
    print(f"example: {len(items)} items, {len(data) // 1024} KB; {runs} runs, medians")
    print(f"floor (tomllib parse of the file)  {floor_ms:7.1f} ms")
    print(
        f"whole page                         {page_ms:7.1f} ms  {page_ms / floor_ms:5.1f}x floor"
        f"  (target <= 100 ms: {'met' if page_ms <= 100 else 'NOT met'})"
    )
    print(
        f"a change and its part of the page  {change_ms:7.1f} ms  {change_ms / floor_ms:5.1f}x floor"
        f"  (target <= 50 ms: {'met' if change_ms <= 50 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
