"""The README documents every command and keeps its promises."""

from __future__ import annotations

from ipcheck.cli import app
from tests.helpers import ROOT

README = ROOT / "README.md"


def test_every_command_is_in_the_reference() -> None:
    text = README.read_text(encoding="utf-8")
    for command in app.registered_commands:
        assert f"### `ipcheck {command.name} --help`" in text, command.name


def test_readme_opens_with_the_two_commands() -> None:
    blocks = README.read_text(encoding="utf-8").split("```sh\n")
    first, second = blocks[1].split("\n")[0], blocks[2].split("\n")[0]
    assert "pip install ." in first and "ipcheck " in first
    assert "pip install '.[test]'" in second and "pytest" in second


def test_security_promises_name_tests_that_exist() -> None:
    """SECURITY.md's table names the test proving each promise: each of them exists."""
    import re

    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    named = 0
    for row in (line for line in text.splitlines() if line.startswith("| ")):
        module = None
        for ref in re.findall(r"`((?:[\w/]*test_\w+\.py|…)(?:::\w+)?)", row):
            file, _, test = ref.partition("::")
            module = module if file == "…" else file
            assert module is not None, ref
            source = (ROOT / "tests" / module).read_text(encoding="utf-8")
            if test:
                assert re.search(rf"^def {test}\(", source, re.MULTILINE), ref
                named += 1
    assert named >= 30
