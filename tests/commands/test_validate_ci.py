"""`validate` for pipelines: github and junit formats, --strict, lines, many files on all cores."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from ipcheck.api.validation import validate_paths
from ipcheck.store.catalog import checklist_dirs
from tests.helpers import EXAMPLE, SHIPPED, Run

CLI = Callable[..., Run]


def make_repo(root: Path, shipped_text: str) -> Path:
    (root / "ok").mkdir(parents=True)
    shutil.copy(EXAMPLE, root / "ok" / "叶县-2025.toml")  # done without evidence: warnings only
    (root / "bad").mkdir()
    (root / "bad" / "checklist.toml").write_text(
        shipped_text.replace("points = 1\n", "points = 3\n", 1), encoding="utf-8"
    )
    (root / "bad" / "broken.toml").write_text('kind = "assessment"\nx = [\n', encoding="utf-8")
    return root


def test_github_annotations(cli: CLI, tmp_path: Path, shipped_text: str) -> None:
    repo = make_repo(tmp_path, shipped_text)
    run = cli("validate", repo, "--format", "github")
    assert run.code == 2  # an unreadable file
    lines = run.stdout.splitlines()
    assert any(
        line.startswith(
            f"::error file={(repo / 'bad' / 'checklist.toml').as_posix()},line=26,title=ipcheck scoring.county_total::"
        )
        for line in lines
    ), lines
    assert any(line.startswith("::error file=") and "broken.toml,line=3," in line for line in lines)
    assert any(
        line.startswith("::warning file=") and "叶县-2025.toml,line=" in line for line in lines
    )


def test_junit(cli: CLI, tmp_path: Path, shipped_text: str) -> None:
    repo = make_repo(tmp_path, shipped_text)
    run = cli("validate", repo, "--format", "junit")
    suite = ET.fromstring(run.stdout)
    assert suite.tag == "testsuite"
    cases = suite.findall("testcase")
    assert len(cases) == 3 == int(suite.get("tests", "0"))
    assert {c.get("name") for c in cases} == {
        (repo / p).as_posix()
        for p in ("bad/broken.toml", "bad/checklist.toml", "ok/叶县-2025.toml")
    }
    outcome = {Path(str(c.get("name"))).name: [child.tag for child in c] for c in cases}
    assert outcome == {
        "broken.toml": ["error"],
        "checklist.toml": ["failure"],
        "叶县-2025.toml": ["system-out"],
    }
    assert (suite.get("failures"), suite.get("errors")) == ("1", "1")


def test_strict_makes_warnings_fail(cli: CLI) -> None:
    assert cli("validate", EXAMPLE).code == 0
    strict = cli("validate", EXAMPLE, "--strict")
    assert strict.code == 1
    assert "warnings count as errors" in strict.stderr
    assert cli("validate", SHIPPED, "--strict").code == 0


def test_skip_other_for_pre_commit(cli: CLI, tmp_path: Path) -> None:
    other = tmp_path / "pyproject.toml"
    other.write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert cli("validate", other).code == 1
    assert cli("validate", other, "--skip-other").code == 0
    assert cli("fmt", "--check", other, "--skip-other").code == 0


def test_parallel_results_equal_single_core(tmp_path: Path, shipped_text: str) -> None:
    for n in range(90):
        folder = tmp_path / f"c{n:03d}"
        folder.mkdir()
        shutil.copy(EXAMPLE, folder / "a.toml")
        if n % 30 == 7:
            (folder / "a.toml").write_text("broken = [", encoding="utf-8")
        if n % 40 == 3:
            (folder / "c.toml").write_text(
                shipped_text.replace('version = "1.0.0"', 'version = "7.0.0"').replace(
                    "县级党委", f"县委{n}"
                ),
                encoding="utf-8",
            )
    dirs = checklist_dirs()
    one = validate_paths([tmp_path], dirs, jobs=1)
    two = validate_paths([tmp_path], dirs, jobs=2)
    assert one == two
    reports, _ = one
    assert sum(1 for r in reports if r.errors) == 3 + 2  # broken files; later claims of 7.0.0


def test_the_verify_hook_fails_a_commit_that_changes_evidence_unrecorded(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pre-commit hook `ipcheck-verify`, run as pre-commit runs it (its entry, no
    file names), in a repository of assessments; and the step docs/ci.md gives CI."""
    import shlex

    from tests.helpers import EXAMPLES, ROOT, reopen

    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    block = hooks[hooks.index("- id: ipcheck-verify") :]
    entry = shlex.split(block.split("entry: ", 1)[1].splitlines()[0])
    assert entry[0] == "ipcheck" and "pass_filenames: false" in block
    assert "ipcheck verify . --key" in (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    repo = tmp_path / "assess"
    shutil.copytree(EXAMPLES / "叶县-2025", repo / "叶县-2025")
    shutil.copytree(EXAMPLES / "counties" / "郏县-2025", repo / "郏县-2025")
    monkeypatch.chdir(repo)
    assert cli(*entry[1:]).code == 0
    ledger = repo / "叶县-2025" / "叶县-2025-佐证材料" / "知识产权案件台账.csv"
    ledger.write_text(ledger.read_text(encoding="utf-8") + "补录,1\n", encoding="utf-8")
    run = cli(*entry[1:])
    assert run.code == 1
    assert "叶县-2025.toml: modified" in run.stdout and "seal broken" in run.stdout
    assert "record it on every item that holds it (ipcheck attach --again PATH" in run.stderr
    # recorded: unsealed, attached again (the history keeps both hashes), sealed again
    file = repo / "叶县-2025" / "叶县-2025.toml"
    assert reopen(file).code == 0
    from ipcheck.store.loader import load_assessment

    items = load_assessment(file).assessment.items
    using = [
        i for i, state in items.items() if any(e.path.endswith("台账.csv") for e in state.evidence)
    ]
    assert len(using) == 5
    assert cli("attach", "-f", file, "、".join(using), ledger).code == 0
    run = cli(*entry[1:])
    assert run.code == 0, run
    assert "seal lifted" in run.stdout
