"""Fixtures every test may use: the CLI runner, a results cache of its own, the shipped text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import typer
import typer.testing
from typer import _click as click
from typer.testing import CliRunner

from ipcheck.cli import app as full_app
from ipcheck.cli import app_for
from tests.helpers import HOSTILE_NOTE, SHIPPED, Run, build_tree

PINNED = "pingdingshan-2021-22@1.1.0"


def pytest_configure(config: pytest.Config) -> None:
    """Nothing a test process does, even while modules are collected (a checklist loaded
    at import), touches the user's cache or config folder: both are the session's own
    until a test's fixtures name others. Processes the tests start treat a ResourceWarning
    as the suite does (pyproject's filterwarnings): as an error."""
    import os
    import tempfile

    for name in ("IPCHECK_CACHE_DIR", "IPCHECK_CONFIG_DIR"):
        os.environ[name] = tempfile.mkdtemp(prefix=f"ipcheck-{name.lower()}-")
        _SESSION_FOLDERS.append(os.environ[name])
    # ipcheck run as a process of its own (the page's server, the entry point, a pipe's
    # writer) leaves nothing open either: a ResourceWarning is an error there as here
    given = os.environ.get("PYTHONWARNINGS", "")
    if "ResourceWarning" not in given:
        os.environ["PYTHONWARNINGS"] = ",".join(filter(None, [given, "error::ResourceWarning"]))


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    for folder in _SESSION_FOLDERS:
        shutil.rmtree(folder, ignore_errors=True)


_SESSION_FOLDERS: list[str] = []


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read English unless they ask for Chinese (tests/cli/test_language.py runs
    every command in both); the user's own locale never leaks in."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("IPCHECK_LANG", "en")


@pytest.fixture(autouse=True)
def named_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """Changes are recorded as 测试员's unless a test names someone else (or tests how the
    name is found: tests/store/test_clock.py), not as whoever runs the suite."""
    monkeypatch.setenv("IPCHECK_USER", "测试员")


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cache the tests of one process share: what it keeps (loaded checklists,
    compiled templates, results) is keyed by content, so sharing it changes no answer —
    and spares every test compiling the templates again."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def shared_cache(session_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never the user's cache."""
    monkeypatch.setenv("IPCHECK_CACHE_DIR", str(session_cache))
    return session_cache


@pytest.fixture(autouse=True)
def own_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never the user's config folder (where `ipcheck key --new` keeps the signing key)."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("IPCHECK_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of the test's own, for tests of the cache itself."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("IPCHECK_CACHE_DIR", str(folder))
    return folder


_BUILT: dict[tuple[str, ...] | None, click.Command] = {}


def _built_command(app: typer.Typer) -> click.Command:
    """The click command typer builds for an app of `app_for`, built once per process:
    the build is the same every time, and thousands of runs would repeat it."""
    key = None if app is full_app else tuple(str(c.name) for c in app.registered_commands)
    if key not in _BUILT:
        _BUILT[key] = typer.main.get_command(app)
    return _BUILT[key]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Call the CLI in-process: cli("show", "x") -> Run(code, stdout, stderr)."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("IPCHECK_CHECKLIST_DIR", raising=False)
    runner = CliRunner()

    def run(*args: str | Path, stdin: bytes | None = None) -> Run:
        """`stdin`: what is piped in (none: an empty pipe, as CI's)."""
        words = [str(a) for a in args]
        # the app main() runs: only the command named (typer builds every command it is given)
        with monkeypatch.context() as built:
            built.setattr(typer.testing, "_get_command", _built_command)
            result = runner.invoke(app_for(words), words, input=stdin)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def shipped_text() -> str:
    return SHIPPED.read_text(encoding="utf-8")


@pytest.fixture
def county(cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh 叶县 2025 assessment in an empty current folder, with some evidence files.
    It answers 1.1.0, whose numbering the mechanics' tests name; tests/test_shipped_checklist.py
    and tests/commands/test_scoring.py hold the newest version."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IPCHECK_USER", "张三")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    run = cli("init", "--county", "叶县", "--period", "2025", "--checklist", PINNED)
    assert run.code == 0, run
    build_tree(
        tmp_path / "叶县-2025-佐证材料",
        {
            "会议纪要.txt": "联席会议纪要",
            "案件台账.csv": "案号,案由\n1,商标侵权\n",
            "签到表.txt": "培训签到",
        },
    )
    return tmp_path / "叶县-2025.toml"


@pytest.fixture
def hostile(cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    cli("init", "--county", "叶县", "--period", "2025", "--checklist", PINNED)
    folder = tmp_path / "叶县-2025-佐证材料"
    (folder / "javascript:alert(1)").write_text("x", encoding="utf-8")
    (folder / "<img src=x onerror=alert(4)>.txt").write_text("y", encoding="utf-8")
    assert (
        cli(
            "mark",
            "1.1",
            "done",
            "--note",
            HOSTILE_NOTE,
            "--evidence",
            folder / "javascript:alert(1)",
            "--evidence",
            folder / "<img src=x onerror=alert(4)>.txt",
        ).code
        == 0
    )
    assert (
        cli("mark", "1.2", "na", "--reason", "</td></tr></table><script>alert(5)</script>").code
        == 0
    )
    path = tmp_path / "叶县-2025.toml"
    text = path.read_text(encoding="utf-8")
    # a file received from elsewhere may carry any name
    path.write_text(
        text.replace('name = "叶县"', 'name = "叶县<script>alert(6)</script>"', 1), encoding="utf-8"
    )
    return path


@pytest.fixture
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Reports made at one fixed time, in China's time zone (golden files, 落款 dates)."""
    import time

    from tests.helpers import GENERATED_AT

    monkeypatch.setenv("SOURCE_DATE_EPOCH", GENERATED_AT)
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
