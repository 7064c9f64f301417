"""Every command on every broken or hostile input: the documented exit code, one line, no
traceback, and no file changed. The corpus is tests/hostile_corpus.py."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from ipcheck.core.create import make_assessee, new_assessment
from ipcheck.store.catalog import checklist_dirs, resolve
from ipcheck.store.writer import to_toml
from tests.helpers import SHIPPED, Run
from tests.helpers.language import chinese_in, data_words, english_in
from tests.hostile.corpus import ASSESSMENT_CASES, CASES, CHECKLIST_CASES, Case

CLI = Callable[..., Run]
NAME = "叶县-2025.toml"
SLOW_CASES = {"fifty-megabytes-of-comments"}  # 50 MB through every command


def in_both_languages(names: list[str]) -> list[object]:
    """Every case in both languages: the daily run takes each case in one of them, taking
    turns (half in Chinese, half in English), and the whole run takes the other too."""
    params: list[object] = []
    for index, name in enumerate(names):
        daily = "en" if index % 2 else "zh"
        for lang in ("zh", "en"):
            slow = name in SLOW_CASES or lang != daily
            marks = (pytest.mark.slow,) if slow else ()
            params.append(pytest.param(name, lang, marks=marks, id=f"{name}-{lang}"))
    return params


@pytest.fixture(scope="module")
def fresh() -> str:
    checklist = resolve("pingdingshan-2021-22@1.0.0", checklist_dirs())
    at = dt.datetime(2026, 1, 1, 8, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assessee = make_assessee(checklist, county="叶县", unit=None)
    return to_toml(new_assessment(checklist, assessee, 2025, "叶县-2025-佐证材料", "测试员", at))


@pytest.fixture(scope="module")
def signing_key(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One county key for the module: (its private key file, its public key line)."""
    from ipcheck.store.keys import create_key, name_path

    path = tmp_path_factory.mktemp("key") / "signing-key.pem"
    create_key(path, force=False, name="叶县")
    return path, name_path(path).read_text(encoding="utf-8").strip()


def snapshot(root: Path) -> dict[str, str]:
    out = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            if name.startswith(".") and name.endswith(".lock"):
                continue  # writers' lock files, documented in docs/assessment-format.md
            if path.is_symlink():
                out[str(path)] = "-> " + str(path.readlink())
            elif path.is_file():
                out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


ERROR_PREFIX = {"en": "ipcheck: error:", "zh": "ipcheck：错误："}


def check(run: Run, expected: int | set[int], what: str, lang: str = "en", data: str = "") -> None:
    codes = expected if isinstance(expected, set) else {expected}
    assert run.code in codes, f"{what}: exit {run.code}, expected {codes}\n{run.stderr[-500:]}"
    assert "Traceback" not in run.stdout + run.stderr, what
    # control characters from the file reach no terminal and no CI log raw
    assert "\x1b" not in run.stdout + run.stderr and "\r" not in run.stdout + run.stderr, what
    lines = (run.stdout + run.stderr).splitlines()
    assert not [line for line in lines if line.startswith(("::stop-commands", "::error::forged"))]
    errors = [line for line in run.stderr.splitlines() if line.startswith(ERROR_PREFIX[lang])]
    assert len(errors) <= 1, what
    if run.code == 2 and not what.startswith(("validate", "summary", "fmt")):
        assert len(errors) == 1 and run.stderr.count("\n") == 1, f"{what}: {run.stderr!r}"
    # every line in the user's language; the file's own words are data
    words = data_words([data])
    for line in run.stderr.splitlines():
        if lang == "zh":
            assert english_in(line, words) == [], f"{what}: {line}"
        else:
            assert chinese_in(line, data) == [], f"{what}: {line}"


def assessment_commands(
    case: Case, file: Path
) -> list[tuple[tuple[str | Path, ...], int | set[int]]]:
    loads = not case.broken
    return [
        (("validate", file), case.validate),
        (("status", "-f", file), 0 if loads else 2),
        (("report", "-f", file, "--format", "html"), 0 if loads else 2),
        (("report", "-f", file, "--format", "md"), 0 if loads else 2),
        (("report", "-f", file, "--format", "json"), 0 if loads else 2),
        (("verify", "-f", file), case.verify if loads else 2),
        (("mark", "-f", file, "budget", "未开始"), 0 if loads else 2),
        # a file with errors is not moved: the upgrade would carry them over unseen
        (("upgrade", "-f", file, "--to", "1.1.0", "--dry-run"), 0 if case.validate == 0 else 2),
        (("summary", file, "--format", "json", "--include-flagged"), case.summary if loads else 2),
        (("fmt", "--check", file), fmt_code(case)),
        (("diff", file, file), 0 if loads or case.schema_ok else 2),
    ]


