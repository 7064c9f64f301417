"""Shared test helpers: one file-tree builder, one CLI runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from typer.testing import CliRunner

from ipcheck.cli import app
from ipcheck.store.resources import shipped_checklists_dir

CHECKLIST_ID = "pingdingshan-2021-22"
SHIPPED = shipped_checklists_dir() / CHECKLIST_ID / "1.0.0.toml"


def build_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create files below root from {relative path: text or bytes}."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


class Run(NamedTuple):
    code: int
    stdout: str
    stderr: str


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test keeps its results cache to itself (never the user's)."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("IPCHECK_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Call the CLI in-process: cli("show", "x") -> Run(code, stdout, stderr)."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("IPCHECK_CHECKLIST_DIR", raising=False)
    runner = CliRunner()

    def run(*args: str | Path) -> Run:
        result = runner.invoke(app, [str(a) for a in args])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def shipped_text() -> str:
    return SHIPPED.read_text(encoding="utf-8")
