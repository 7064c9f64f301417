"""The checklists a user can name: shipped ones plus a county's own folders.

A checklist folder holds `<id>/<version>.toml`; several versions of one
checklist sit side by side. Folders come from, in order: the shipped data,
the IPCHECK_CHECKLIST_DIR environment variable (os.pathsep-separated) and
`--checklist-dir` options.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from ipcheck.errors import InputError, IpcheckError, NotFoundError, SchemaError
from ipcheck.model.loaded import LoadedChecklist
from ipcheck.rules.checklist import version_conflict
from ipcheck.store.files import is_inside, read_bytes
from ipcheck.store.loader import load_checklist
from ipcheck.store.resources import shipped_checklists_dir
from ipcheck.text.i18n import _
from ipcheck.text.versions import is_version, version_key

ENV_VAR = "IPCHECK_CHECKLIST_DIR"


class CatalogEntry(NamedTuple):
    id: str
    version: str
    path: Path
    shipped: bool
    folder: Path | None = None  # the checklist folder it was found in


class Broken(NamedTuple):
    path: Path
    message: str


def checklist_dirs(extra: Sequence[Path] = ()) -> list[tuple[Path, bool]]:
    """(folder, shipped?) pairs to look in, shipped first."""
    dirs: list[tuple[Path, bool]] = [(shipped_checklists_dir(), True)]
    from_env = [Path(p) for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p]
    for folder in (*from_env, *extra):
        if not folder.is_dir():
            source = ENV_VAR if folder in from_env else "--checklist-dir"
            raise InputError(
                _("{folder}: checklist folder ({source}) does not exist").format(
                    folder=folder, source=source
                )
            )
        dirs.append((folder, False))
    return dirs


def parse_spec(spec: str) -> tuple[str, str | None]:
    """'id@1.0.0' → ('id', '1.0.0'); 'id' → ('id', None)."""
    ident, _at, version = spec.partition("@")
    if not ident:
        raise NotFoundError(
            _("{spec!r}: give a checklist id, e.g. pingdingshan-2021-22@1.0.0").format(spec=spec)
        )
    if version and not is_version(version):
        raise NotFoundError(
            _("{spec!r}: {version!r} is not a semantic version such as 1.0.0").format(
                spec=spec, version=version
            )
        )
    return ident, version or None


def find_entries(dirs: Iterable[tuple[Path, bool]]) -> list[CatalogEntry]:
    """Every `<id>/<version>.toml` file, folder by folder (shipped first)."""
    entries = []
    for folder, shipped in dirs:
        for path in sorted(folder.glob("*/*.toml")):
            if is_version(path.stem):
                entries.append(CatalogEntry(path.parent.name, path.stem, path, shipped, folder))
    return entries


def list_entries(dirs: Iterable[tuple[Path, bool]]) -> list[CatalogEntry]:
    """Every `<id>/<version>.toml` file, by id then version (newest last)."""
    return sorted(find_entries(dirs), key=lambda e: (e.id, version_key(e.version), not e.shipped))


def load_entry(entry: CatalogEntry) -> LoadedChecklist:
    """The checklist an entry names: a file, or a folder, that is a link leading out of
    its checklist folder is not read (nor anything said of what it leads to), as
    validate treats one."""
    if entry.folder is not None and not is_inside(entry.path, entry.folder):
        raise InputError(
            _("{path}: a symbolic link leading outside {folder}; not read").format(
                path=entry.path, folder=entry.folder
            )
        )
    loaded = load_checklist(entry.path)
    found = loaded.checklist
    if (found.id, found.version) != (entry.id, entry.version):
        raise SchemaError(
            _(
                "{path}: declares {ref}, but a checklist folder must hold it as {id}/{version}.toml"
            ).format(path=entry.path, ref=found.ref, id=found.id, version=found.version)
        )
    return loaded


def resolve(spec: str, dirs: Sequence[tuple[Path, bool]]) -> LoadedChecklist:
    """The checklist `id[@version]`; without a version, the newest one."""
    ident, version = parse_spec(spec)
    entries = [e for e in find_entries(dirs) if e.id == ident]
    if not entries:
        known = sorted({e.id for e in find_entries(dirs)})
        if not known:
            raise NotFoundError(
                _("no checklist {id!r}; available: none (see ipcheck checklists)").format(id=ident)
            )
        raise NotFoundError(
            _("no checklist {id!r}; available: {known} (see ipcheck checklists)").format(
                id=ident, known=", ".join(known)
            )
        )
    if version is None:
        newest = max(version_key(e.version) for e in entries)
        same = sorted({e.version for e in entries if version_key(e.version) == newest})
        if len(same) > 1:
            raise SchemaError(same_version(ident, same))
        version = same[0]
    matching = [e for e in entries if e.version == version]
    if not matching:
        versions = ", ".join(e.version for e in entries)
        raise NotFoundError(
            _("checklist {id!r} has no version {version}; it has {versions}").format(
                id=ident, version=version, versions=versions
            )
        )
    loaded = [load_entry(e) for e in matching]
    for other, entry in zip(loaded[1:], matching[1:], strict=True):
        conflict = version_conflict(
            ident, version, other.digest, loaded[0].digest, str(matching[0].path)
        )
        if conflict is not None:
            raise SchemaError(_("{path}: {problem}").format(path=entry.path, problem=conflict))
    return loaded[0]


def same_version(ident: str, versions: Sequence[str]) -> str:
    """Versions that differ in build metadata alone (1.0.0, 1.0.0+a): one version to semver,
    which orders none before another, so none can be chosen as the newest."""
    return _(
        "checklist {id!r}: {versions} are one version to semver (build metadata, +…, does "
        "not make another version); keep one, or give the others versions of their own"
    ).format(id=ident, versions=", ".join(versions))


def newest(ident: str, dirs: Sequence[tuple[Path, bool]]) -> LoadedChecklist | None:
    """The newest version of a checklist the catalog holds (its roster and registry are
    the city's), or None where it holds none that loads."""
    try:
        return resolve(ident, dirs)
    except IpcheckError:
        return None


def load_all(
    dirs: Sequence[tuple[Path, bool]],
) -> tuple[list[tuple[CatalogEntry, LoadedChecklist]], list[Broken]]:
    """Every checklist that loads, and the files that do not with their reasons."""
    good: list[tuple[CatalogEntry, LoadedChecklist]] = []
    broken: list[Broken] = []
    digests: dict[tuple[str, str], tuple[str, Path]] = {}
    for entry in list_entries(dirs):
        try:
            loaded = load_entry(entry)
        except IpcheckError as exc:
            broken.append(Broken(entry.path, str(exc)))
            continue
        key = (entry.id, entry.version)
        if key in digests:
            digest, first = digests[key]
            conflict = version_conflict(entry.id, entry.version, loaded.digest, digest, str(first))
            if conflict is not None:
                broken.append(Broken(entry.path, conflict))
            continue
        digests[key] = (loaded.digest, entry.path)
        good.append((entry, loaded))
    return good, broken


def catalog_fingerprint(dirs: Sequence[tuple[Path, bool]]) -> str:
    """What every checklist that can be pinned is, byte for byte: a result computed
    with this catalog is valid exactly while this fingerprint is the same."""
    import hashlib  # here: opening one checklist needs no hash library (ipcheck/kept.py)

    digest = hashlib.sha256()
    for entry in find_entries(dirs):
        digest.update(f"{entry.id}@{entry.version}\0".encode())
        try:
            digest.update(hashlib.sha256(read_bytes(entry.path)).digest())
        except IpcheckError as exc:
            digest.update(str(exc).encode())
    return digest.hexdigest()


class PinnedChecklists:
    """Checklists by id and version, each loaded at most once; for one that cannot be
    had, the reason instead. Validating or summarising thousands of assessments
    that pin a handful of checklists loads each of them once per process."""

    def __init__(self, dirs: Sequence[tuple[Path, bool]]) -> None:
        # the last folder that holds an id@version wins: the user's before the shipped
        found = find_entries(dirs)
        self.entries: dict[tuple[str, str], CatalogEntry] = {(e.id, e.version): e for e in found}
        # and every copy of each, shipped first: one that differs from another is an error
        self.copies: dict[tuple[str, str], list[CatalogEntry]] = {}
        for e in found:
            self.copies.setdefault((e.id, e.version), []).append(e)
        self._loaded: dict[tuple[str, str], LoadedChecklist | str] = {}

    def get(self, ident: str, version: str) -> LoadedChecklist | str:
        key = (ident, version)
        if key not in self._loaded:
            entry = self.entries.get(key)
            if entry is None:
                self._loaded[key] = _(
                    "checklist {id}@{version} is not available; "
                    "add its folder with --checklist-dir or IPCHECK_CHECKLIST_DIR"
                ).format(id=ident, version=version)
            else:
                try:
                    self._loaded[key] = load_entry(entry)
                except IpcheckError as exc:
                    self._loaded[key] = _("checklist {id}@{version} is broken: {error}").format(
                        id=ident, version=version, error=exc
                    )
        return self._loaded[key]
