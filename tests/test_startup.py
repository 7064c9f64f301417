"""`--version` and `validate` import nothing they do not use."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import SHIPPED

PROBE = """
import sys
from ipcheck.cli import main
sys.argv = ["ipcheck", *{args!r}]
try:
    main()
except SystemExit:
    pass
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & {{"jinja2", "rich", "filelock"}})
sys.stderr.write("HEAVY=" + ",".join(heavy) + "\\n")
"""


@pytest.mark.parametrize("args", [["--version"], ["validate", str(SHIPPED)]])
def test_fast_commands_import_no_heavy_modules(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, check=True
    )
    assert done.stderr.strip().splitlines()[-1] == "HEAVY="
