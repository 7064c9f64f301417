"""`fmt`: rewrite checklist and assessment files in their canonical form.

The canonical form is what ipcheck itself writes: keys in the format's order,
defaults left out, LF line ends, no BOM, assessment items in checklist order.
The same content therefore always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import NamedTuple

from msgspec.structs import replace

from ipcheck.errors import IpcheckError
from ipcheck.rules.assessment import assessment_from_data, scope_of
from ipcheck.rules.checklist import checklist_from_data
from ipcheck.store.catalog import resolve
from ipcheck.store.discover import collect
from ipcheck.store.files import read_bytes
from ipcheck.store.toml import decode_text, has_comments, parse_toml
from ipcheck.store.writer import atomic_write, locked, to_toml


class Formatted(NamedTuple):
    path: Path
    changed: bool
    error: str | None = None


def canonical_text(data: bytes, name: str, dirs: Sequence[tuple[Path, bool]]) -> str | None:
    """The canonical text of a file's content; None if it is not an ipcheck file."""
    raw = parse_toml(data, name)
    kind = raw.get("kind")
    if kind == "checklist":
        checklist, problems = checklist_from_data(raw)
        if checklist is None:
            raise IpcheckError(f"{name}: {problems[0].key}: {problems[0].message}")
        return to_toml(checklist)
    if kind == "assessment":
        assessment, problems = assessment_from_data(raw)
        if assessment is None:
            raise IpcheckError(f"{name}: {problems[0].key}: {problems[0].message}")
        pin = assessment.checklist
        try:
            order = [
                s.item.id
                for s in scope_of(resolve(f"{pin.id}@{pin.version}", dirs), assessment.assessee)
            ]
        except (IpcheckError, KeyError):
            order = []  # checklist unavailable: keep the file's order
        rank = {item_id: index for index, item_id in enumerate(order)}
        items = dict(sorted(assessment.items.items(), key=lambda kv: rank.get(kv[0], len(rank))))
        return to_toml(replace(assessment, items=items))
    return None


def _format_one(path: Path, check: bool, dirs: Sequence[tuple[Path, bool]]) -> bool | None:
    """Whether the file is (or was) not canonical; None if not an ipcheck file."""
    data = read_bytes(path)
    text = canonical_text(data, str(path), dirs)
    if text is None:
        return None
    changed = text.encode("utf-8") != data
    if changed and has_comments(decode_text(data, str(path))):
        raise IpcheckError(
            f"{path}: has comments, which the canonical form cannot keep; left as it is "
            "(move what they say into notes, or remove them, to format the file)"
        )
    if changed and not check:
        atomic_write(path, text, sweep=True)
    return changed


def format_paths(
    paths: Sequence[Path], check: bool, dirs: Sequence[tuple[Path, bool]], skip_other: bool = False
) -> list[Formatted]:
    results = []
    for path, explicit, refused in collect(paths):
        if refused is not None:
            results.append(Formatted(path, False, refused))
            continue
        try:
            changed = _format_one(path, True, dirs)
            if changed and not check:
                # re-read under the lock: a concurrent mark must not be overwritten
                locked(path, partial(_format_one, path, False, dirs))
        except IpcheckError as exc:
            results.append(Formatted(path, False, str(exc).removeprefix(f"{path}: ")))
            continue
        if changed is None:
            if explicit and not skip_other:
                results.append(Formatted(path, False, "not an ipcheck file (no kind key)"))
            continue
        results.append(Formatted(path, changed))
    return results
