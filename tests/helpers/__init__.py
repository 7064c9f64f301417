"""What the tests share: where things are, one file-tree builder, the CLI's result, an HTML
inspector. Fixtures live in tests/conftest.py."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from ipcheck.store.resources import shipped_checklists_dir

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
EXAMPLES = ROOT / "examples"
EXAMPLE_DIR = EXAMPLES / "叶县-2025"
EXAMPLE = EXAMPLE_DIR / "叶县-2025.toml"
GOLDEN = TESTS / "golden"
DATA = TESTS / "data"
CHECKLIST_ID = "pingdingshan-2021-22"
SHIPPED = shipped_checklists_dir() / CHECKLIST_ID / "1.0.0.toml"


def reopen(assessment: Path) -> Run:
    """Lift the seal of a copy of a shipped example (they ship sealed, as submitted), so
    that a test can change it: `ipcheck unseal`, as a county would."""
    from typer.testing import CliRunner

    from ipcheck.cli import app

    result = CliRunner().invoke(
        app, ["unseal", "-f", str(assessment), "--reason", "测试：在示例上继续修改"]
    )
    return Run(result.exit_code, result.stdout, result.stderr)


# 叶县 as it stood before it upgraded to the city's latest checklist (still on 1.0.0):
# written by examples/make_examples.py on the way to the example
EXAMPLE_ON_1_0_0 = DATA / "叶县-2025-1.0.0.toml"


def example_on_1_0_0(folder: Path) -> Path:
    """A copy of the 叶县 example in folder as it stood on checklist 1.0.0, unsealed."""
    import shutil

    shutil.copytree(EXAMPLE_DIR, folder)
    (folder / f"{EXAMPLE.stem}.seal").unlink()
    target = folder / EXAMPLE.name
    shutil.copyfile(EXAMPLE_ON_1_0_0, target)
    return target


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
    """What a command did: its exit code, its stdout, its stderr."""

    code: int
    stdout: str
    stderr: str


class Inspector(HTMLParser):
    """Collects what would be live in a browser: scripts, handlers, URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(name)
            if name in ("href", "src", "action", "formaction") and value is not None:
                self.urls.append(value)


HOSTILE_NOTE = '"><script>alert(1)</script><img src=x onerror=alert(2)> | 表格 |\n第二行 ![x](http://evil.example/x.png) [点我](javascript:alert(3))'

GENERATED_AT = "1767578400"  # 2026-01-05 10:00 +08:00


RECEIVED = "received-2021-22"


def received_checklist(folder: Path, *replaced: tuple[str, str]) -> tuple[str, Path]:
    """A checklist folder (for --checklist-dir) holding the shipped 1.4.0 as another
    office might send it: its own id (RECEIVED), each (old, new) replaced once in its
    text. Gives the option and its folder: ("--checklist-dir", folder)."""
    own = folder / RECEIVED
    own.mkdir(parents=True)
    text = (shipped_checklists_dir() / CHECKLIST_ID / "1.4.0.toml").read_text(encoding="utf-8")
    text = text.replace(f'id = "{CHECKLIST_ID}"', f'id = "{RECEIVED}"', 1)
    for old, new in replaced:
        assert old in text, old
        text = text.replace(old, new, 1)
    (own / "1.4.0.toml").write_text(text, encoding="utf-8")
    return "--checklist-dir", folder