def fmt_code(case: Case) -> int | set[int]:
    if case.fmt is not None:
        return case.fmt  # e.g. a commented file: fmt refuses to drop the comments
    return {0, 1} if not case.broken or case.schema_ok else 2


@pytest.mark.parametrize(("name", "lang"), in_both_languages(list(ASSESSMENT_CASES)))
def test_assessment_case(
    cli: CLI,
    tmp_path: Path,
    fresh: str,
    name: str,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
    signing_key: tuple[Path, str],
) -> None:
    monkeypatch.setenv("IPCHECK_LANG", lang)
    case = CASES[name]
    folder = tmp_path / "case"
    evidence = folder / "叶县-2025-佐证材料"
    evidence.mkdir(parents=True)
    (evidence / "loop").symlink_to(".", target_is_directory=True)  # a symlink loop
    file = folder / NAME
    file.write_bytes(case.make(fresh))
    data = _data(file.read_bytes(), SHIPPED, SHIPPED.with_name("1.1.0.toml"))
    before = snapshot(tmp_path)
    for args, expected in assessment_commands(case, file):
        run = cli(*args)
        check(run, expected, f"{args[0]} on {name}", lang, data)
        if args[0] == "report" and run.code == 0 and args[-1] != "json":
            assert "<script" not in run.stdout and "<img" not in run.stdout, name
    assert snapshot(tmp_path) == before, f"{name}: a file changed"
    # submission: a file with errors or evidence not as recorded is not sealed, and is
    # left as it was (as is one whose comments the seal's write would drop); one that may
    # be submitted is sealed, and its seal holds
    private, public = signing_key
    submittable = not case.broken and case.validate == 0 and case.verify == 0 and not case.commented
    sealed = cli("seal", "-f", file, "--key", private)
    check(sealed, 0 if submittable else 2, f"seal on {name}", lang, data)
    if submittable:
        checked = cli("verify", "-f", file, "--key", public)
        check(checked, 0, f"verify --key on {name}", lang, data)
    else:
        assert snapshot(tmp_path) == before, f"{name}: seal changed a file it refused"
    check(cli("unseal", "-f", file), 2, f"unseal on {name}", lang, data)


@pytest.mark.parametrize(("name", "lang"), in_both_languages(list(CHECKLIST_CASES)))
def test_checklist_case(
    cli: CLI, tmp_path: Path, name: str, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPCHECK_LANG", lang)
    case = CASES[name]
    base = SHIPPED.read_text(encoding="utf-8").replace('version = "1.0.0"', 'version = "9.9.9"', 1)
    own = tmp_path / "own" / "pingdingshan-2021-22"
    own.mkdir(parents=True)
    file = own / "9.9.9.toml"
    file.write_bytes(case.make(base))
    data = _data(file.read_bytes(), SHIPPED)
    before = snapshot(tmp_path)
    loads = not case.broken
    commands: list[tuple[tuple[str | Path, ...], int | set[int]]] = [
        (("validate", file), case.validate),
        (
            (
                "show",
                "pingdingshan-2021-22@9.9.9",
                "--checklist-dir",
                tmp_path / "own",
                "--format",
                "json",
            ),
            0 if loads else 2,
        ),
        (
            ("show", "pingdingshan-2021-22@9.9.9", "--checklist-dir", tmp_path / "own"),
            0 if loads else 2,
        ),
        (("checklists", "--checklist-dir", tmp_path / "own"), 0 if loads else 1),
        (("fmt", "--check", file), fmt_code(case)),
        (("diff", SHIPPED, file), 0 if loads or case.schema_ok else 2),
    ]
    for args, expected in commands:
        run = cli(*args)
        check(run, expected, f"{args[0]} on {name}", lang, data)
        if name == "cl-html-in-title" and args[0] == "show" and run.code == 0:
            # the terminal shows the words, rich markup does not eat them
            assert "<script>alert(1)</script>" in run.stdout.replace("\n", "")
    assert snapshot(tmp_path) == before, f"{name}: a file changed"


def _data(content: bytes, *files: Path) -> str:
    """What a case's commands read: its bytes (as text, whatever they hold) and checklists."""
    texts = [content.decode("utf-8", "replace")]
    texts += [f.read_text(encoding="utf-8") for f in files]
    return "\n".join(texts)


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 60
