"""Printing HTML to PDF with the browser the user has: Chromium, Chrome or Edge, run
headless (`--print-to-pdf`). Nothing is installed for it; where none is found, the
message says what to do."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

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


# What the printed page may do, set by the server, so no page can widen it (a page's own
# policy can only narrow it): load nothing but its inline styles and data: images, run no
# script, submit no form, open no window, download nothing (a sandbox without
# allow-downloads), embed no frame or object.
PRINT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "form-action 'none'; frame-ancestors 'none'; sandbox"
)
# Chromium as a printer only: a fresh profile, nothing fetched in the background. (Scripts
# are kept from running by the policy's sandbox: Chromium's own switch for it,
# --blink-settings=scriptEnabled=false, stops --print-to-pdf from printing at all.)
PRINT_FLAGS = (
    "--headless=new",
    "--disable-gpu",
    "--no-pdf-header-footer",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
)


def print_pdf(page: str, pdf: Path, links_from: Path | None = None) -> None:
    """The HTML `page` printed to `pdf`, as the browser prints it (its CSS @page).

    The page is handed to the browser by a server of this process on the loopback, at an
    address no one can guess, with the policy above in its headers, and from nothing
    else: a page made by a received template reaches no file (a web page cannot read
    file: URLs), runs no script and downloads nothing, whatever it says of itself. Its
    relative links are read from `links_from` (the folder the PDF goes to), so the
    PDF's links lead where the HTML report's would."""
    import secrets
    import tempfile
    import threading

    browser = find_browser()
    if links_from is not None:
        page = _with_base(page, links_from.absolute().as_uri() + "/")
    body = page.encode("utf-8")
    name = f"/{secrets.token_urlsafe(24)}/report.html"
    server = _page_server(name, body)
    worker = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    worker.start()
    try:
        host, port = server.server_address[:2]
        with tempfile.TemporaryDirectory(prefix="ipcheck-print-") as profile:
            _print(browser, profile, f"http://{host}:{port}{name}", pdf)
    finally:
        server.shutdown()
        worker.join()
        server.server_close()


def _print(browser: str, profile: str, url: str, pdf: Path) -> None:
    flags = [*PRINT_FLAGS, f"--user-data-dir={profile}"]
    if getattr(os, "geteuid", lambda: 1)() == 0:
        flags.append("--no-sandbox")  # Chromium refuses to run sandboxed as root
    _profile_without_downloads(Path(profile))
    try:
        done = subprocess.run(
            [browser, *flags, f"--print-to-pdf={pdf}", url],
            capture_output=True,
            timeout=PRINT_TIMEOUT_SECONDS,
            check=False,
            # its settings and caches in the fresh profile too, not in the user's home
            env={
                **os.environ,
                "XDG_CONFIG_HOME": str(Path(profile) / "config"),
                "XDG_CACHE_HOME": str(Path(profile) / "cache"),
            },
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


def _profile_without_downloads(profile: Path) -> None:
    """The fresh profile's settings: a download, if one ever started, goes into the
    profile (removed after printing), never into the user's Downloads folder."""
    import json

    default = profile / "Default"
    default.mkdir(parents=True, exist_ok=True)
    settings = {
        "download": {
            "default_directory": str(profile / "downloads"),
            "prompt_for_download": False,
        },
        "download_restrictions": 3,  # no download at all
    }
    (default / "Preferences").write_text(json.dumps(settings), encoding="utf-8")


def _with_base(page: str, base: str) -> str:
    """The page with its relative links read from `base`: a <base> first in its head (after
    the doctype, which must stay first)."""
    import html
    import re

    tag = f'<base href="{html.escape(base, quote=True)}">'
    head = re.search(r"<head\b[^>]*>", page, re.IGNORECASE)
    if head is not None:
        return page[: head.end()] + tag + page[head.end() :]
    doctype = re.match(r"\s*<!doctype[^>]*>", page, re.IGNORECASE)
    at = doctype.end() if doctype is not None else 0
    return page[:at] + tag + page[at:]


def _page_server(name: str, body: bytes) -> Any:
    """A server on the loopback that answers `name` with the page, and nothing else."""
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != name:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", PRINT_POLICY)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Nothing to the terminal."""

    return HTTPServer(("127.0.0.1", 0), Page)
