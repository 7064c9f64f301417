"""ipcheck serve: the assessment (or the office's folder) on a local page in the browser."""

from __future__ import annotations

import math
import sys
import sysconfig
from pathlib import Path

from ipcheck.errors import ExitCode, InputError
from ipcheck.model.events import Events, Out, Say
from ipcheck.text.i18n import _


def serve(
    file: Path | None,
    office: Path | None,
    *,
    by: str | None,
    browser: bool,
    idle_minutes: float,
    keys: Path | None,
    launcher: bool,
) -> Events:
    """Serve until the page's 退出, Ctrl+C or the idle time; the link is printed first."""
    from ipcheck import api
    from ipcheck.serve.run import LocalServer, launcher_text, open_browser
    from ipcheck.store.clock import who

    if not math.isfinite(idle_minutes) or idle_minutes <= 0:
        raise InputError(_("--idle: a number of minutes above 0"))
    if office is not None:
        if file is not None or launcher:
            raise InputError(_("--office serves a folder of submissions: no -f or --launcher"))
        if not office.is_dir():
            raise InputError(_("{folder}: no such folder").format(folder=office))
        if keys is not None and not keys.is_file():
            raise InputError(_("{path}: no such file").format(path=keys))
        server = LocalServer(
            mode="office", path=office.resolve(), by=who(by), idle_minutes=idle_minutes,
            keys_file=keys,
        )  # fmt: skip
    else:
        if keys is not None:
            raise InputError(_("--key checks the seals of a folder of submissions: with --office"))
        opened = api.open_assessment(file)
        if launcher:
            target = opened.path.with_name(f"打开{opened.path.stem}.cmd")
            text = launcher_text(
                opened.path, Path(sysconfig.get_path("scripts")), Path(sys.executable)
            )
            from ipcheck.store.writer import atomic_write

            atomic_write(target, text.encode("utf-8"))
            yield Say(
                _("wrote {path}: double-click it on Windows to open the page").format(path=target)
            )
            return ExitCode.OK
        server = LocalServer(mode="county", path=opened.path, by=who(by), idle_minutes=idle_minutes)
    url = server.opening_url()
    yield Say(
        _("ipcheck serves {path} on {url}").format(path=server.served.path, url=server.origin)
    )
    yield Say(_("open this link in the browser (once; it is the key to the page):"))
    yield Out(url + "\n")
    yield Say(
        _(
            "stop with Quit on the page, or Ctrl+C; it stops by itself after {minutes} idle minutes"
        ).format(minutes=f"{idle_minutes:g}")
    )
    if browser:
        open_browser(url)
    sys.stdout.flush()
    server.run()
    return ExitCode.OK
