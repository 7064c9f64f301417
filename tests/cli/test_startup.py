"""`--version` and `validate` import nothing they do not use."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import EXAMPLE_DIR, SHIPPED

EXAMPLE_FILE = EXAMPLE_DIR / "叶县-2025.toml"

PROBE = """
import sys
from ipcheck.cli import main
sys.argv = ["ipcheck", *{args!r}]
try:
    main()
except SystemExit:
    pass
heavy = {{"jinja2", "rich", "filelock", "tomli", "sqlite3", "starlette", "uvicorn"}}
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & heavy) + sorted(
    # the office's review: not for a county's everyday commands
    {{m for m in sys.modules}} & {{"ipcheck.model.review", "ipcheck.store.review_file"}}
)
sys.stderr.write("HEAVY=" + ",".join(heavy) + "\\n")
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["validate", "--no-cache", str(SHIPPED)],
        # the example's figures are one-line inline tables: read by rtoml, not tomli
        ["status", "-f", str(EXAMPLE_FILE)],
    ],
)
def test_fast_commands_import_no_heavy_modules(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, check=True
    )
    assert done.stderr.strip().splitlines()[-1] == "HEAVY="


def test_a_run_builds_only_the_command_it_names() -> None:
    from ipcheck.cli import app, app_for

    assert [c.name for c in app_for(["validate", "x.toml"]).registered_commands] == ["validate"]
    assert app_for(["--version"]).registered_commands == []
    assert app_for([]) is app
    assert app_for(["--help"]) is app
    assert app_for(["vlidate"]) is app  # so that "did you mean validate?" knows every command


ORDER = """
from ipcheck.cli import app_for
app_for({args!r})
from ipcheck.cli import app
print(",".join(c.name for c in app.registered_commands))
"""


def test_help_lists_the_commands_in_one_order_whatever_ran_first() -> None:
    from ipcheck.cli import COMMANDS

    for args in (["validate", "x.toml"], ["diff", "a", "b"], ["--help"]):
        done = subprocess.run(
            [sys.executable, "-c", ORDER.format(args=args)],
            capture_output=True,
            text=True,
            check=True,
        )
        assert done.stdout.strip() == ",".join(COMMANDS), args


def test_the_table_of_commands_says_where_each_is_declared() -> None:
    from ipcheck.cli import COMMANDS, app

    declared = {c.name: c.callback.__module__ for c in app.registered_commands if c.callback}
    assert declared == {name: f"ipcheck.cli.{module}" for name, module in COMMANDS.items()}


LOADED = """
import sys
from ipcheck.cli import app_for
app_for({args!r})
print(",".join(sorted(m for m in sys.modules if m.startswith("ipcheck.cli."))))
"""


@pytest.mark.parametrize(
    ("args", "modules"),
    [
        (["--version"], "ipcheck.cli.base"),
        (["status"], "ipcheck.cli.assessment,ipcheck.cli.base"),
        (["validate", "x.toml"], "ipcheck.cli.base,ipcheck.cli.checklists"),
        (
            ["--help"],
            "ipcheck.cli.assessment,ipcheck.cli.audit,ipcheck.cli.base,ipcheck.cli.checklists,"
            "ipcheck.cli.serving",
        ),
    ],
)
def test_a_run_imports_only_the_module_declaring_its_command(args: list[str], modules: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", LOADED.format(args=args)], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == modules


def test_the_entry_point_runs_a_command_end_to_end(tmp_path: object) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ipcheck",
            "show",
            "pingdingshan-2021-22",
            "--measure",
            "4",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert '"title": "加强执法监督"' in done.stdout
