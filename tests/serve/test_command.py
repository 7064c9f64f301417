"""`ipcheck serve` at the command line: its refusals, the launcher it writes, and a real
run that prints its one-time link, answers on the loopback only and stops by itself."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from ipcheck import api
from ipcheck.serve.run import LocalServer, launcher_text
from tests.helpers import Run

CLI = Callable[..., Run]


@pytest.fixture
def assessment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return api.create_assessment(county="叶县", period=2025, by="张三").path.resolve()


def test_refusals_are_one_line_and_exit_2(cli: CLI, assessment: Path, tmp_path: Path) -> None:
    cases = [
        (("--idle", "0"), "--idle"),
        (("--idle", "nan"), "--idle"),
        (("--office", str(tmp_path), "-f", str(assessment)), "--office"),
        (("--office", str(tmp_path / "none")), "no such folder"),
        (("--key", str(assessment)), "--key"),
        (("-f", str(tmp_path / "missing.toml")), "missing.toml"),
    ]
    for args, said in cases:
        run = cli("serve", "--no-browser", *args)
        assert run.code == 2, (args, run)
        assert run.stdout == "" and said in run.stderr and run.stderr.count("\n") == 1, run


def test_the_launcher_opens_the_page_on_the_file_beside_it(
    cli: CLI, assessment: Path, tmp_path: Path
) -> None:
    run = cli("serve", "--launcher")
    assert run.code == 0, run
    launcher = assessment.with_name("打开叶县-2025.cmd")
    text = launcher.read_bytes().decode("utf-8")
    assert text.startswith("@echo off\r\nchcp 65001 >nul\r\n")
    assert '"%~dp0叶县-2025.toml"' in text and text.endswith("\r\n")
    # where ipcheck-serve.exe is installed, the launcher starts it; else pythonw -m ipcheck
    scripts = tmp_path / "Scripts"
    scripts.mkdir()
    python = scripts / "python.exe"
    assert f'"{python}" -m ipcheck serve -f' in launcher_text(assessment, scripts, python)
    (scripts / "ipcheck-serve.exe").write_bytes(b"")
    made = launcher_text(assessment, scripts, python)
    assert f'start "" "{scripts / "ipcheck-serve.exe"}" "%~dp0叶县-2025.toml"' in made


def test_the_server_listens_on_the_loopback_only(assessment: Path) -> None:
    server = LocalServer(mode="county", path=assessment, by="张三")
    try:
        assert server.socket.getsockname()[0] == "127.0.0.1"
        assert server.keys.opening is not None and len(server.keys.opening) >= 40
        assert server.opening_url().startswith(f"http://127.0.0.1:{server.port}/open?token=")
    finally:
        server.socket.close()


def test_a_real_run_prints_its_link_and_stops_when_idle(assessment: Path) -> None:
    env = {**os.environ, "IPCHECK_LANG": "en", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "ipcheck", "serve", "-f", str(assessment), "--no-browser",
         "--idle", "0.025"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        link = process.stdout.readline().strip()
        assert link.startswith("http://127.0.0.1:") and "/open?token=" in link
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with browser.open(link, timeout=10) as answer:  # the cookie is set, then the page
            assert answer.status == 200
            assert "叶县" in answer.read().decode("utf-8")
        started = time.monotonic()
        _out, err = process.communicate(timeout=30)
        assert process.returncode == 0, err
        assert time.monotonic() - started < 20
        assert "ipcheck serves" in err and "Traceback" not in err
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_the_double_clicked_program_says_what_it_cannot_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ipcheck.serve.run import gui

    said: list[str] = []
    gui([str(tmp_path / "nothing.toml")], said.append)
    assert len(said) == 1 and "nothing.toml" in said[0]
    said.clear()
    monkeypatch.chdir(tmp_path)
    gui([], said.append)  # no assessment here
    assert len(said) == 1 and "\n" not in said[0]
