"""Fixtures of the API's tests: an empty current folder, and in it a fresh assessment made
through `api.create_assessment`, as tests/conftest.py's `county` makes one through `init`."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipcheck import api
from tests.conftest import PINNED
from tests.helpers import build_tree


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current folder; changes are 张三's, made on 2026-01-01."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IPCHECK_USER", "张三")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    monkeypatch.delenv("IPCHECK_CHECKLIST_DIR", raising=False)
    return tmp_path


@pytest.fixture
def county(here: Path) -> Path:
    """A fresh 叶县 2025 assessment on 1.1.0 (whose numbering the tests name), with some
    evidence files."""
    made = api.create_assessment(county="叶县", period=2025, checklist=PINNED, path=here, by="张三")
    build_tree(
        made.evidence_dir,
        {
            "会议纪要.txt": "联席会议纪要",
            "案件台账.csv": "案号,案由\n1,商标侵权\n",
            "签到表.txt": "培训签到",
        },
    )
    return made.path
