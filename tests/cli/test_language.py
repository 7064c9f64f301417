"""The interface speaks Chinese by default and English when asked, never both on a line:
the catalog is complete and current, every command's help and every usage error comes
out in one language, and the locale decides as documented."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ipcheck.cli import app
from ipcheck.text import i18n, labels
from tests.helpers import ROOT, SHIPPED, Run
from tests.helpers.language import chinese_in, data_words, english_in

CLI = Callable[..., Run]
COMMANDS = [info.name for info in app.registered_commands if info.name]
_FIELD = re.compile(r"\{[^{}]*\}")


def _tool() -> object:
    spec = importlib.util.spec_from_file_location("catalog_tool", ROOT / "tools" / "catalog.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalog_tool"] = module
    spec.loader.exec_module(module)
    return module


TOOL = _tool()


def _entries() -> list[tuple[str, str]]:
    catalog = TOOL.read_catalog()  # type: ignore[attr-defined]
    out = []
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        out += [(i, s) for i in ids for s in strings]
    return out


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IPCHECK_LANG", "zh")


def test_the_catalog_holds_every_message_of_the_code_translated_and_compiled() -> None:
    assert TOOL.problems() == []  # type: ignore[attr-defined]


def test_a_translation_keeps_the_fields_of_its_message() -> None:
    wrong = [
        (msgid, msgstr)
        for msgid, msgstr in _entries()
        if sorted(_FIELD.findall(msgid)) != sorted(_FIELD.findall(msgstr))
    ]
    assert wrong == []


def test_every_message_formats_with_its_fields() -> None:
    """A brace that is not a field (a literal {…}) would break .format() at run time."""
    import string

    for msgid, msgstr in _entries():
        for text in (msgid, msgstr):
            fields = {name for _t, name, _s, _c in string.Formatter().parse(text) if name}
            text.format(**dict.fromkeys(fields, "x"))


def test_no_message_mixes_the_languages() -> None:
    english = [(i, s) for i, s in _entries() if english_in(_FIELD.sub(" ", s))]
    chinese = [i for i, _s in _entries() if chinese_in(_FIELD.sub(" ", i))]
    assert english == []
    assert chinese == []


def test_a_chinese_message_puts_a_full_width_colon_after_its_path() -> None:
    """`叶县-2025.toml：…` as the Chinese messages mostly wrote it; 39 wrote `…toml: …`,
    and `verify` wrote its seal lines so beside its evidence lines `…toml：…`."""
    ascii_colon = [s for _i, s in _entries() if re.match(r"(ipcheck：)?\{[a-z_]+\}: ", s)]
    assert ascii_colon == []


def test_every_message_raised_or_said_goes_through_the_catalog() -> None:
    """A refusal built as an f-string is read in English whatever the language (the
    report templates' errors and limits were: found reading `--template-dir` in Chinese)."""
    import ast

    from ipcheck.errors import IpcheckError

    raised = {cls.__name__ for cls in _subclasses(IpcheckError)} | {"TemplateLimit", "Say"}
    plain = []
    for path in sorted((ROOT / "ipcheck").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in raised
                and node.args
                and isinstance(node.args[0], ast.JoinedStr | ast.Constant)
                and _FIELD.sub("", ast.unparse(node.args[0])).strip("'\" f")
            ):
                plain.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert plain == []


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found.union(*(_subclasses(c) for c in list(found)))


@pytest.mark.parametrize(
    ("template", "said"),
    [
        (None, "模板文件夹不存在"),
        ("{{ 7 ** 100000 }}", "乘方将产生 300,000 位的整数，已拒绝"),
        ("{{ '%*d' % (900000000, 1) }}", "格式中的宽度或精度过大，已拒绝"),
        ("{{ 'x'.center(900000000) }}", "调用的参数中有数字 900,000,000，已拒绝"),
        ("{{ nothing.here }}", "模板出错："),
        ("{% if %}", "模板语法错误："),
        ('{% include "其他.j2" %}', "中找不到模板 其他.j2"),
    ],
)
def test_a_received_templates_refusal_is_in_chinese(
    cli: CLI, county: Path, tmp_path: Path, chinese: None, template: str | None, said: str
) -> None:
    """What a report template did wrong was said in English inside a Chinese line."""
    folder = tmp_path / "模板"
    if template is not None:
        folder.mkdir()
        (folder / "report.html.j2").write_text(template, encoding="utf-8")
    run = cli("report", "--format", "html", "--template-dir", folder, "-o", tmp_path / "r.html")
    assert run.code == 2 and said in run.stderr and run.stderr.count("\n") == 1, run
    ours = run.stderr.split("：", 2)[-1]  # after ipcheck：错误：
    if "模板出错" not in run.stderr and "语法错误" not in run.stderr:  # jinja's own words
        assert english_in(ours.replace(str(tmp_path), "")) == [], run.stderr
    assert not (tmp_path / "r.html").exists()


def test_a_template_linked_out_is_named_once(
    cli: CLI, county: Path, tmp_path: Path, chinese: None
) -> None:
    """The refusal gave the template's name, then its path (a re-trial)."""
    folder = tmp_path / "模板"
    folder.mkdir()
    (folder / "report.html.j2").symlink_to(county)
    run = cli("report", "--format", "html", "--template-dir", folder, "-o", tmp_path / "r.html")
    assert run.code == 2 and run.stderr.count("report.html.j2") == 1, run
    assert "模板经符号链接指向其文件夹" in run.stderr


def test_the_interface_words_are_the_documents_words_in_chinese() -> None:
    zh = i18n.catalog("zh")
    for table, words in labels.SAID.items():
        for code, english in words.items():
            assert zh.gettext(english) == labels.DOCUMENT[table][code], (table, code)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "zh"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "zh"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_MESSAGES": "en_US", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"IPCHECK_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"IPCHECK_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh"),
    ],
)
def test_the_language_follows_the_locale(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for name in ("IPCHECK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert i18n.language() == expected


def _one_language(run: Run, lang: str, data: str = "") -> None:
    words = data_words([data])
    for line in (run.stdout + run.stderr).splitlines():
        if lang == "zh":
            assert english_in(line, words) == [], line
        else:
            assert chinese_in(line, data) == [], line


@pytest.mark.parametrize("command", [None, *COMMANDS])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_help_is_in_one_language(
    cli: CLI, monkeypatch: pytest.MonkeyPatch, command: str | None, lang: str
) -> None:
    from ipcheck.text.width import display_width

    monkeypatch.setenv("IPCHECK_LANG", lang)
    monkeypatch.setenv("COLUMNS", "80")
    run = cli(*([command] if command else []), "--help")
    assert run.code == 0
    assert ("用法" in run.stdout) is (lang == "zh")
    _one_language(run, lang)
    wide = [line for line in run.stdout.splitlines() if display_width(line) > 80]
    assert wide == []
    assert [
        line for line in run.stdout.splitlines() if line.rstrip().endswith(("（", "(", "“"))
    ] == []
    assert "[default: ]" not in run.stdout and "[默认：]" not in run.stdout


def test_help_fits_80_columns_and_lists_every_command(
    cli: CLI, chinese: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ipcheck.text.width import display_width

    monkeypatch.setenv("COLUMNS", "80")
    run = cli("--help")
    assert all(display_width(line) <= 80 for line in run.stdout.splitlines())
    for command in COMMANDS:
        assert f"  {command} " in run.stdout
    assert "选项" in run.stdout and "命令" in run.stdout


USAGE_ERRORS = [
    ("status", "--bogus"),  # no such option
    ("status", "--fromat", "json"),  # no such option, with a suggestion
    ("init", "--county", "叶县"),  # missing option
    ("mark",),  # missing argument
    ("status", "--format", "xml"),  # not a choice
    ("validate", "-j", "0", "."),  # out of range
    ("validate", "-j", "many", "."),  # not a number
    ("status", "-f"),  # option without its value
    ("status", "extra"),  # an argument too many
    ("statsu",),  # no such command
]
# Values ipcheck reads itself: the message says what to give instead.
VALUE_ERRORS = [
    ("init", "--county", "叶县", "--period", "明年"),  # not a year
    ("show", "pingdingshan-2021-22", "--measure", "甲"),  # not a measure
    ("mark", "1.1", "以完成"),  # a status typo
]


@pytest.mark.parametrize("args", USAGE_ERRORS + VALUE_ERRORS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_usage_errors_are_one_line_in_one_language(
    cli: CLI,
    monkeypatch: pytest.MonkeyPatch,
    county: Path,
    args: tuple[str, ...],
    lang: str,
) -> None:
    monkeypatch.setenv("IPCHECK_LANG", lang)
    before = county.read_bytes()
    run = cli(*args)
    assert run.code == 2
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    prefix = "ipcheck：错误：" if lang == "zh" else "ipcheck: error: "
    assert lines[0].startswith(prefix)
    _one_language(run, lang, " ".join(args))
    if args in USAGE_ERRORS:
        assert f"ipcheck {args[0]} --help" in lines[0] or "ipcheck --help" in lines[0]
    assert county.read_bytes() == before


def test_a_misspelt_option_is_suggested(cli: CLI, chinese: None) -> None:
    run = cli("status", "--fromat", "json")
    assert "--format" in run.stderr


def test_no_output_of_the_example_mixes_the_languages(
    cli: CLI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The README's steps on the example, in both languages."""

    from tests.helpers import example_on_1_0_0

    work = tmp_path / "叶县-2025"
    example_on_1_0_0(work)  # on the first checklist: an upgrade to show
    monkeypatch.chdir(work)
    monkeypatch.setenv("IPCHECK_USER", "张三")
    data = "".join(
        path.read_text(encoding="utf-8")
        for path in (
            work / "叶县-2025.toml",
            SHIPPED,
            SHIPPED.with_name("1.1.0.toml"),
            SHIPPED.with_name("1.2.0.toml"),
            SHIPPED.with_name("1.3.0.toml"),
            SHIPPED.with_name("1.4.0.toml"),
        )
    )
    steps = [
        ("status",),
        ("mark", "1.2", "推进中", "--note", "已制定方案"),
        ("attach", "1.2", "叶县-2025-佐证材料/知识产权保护工作领导小组会议纪要.md"),
        ("verify",),
        ("validate", "."),
        ("upgrade", "--to", "1.1.0", "--dry-run"),
        ("report", "--format", "md", "-o", "r.md", "--force"),
        ("checklists",),
        ("show", "pingdingshan-2021-22", "--measure", "14"),
    ]
    for lang in ("zh", "en"):
        monkeypatch.setenv("IPCHECK_LANG", lang)
        for step in steps:
            run = cli(*step)
            assert run.code in (0, 1), (lang, step, run.stderr)
            _one_language(run, lang, data)


def test_a_gbk_console_or_redirect_gets_the_status_not_a_traceback(tmp_path: Path) -> None:
    """Chinese Windows writes a redirect (ipcheck status > 进度.txt) in GBK, which has no ░."""
    import subprocess

    work = tmp_path / "w"
    shutil.copytree(ROOT / "examples" / "叶县-2025", work)
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "COLUMNS": "80", "IPCHECK_LANG": "zh"}
    env.pop("PYTHONUTF8", None)
    done = subprocess.run(
        [sys.executable, "-m", "ipcheck", "status"],
        cwd=work,
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("gbk", "replace")
    text = done.stdout.decode("gbk")
    assert "叶县 2025年度 自评进度" in text and "█" in text and "░" not in text
    assert b"Traceback" not in done.stderr
