"""Running the local server: bound to 127.0.0.1 on a free port, the browser opened on the
one-time link, stopped by 退出, by Ctrl+C, or by itself after an idle time.

`LocalServer` runs it in the foreground (the command) or in a thread (the tests and the
benchmark); `gui` is the entry point a Windows user double-clicks (ipcheck-serve.exe, or
the launcher `serve --launcher` writes beside the assessment), with no console: what it
cannot do it says in a message box."""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ipcheck.serve.app import build
from ipcheck.serve.guard import Keys

IDLE_MINUTES = 30  # the server stops by itself after this long without a request


class LocalServer:
    """The server of one `ipcheck serve`: its address, its secrets, what it serves."""

    def __init__(
        self,
        *,
        mode: str,
        path: Path,
        by: str,
        idle_minutes: float = IDLE_MINUTES,
        keys_file: Path | None = None,
        upload_limit: int | None = None,
    ) -> None:
        import uvicorn

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))  # the loopback only; a port the system frees
        self.socket.listen(64)  # the browser may knock before the server is up: it waits
        self.port: int = self.socket.getsockname()[1]
        self.guard, self.keys, self.served = build(
            mode=mode,
            path=path,
            by=by,
            port=lambda: self.port,
            quit=self.stop,
            keys_file=keys_file,
            upload_limit=upload_limit,
        )
        config = uvicorn.Config(
            self.guard,
            log_level="warning",
            access_log=False,
            lifespan="off",
            server_header=False,
            date_header=False,
        )
        self.server = uvicorn.Server(config)
        self.idle = idle_minutes * 60
        self.thread: threading.Thread | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def page_url(self) -> str:
        """Where the pages lie (under the secret path), once the link has been opened."""
        return f"{self.origin}{self.keys.base}/"

    def opening_url(self) -> str:
        """The link that opens the page (once): it carries the one-time token."""
        keys: Keys = self.keys
        return f"{self.origin}/open?token={keys.opening}"

    def stop(self) -> None:
        self.server.should_exit = True

    def run(self) -> None:
        """Serve until stopped (退出, Ctrl+C, idle); the socket is closed after."""
        watcher = threading.Thread(target=self._watch_idle, daemon=True)
        watcher.start()
        try:
            self.server.run(sockets=[self.socket])
        finally:
            self.stop()
            self.socket.close()

    def start(self) -> None:
        """Serve in a thread (tests, benchmark); returns once the server answers."""
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the local server did not start")
            time.sleep(0.01)

    def join(self, timeout: float = 10) -> None:
        if self.thread is not None:
            self.stop()
            self.thread.join(timeout)

    def _watch_idle(self) -> None:
        while not self.server.should_exit:
            time.sleep(min(1.0, self.idle / 4 if self.idle else 1.0))
            if time.monotonic() - self.guard.last_request > self.idle:
                self.stop()


def open_browser(url: str) -> None:
    import webbrowser

    threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()


def launcher_text(target: Path, scripts: Path, python: Path) -> str:
    """A .cmd that opens the page on `target` (named beside the launcher), with no console
    left open: the ipcheck-serve program where it is installed, else python -m ipcheck."""
    program = scripts / "ipcheck-serve.exe"
    if program.exists():
        command = f'start "" "{program}" "%~dp0{target.name}"'
    else:
        pythonw = python.with_name("pythonw.exe")
        runner = pythonw if pythonw.exists() else python
        command = f'start "" "{runner}" -m ipcheck serve -f "%~dp0{target.name}"'
    return "\r\n".join(["@echo off", "chcp 65001 >nul", command, ""])


def gui(argv: list[str] | None = None, say: Callable[[str], None] | None = None) -> None:
    """ipcheck-serve [FILE | FOLDER]: the page on an assessment (a file, or the one in the
    current folder) or, given a folder of submissions, the office's page."""
    from ipcheck.errors import IpcheckError
    from ipcheck.store.clock import who
    from ipcheck.text.i18n import settled

    args = sys.argv[1:] if argv is None else argv
    show = say or _message_box
    with settled():
        try:
            given = Path(args[0]) if args else None
            if given is not None and given.is_dir():
                server = LocalServer(mode="office", path=given.resolve(), by=who(None))
            else:
                from ipcheck import api

                opened = api.open_assessment(given)
                server = LocalServer(mode="county", path=opened.path, by=who(None))
        except IpcheckError as refused:
            show(str(refused))
            return
        open_browser(server.opening_url())
        server.run()


def _message_box(text: str) -> None:
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.user32.MessageBoxW(None, text, "ipcheck", 0x10)
    else:
        print(f"ipcheck: {text}", file=sys.stderr)
