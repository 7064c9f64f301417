"""Loading a checklist (store/loader.py): what one process loaded is loaded once."""

from __future__ import annotations

import shutil
from pathlib import Path

from ipcheck.store.loader import load_checklist
from tests.helpers import SHIPPED


def test_the_same_bytes_give_the_record_loaded_and_changed_bytes_a_new_one(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "1.0.0.toml"
    shutil.copyfile(SHIPPED, copy)
    first = load_checklist(SHIPPED)
    again = load_checklist(copy)  # another path, the same bytes
    assert again.checklist is first.checklist
    assert (again.digest, again.path) == (first.digest, copy)
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace('version = "1.0.0"', 'version = "1.0.1"', 1), encoding="utf-8")
    changed = load_checklist(copy)
    assert changed.checklist.version == "1.0.1"
    assert changed.digest != first.digest
    assert load_checklist(SHIPPED).checklist is first.checklist


def test_the_checklist_in_use_stays_loaded_however_many_others_come(tmp_path: Path) -> None:
    """The process keeps a few checklists, letting go of the one used longest ago: one
    used between others (the page's server's own version) is not let go."""
    first = load_checklist(SHIPPED)
    text = SHIPPED.read_text(encoding="utf-8")
    for n in range(20):
        other = tmp_path / f"1.0.{n + 1}.toml"
        other.write_text(
            text.replace('version = "1.0.0"', f'version = "1.0.{n + 1}"', 1), encoding="utf-8"
        )
        assert load_checklist(other).checklist.version == f"1.0.{n + 1}"
        assert load_checklist(SHIPPED).checklist is first.checklist
