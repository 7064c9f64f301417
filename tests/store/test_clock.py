"""Who made a change (store/clock.py): --by, else $IPCHECK_USER, else git's user.name,
else the login name."""

from __future__ import annotations

import getpass
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ipcheck.errors import InputError
from ipcheck.store.clock import who
from tests.helpers import Run


@pytest.fixture
def git_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """git reads only this config file, which names 李四."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = 李四\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.chdir(tmp_path)  # outside any repository
    monkeypatch.delenv("IPCHECK_USER")
    return config


def test_the_name_given_comes_first_then_the_environment(git_name: Path) -> None:
    assert who("王五") == "王五"
    assert who(" 王五 ") == "王五"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("IPCHECK_USER", "赵六")
        assert who() == "赵六"
        assert who("王五") == "王五"


def test_without_either_git_names_the_user(git_name: Path) -> None:
    assert who() == "李四"


def test_a_name_given_empty_is_refused_not_replaced(git_name: Path) -> None:
    for empty in ("", "  "):
        with pytest.raises(InputError, match=r"the name of who made the change is empty"):
            who(empty)


def test_without_git_s_name_the_login_name(git_name: Path) -> None:
    git_name.write_text("", encoding="utf-8")
    assert who() == (getpass.getuser() or "unknown")


def test_a_bad_name_from_git_is_refused_in_one_line(git_name: Path) -> None:
    git_name.write_text("[user]\n\tname = 李\\t四\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"git user\.name: a name without control characters"):
        who()


def test_mark_by_an_empty_name_changes_nothing(cli: Callable[..., Run], county: Path) -> None:
    before = county.read_bytes()
    run = cli("mark", "1.2", "done", "--by", "")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        "ipcheck: error: the name of who made the change is empty: give one (--by)\n"
    )
    assert county.read_bytes() == before
