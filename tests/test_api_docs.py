"""docs/api.md's examples are the API's first test: run in order, in an empty folder, as a
reader would paste them."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from ipcheck.api import __all__ as public
from tests.helpers import ROOT

DOC = ROOT / "docs" / "api.md"


def _blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_the_documented_examples_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_config: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("IPCHECK_CHECKLIST_DIR", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    printed = io.StringIO()
    names: dict[str, object] = {}
    with contextlib.redirect_stdout(printed):
        for block in _blocks():
            exec(compile(block, str(DOC), "exec"), names)  # our own documentation
    said = printed.getvalue()
    assert "不适用 (na) needs a reason" in said  # the refusal, as the CLI words it
    assert "自评 " in said and "复核 " in said


def test_every_public_name_is_documented() -> None:
    table = DOC.read_text(encoding="utf-8").split("## The names", 1)[1]
    documented = set(re.findall(r"`([a-z_]+)\(", table))
    functions = {name for name in public if name[0].islower()}
    assert functions == documented, functions ^ documented
