"""Commands on checklists: checklists (what is available), show, schema, extract."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipcheck.errors import ExitCode, InputError, NotFoundError
from ipcheck.model.events import Events, Out, Say
from ipcheck.model.views.show import BrokenFile, Catalog, CatalogRow
from ipcheck.store.catalog import load_all, resolve
from ipcheck.store.writer import atomic_write, check_target
from ipcheck.text.i18n import _

Dirs = Sequence[tuple[Path, bool]]


def checklists(dirs: Dirs, *, as_json: bool) -> Events:
    """The checklists and versions available, shipped and the user's own."""
    good, broken = load_all(dirs)
    rows = [
        CatalogRow(
            id=entry.id,
            version=entry.version,
            title=loaded.checklist.title,
            source=loaded.checklist.source.doc_number,
            measures=len(loaded.checklist.measures),
            items=len(loaded.checklist.items()),
            origin="shipped" if entry.shipped else "local",
            path=entry.path.as_posix(),
            digest=loaded.digest,
        )
        for entry, loaded in good
    ]
    if as_json:
        yield Out(
            Catalog(
                checklists=rows,
                broken=[BrokenFile(path=b.path.as_posix(), message=b.message) for b in broken],
            )
        )
    else:
        from ipcheck.render.show import catalog_table

        yield Out(catalog_table(rows))
    for b in broken:
        yield Say(_("skipped {problem}").format(problem=b.message), "warning")
    return ExitCode.PROBLEMS if broken else ExitCode.OK


def show(
    spec: str,
    dirs: Dirs,
    *,
    measure: int | None,
    unit: str | None,
    as_json: bool,
    units: bool = False,
    width: int = 80,
    county: str | None = None,
) -> Events:
    """A checklist: parts, measures with their units, and items; or (`units`) its units."""
    from ipcheck.core.show import checklist_view

    view = checklist_view(resolve(spec, dirs).checklist, measure=measure, unit=unit, county=county)
    if as_json:
        yield Out(view)
    elif units:
        from ipcheck.render.show import render_units

        yield Out(render_units(view, width))
    else:
        from ipcheck.render.show import render_view

        yield Out(render_view(view))
    return ExitCode.OK


def schema(kind: str) -> Events:
    """The JSON Schema of a file format or an output."""
    from ipcheck.store.schemas import SCHEMA_TYPES, schema_text

    if kind not in SCHEMA_TYPES:
        raise NotFoundError(
            _("no schema {kind!r}; known: {known}").format(kind=kind, known=", ".join(SCHEMA_TYPES))
        )
    yield Out(schema_text(kind))
    return ExitCode.OK


def extract(
    text_file: Path, *, output: Path | None, checklist_id: str, version: str, force: bool
) -> Events:
    """Draft a checklist from a policy text; what cannot be parsed is said with its line."""
    from ipcheck.core.extract import extract_checklist
    from ipcheck.store.files import read_bytes
    from ipcheck.store.toml import decode_text
    from ipcheck.store.writer import dump_toml

    check_target(output, force)
    # a policy text is tens of KB (the Pingdingshan one 14 KB): 1 MB is room for any,
    # and bounds what the parse holds (about 70 times the text)
    text = decode_text(read_bytes(text_file, 1 << 20), str(text_file))
    if not text.strip():
        raise InputError(_("{path}: empty: no policy text to draft from").format(path=text_file))
    result = extract_checklist(text, checklist_id, version)
    toml = dump_toml(result.data)
    if output is None:
        yield Out(toml)
    else:
        atomic_write(output, toml)
    for issue in result.issues:
        yield Say(
            _("ipcheck: {path}: {problem}").format(
                path=f"{text_file}:{issue.line}", problem=issue.message
            )
        )
    for note in result.notes:
        yield Say(_("ipcheck: note: {note}").format(note=note))
    measures = result.data["measures"]
    yield Say(
        _("drafted {measures} measures, {items} items, {units} units").format(
            measures=len(measures),
            items=sum(len(m["items"]) for m in measures),
            units=len(result.data["units"]),
        )
    )
    return ExitCode.PROBLEMS if result.issues else ExitCode.OK
