"""Debian's chromium, driven by Playwright, for the tests that look at a page: where it
is, how it is started (the flags this machine's closed network asks for), where the
screenshots go, and the marks that skip such a test, saying why, where it is absent
(CI requires it: IPCHECK_REQUIRE_BROWSER)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers import ROOT

ARTIFACTS = ROOT / "build" / "browser"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if CHROMIUM is None and os.environ.get("IPCHECK_REQUIRE_BROWSER"):
    raise RuntimeError("IPCHECK_REQUIRE_BROWSER is set but chromium is not installed")
MARKS = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="chromium is not installed (apt-get install chromium fonts-noto-cjk)",
    ),
]


def launched() -> Iterator[Any]:
    """A headless chromium for a module's tests (yielded by its fixture)."""
    if os.environ.get("IPCHECK_REQUIRE_BROWSER"):
        import playwright.sync_api as playwright_api
    else:
        playwright_api = pytest.importorskip(
            "playwright.sync_api", reason="playwright is not installed"
        )
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()
