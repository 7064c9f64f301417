"""Where the shipped data lives: the one place that knows.

In a wheel, `checklists/` and `templates/` are packed inside the package as
`ipcheck/_data/…` (see pyproject.toml); in a source checkout or an editable
install they are found at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

# The package's own folder. importlib.resources would give the same path for
# every way ipcheck is installed (ipcheck is never zipped), at 5 ms of start-up.
_PACKAGE_DIR = Path(__file__).resolve().parents[1]


def data_dir(name: str) -> Path:
    """The shipped folder `name` ("checklists", "templates", "schemas")."""
    if name == "schemas":
        return _PACKAGE_DIR / "schemas"
    packed = _PACKAGE_DIR / "_data" / name
    if packed.is_dir():
        return packed
    return _PACKAGE_DIR.parent / name


def shipped_checklists_dir() -> Path:
    return data_dir("checklists")


def templates_dir() -> Path:
    return data_dir("templates")


def schema_path(kind: str) -> Path:
    return data_dir("schemas") / f"{kind}.schema.json"
