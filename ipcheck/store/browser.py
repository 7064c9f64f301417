"""Printing HTML to PDF with the browser the user has: Chromium, Chrome or Edge, run
headless (`--print-to-pdf`). Nothing is installed for it; where none is found, the
message says what to do."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ipcheck.errors import InputError
from ipcheck.text.i18n import _

BROWSER_ENV = "IPCHECK_BROWSER"
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "msedge")
WINDOWS_PLACES = (
    r"%ProgramFiles(x86)%\Microsoft\Edge\Application\msedge.exe",
    r"%ProgramFiles%\Microsoft\Edge\Application\msedge.exe",
    r"%ProgramFiles%\Google\Chrome\Application\chrome.exe",
    r"%LocalAppData%\Google\Chrome\Application\chrome.exe",
)
PRINT_TIMEOUT_SECONDS = 120


def find_browser() -> str:
    given = os.environ.get(BROWSER_ENV, "").strip()
    if given:
        if shutil.which(given) is None and not Path(given).is_file():
            raise InputError(_("{env}={path}: no such browser").format(env=BROWSER_ENV, path=given))
        return given
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    if os.name == "nt":
        for place in WINDOWS_PLACES:
            path = Path(os.path.expandvars(place))
            if path.is_file():
                return str(path)
    raise InputError(
        _(
            "--format pdf prints with Chromium, Chrome or Edge, and none was found: install "
            "one (Debian: apt install chromium), name it in {env}, or print the HTML report "
            "from your browser"
        ).format(env=BROWSER_ENV)
    )


def print_pdf(html: Path, pdf: Path) -> None:
    """The page at `html` printed to `pdf`, as the browser prints it (its CSS @page)."""
    browser = find_browser()
    flags = ["--headless=new", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run"]
    if getattr(os, "geteuid", lambda: 1)() == 0:
        flags.append("--no-sandbox")  # Chromium refuses to run sandboxed as root
    try:
        done = subprocess.run(
            [browser, *flags, f"--print-to-pdf={pdf}", html.absolute().as_uri()],
            capture_output=True,
            timeout=PRINT_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise InputError(
            _("{browser} took more than {seconds} s to print; nothing written").format(
                browser=browser, seconds=PRINT_TIMEOUT_SECONDS
            )
        ) from None
    except OSError as exc:
        raise InputError(
            _("cannot run {browser}: {reason}").format(browser=browser, reason=exc.strerror)
        ) from None
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        raise InputError(
            _("{browser} could not print the report (exit {code}); nothing written").format(
                browser=browser, code=done.returncode
            )
        )
