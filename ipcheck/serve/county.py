"""The county's (or unit's) page: its items, its report's words, its submission.

Every route reads the file afresh; every change is one call of the API, made only to the
state the page was shown from (serve/served.py). What a change answers is the changed
part of the page and, out of band, the totals, the file's new version and a message."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from ipcheck import api
from ipcheck.errors import InputError, StaleError
from ipcheck.model.assessment import Assessment, Status
from ipcheck.rules.paths import safe_name
from ipcheck.rules.status import parse_status, reason_problem
from ipcheck.serve import views
from ipcheck.serve.pages import document, download, refusal
from ipcheck.serve.served import (
    Served,
    changing,
    form_of,
    points_given,
    reading,
    shown_anew,
)
from ipcheck.serve.uploads import evidence_folder, keep
from ipcheck.store.assessment_file import Asked, Opened, refuse_sealed, shown
from ipcheck.text.i18n import _, ngettext

MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


def served_of(request: Request) -> Served:
    served: Served = request.app.state.served
    return served


def opened_of(served: Served) -> tuple[Opened, str]:
    """The assessment as it is now, and the version of it the page will ask changes of."""
    version = views.version_of(served.path)
    return api.open_assessment(served.path), version


def page_values(served: Served, opened: Opened, version: str) -> dict[str, Any]:
    """What every county page shows: the file, its totals, its version, the message."""
    a = opened.loaded.assessment
    view = api.status(opened)
    return {
        "a": a,
        "title": _("{name} {year}: self-assessment").format(name=a.assessee.name, year=a.period),
        "file": served.path.name,
        "view": view,
        "version": version,
        "by": served.by,
        "message": served.said(),
        "readonly": view.sealed,
    }


async def items_page(request: Request) -> Response:
    served = served_of(request)
    show = request.query_params.get("show", "all")
    show = show if show in views.SHOWN else "all"

    def build() -> dict[str, Any]:
        opened, version = opened_of(served)
        values = page_values(served, opened, version)
        values["parts"] = views.parts_of(opened, values["view"], show=show)
        values["show"] = show
        values["statuses"] = [(s.value, s.said) for s in views.STATUSES]
        return values

    return served.pages.html("county.html.j2", page="items", **await reading(build))


def changed(served: Served, opened: Opened, message: str, *parts: str) -> HTMLResponse:
    """The answer to a change: `parts` (the changed part of the page), then, out of band,
    the totals, the file's new version and the message."""
    values = page_values(served, opened.fresh(), views.version_of(served.path))
    return _answer(served, values, message, *parts)


def _answer(served: Served, values: dict[str, Any], message: str, *parts: str) -> HTMLResponse:
    values["message"] = message
    oob = served.pages.text("_oob.html.j2", **values)
    return HTMLResponse("".join(parts) + oob)


def item_answer(
    served: Served,
    item_id: str,
    message: str,
    typed: dict[str, str] | None = None,
    status: int = 200,
    opened: Opened | None = None,
) -> HTMLResponse:
    """The item as the file now has it, with the totals, version and message; `typed`:
    what the officer typed and could not save, kept in the form (a change refused because
    someone else changed the item meanwhile). `opened`: the assessment as the change opened
    it, read again only as far as it changed."""
    version = views.version_of(served.path)
    opened = opened.fresh() if opened is not None else api.open_assessment(served.path)
    values = page_values(served, opened, version)
    scoped = next(s for s in opened.scope if s.item.id == item_id)
    row = views.item_row(scoped, views.state_of(values["a"], item_id), opened)
    statuses = [(s.value, s.said) for s in views.STATUSES]
    part = served.pages.text(
        "_item.html.j2", item=row, statuses=statuses, readonly=values["readonly"], typed=typed
    )
    answer = _answer(served, values, message, part)
    answer.status_code = status
    return answer


def _item_id(opened: Opened, item_id: str) -> str:
    if not any(s.item.id == item_id for s in opened.scope):
        raise InputError(_("{item!r}: no such item in this assessment").format(item=item_id))
    return item_id


def _field(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


def _asked_item(form: FormData, item_id: str) -> Asked:
    """A change to one item is asked of that item as the page showed it."""
    return Asked(item=(item_id, _field(form, "state")))


def _item_stale(
    served: Served, item_id: str, typed: dict[str, str] | None = None
) -> Callable[[StaleError], Response]:
    def stale(_refused: StaleError) -> Response:
        message = _(
            "someone else changed this item meanwhile: your change was not saved; the item "
            "now shows theirs, with what you typed still in the form"
        )
        return item_answer(served, item_id, message, typed, status=409)

    return stale


async def mark_item(request: Request) -> Response:
    served = served_of(request)
    form = await form_of(request)
    if isinstance(form, Response):
        return form
    item_id: str = request.path_params["item"]
    status = _field(form, "status")
    note = _field(form, "note").strip()
    reason = _field(form, "reason").strip()
    typed = {k: _field(form, k) for k in ("status", "score", "note", "reason")}

    def change() -> tuple[bool, Opened]:
        opened = api.open_assessment(served.path)
        _item_id(opened, item_id)
        state = views.state_of(opened.loaded.assessment, item_id)
        # a status the page's choice does not offer is refused, as the command line does;
        # none given keeps the item's
        chosen = parse_status(status) if status.strip() else state.status
        score = (
            points_given(_field(form, "score"), _("part score"))
            if chosen is Status.IN_PROGRESS
            else None
        )
        if chosen is Status.NA and not reason:  # the field emptied: not the reason kept
            raise InputError(reason_problem(chosen, reason) or "")
        done = api.mark(
            opened,
            [item_id],
            chosen if chosen is not state.status or score is not None else None,
            note=(note or None) if note != (state.note or "") else api.KEEP,
            reason=reason if chosen is Status.NA else None,
            score=score,
            by=served.by,
        )
        return done.assessment != opened.loaded.assessment, opened

    def answer(done: tuple[bool, Opened]) -> Response:
        changed_it, opened = done
        said = _("saved") if changed_it else _("nothing to change")
        return item_answer(served, item_id, said, opened=opened)

    stale = _item_stale(served, item_id, typed)
    return await changing(served, _asked_item(form, item_id), change, answer, stale)


async def upload_evidence(request: Request) -> Response:
    served = served_of(request)
    item_id: str = request.path_params["item"]
    too_big = _too_big(request, served)
    if too_big is not None:
        return too_big
    form = await form_of(request, files=20, fields=10)
    if isinstance(form, Response):
        return form
    try:
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        if not files:
            return refusal(_("choose one or more files to attach"))

        def change() -> list[str]:
            opened = api.open_assessment(served.path)
            _item_id(opened, item_id)
            a = opened.loaded.assessment
            refuse_sealed(opened.path, a)  # before a file is kept
            folder = evidence_folder(opened.loaded.folder, a.evidence_dir)
            kept: list[Path] = []
            try:
                for f in files:
                    kept.append(keep(folder, safe_name(f.filename or ""), _chunks(f)))
                api.attach(opened, [item_id], kept, by=served.by)
            except BaseException:
                # a refusal of any kind (a full disk, a folder that cannot be written,
                # a file changed meanwhile) leaves no file in the evidence folder
                for path in kept:
                    path.unlink(missing_ok=True)
                raise
            return [p.name for p in kept]

        def answer(names: list[str]) -> Response:
            return item_answer(
                served, item_id, _("attached: {files}").format(files="、".join(names))
            )

        stale = _item_stale(served, item_id)
        return await changing(served, _asked_item(form, item_id), change, answer, stale)
    finally:
        await form.close()


def _chunks(upload: UploadFile) -> Any:
    upload.file.seek(0)
    while chunk := upload.file.read(1 << 20):
        yield chunk


def _too_big(request: Request, served: Served) -> Response | None:
    length = request.headers.get("content-length", "")
    if not (length.isascii() and length.isdigit()):
        return refusal(_("a file sent without its length is not taken"), 411)
    if int(length) > served.upload_limit:
        return refusal(
            _("too large: at most {size} MB at once").format(
                size=served.upload_limit // (1024 * 1024)
            ),
            413,
        )
    return None


async def detach_evidence(request: Request) -> Response:
    served = served_of(request)
    form = await form_of(request)
    if isinstance(form, Response):
        return form
    item_id: str = request.path_params["item"]
    path = _field(form, "path")

    def change() -> str:
        opened = api.open_assessment(served.path)
        api.detach(opened, _item_id(opened, item_id), [path], by=served.by)
        return path

    def answer(done: str) -> Response:
        return item_answer(served, item_id, _("removed: {file}").format(file=done))

    stale = _item_stale(served, item_id)
    return await changing(served, _asked_item(form, item_id), change, answer, stale)


async def narrative_page(request: Request) -> Response:
    served = served_of(request)

    def build() -> dict[str, Any]:
        opened, version = opened_of(served)
        values = page_values(served, opened, version)
        a: Assessment = values["a"]
        values["sections"] = views.sections_of(a)
        values["figures"] = a.figures
        values["settings"] = a.report
        values["figures_shown"] = shown(a.figures)
        values["settings_shown"] = shown(a.report)
        return values

    return served.pages.html("narrative.html.j2", page="narrative", **await reading(build))


async def write_section(request: Request) -> Response:
    """A section, saved as typed: asked of the section as the page showed it, so a change
    elsewhere in the file does not stand in its way, and a change to the section itself
    meanwhile is refused with what was typed left in the box."""
    served = served_of(request)
    form = await form_of(request)
    if isinstance(form, Response):
        return form
    from ipcheck.api.narrative import parse_section

    try:  # the section as the file keys it: a change meanwhile is asked of that key
        section = parse_section(request.path_params["section"]).value
    except InputError as refused:
        return refusal(str(refused))
    text = _field(form, "text")

    def change() -> Opened:
        opened = api.open_assessment(served.path)
        api.write(opened, section, text if text.strip() else None, by=served.by)
        return opened

    def answer(opened: Opened) -> Response:
        a = opened.fresh().loaded.assessment
        base = served.pages.text(
            "_section_base.html.j2", key=section, shown=shown(a.narrative.get(section))
        )
        return changed(served, opened, _("saved"), base)

    def stale(refused: StaleError) -> Response:
        """Their text shown beside the box, which keeps what was typed; the next save of
        the box, the officer having seen theirs, is taken."""
        theirs = api.open_assessment(served.path).loaded.assessment.narrative.get(section)
        text = served.pages.text(
            "_section_theirs.html.j2",
            message=_(
                "this section was changed meanwhile by someone else: what you typed was not "
                "saved and is still in the box; their text is below it; typing on saves "
                "yours over theirs"
            ),
            key=section,
            shown=shown(theirs),
            theirs=theirs or "",
        )
        return HTMLResponse(
            text, status_code=409, headers={"HX-Retarget": "#message", "HX-Reswap": "innerHTML"}
        )

    asked = Asked(section=(section, _field(form, "shown")))
    return await changing(served, asked, change, answer, stale)


async def set_figure(request: Request) -> Response:
    served = served_of(request)
    form = await form_of(request)
    if isinstance(form, Response):
        return form
    name, value, unit = (_field(form, k).strip() for k in ("name", "value", "unit"))

    def change() -> bool:
        opened = api.open_assessment(served.path)
        done = api.figure(opened, name, value or None, unit or None, by=served.by)
        return done != opened.loaded.assessment

    asked = Asked(part=("figures", _field(form, "shown")))
    return await changing(served, asked, change, partial(_reload, served), _refused_409)


def _refused_409(refused: StaleError) -> Response:
    return refusal(str(refused), 409)


async def set_setting(request: Request) -> Response:
    served = served_of(request)
    form = await form_of(request)
    if isinstance(form, Response):
        return form
    key, value = _field(form, "key"), _field(form, "value").strip()

    def change() -> bool:
        opened = api.open_assessment(served.path)
        done = api.setting(opened, key, value or None, by=served.by)
        return done != opened.loaded.assessment

    asked = Asked(part=("report", _field(form, "shown")))
    return await changing(served, asked, change, partial(_reload, served), _refused_409)


def _reload(served: Served, changed_it: bool) -> Response:
    """A change that reshapes the page: shown anew, saying whether it was saved."""
    return shown_anew(served, _("saved") if changed_it else _("nothing to change"))


async def history_page(request: Request) -> Response:
    served = served_of(request)

    def build() -> dict[str, Any]:
        opened, version = opened_of(served)
        values = page_values(served, opened, version)
        values["history"] = views.history_of(opened)
        return values

    return served.pages.html("history.html.j2", page="history", **await reading(build))


async def submit_page(request: Request) -> Response:
    served = served_of(request)

    def build() -> dict[str, Any]:
        from ipcheck.api.sealing import public_key_line
        from ipcheck.store.keys import default_key_path

        opened, version = opened_of(served)
        values = page_values(served, opened, version)
        values["units"] = _units(opened)
        values["has_key"] = default_key_path().exists()
        # shown again on every visit: the office needs it to check the seal
        values["public_key"] = public_key_line() if values["has_key"] else None
        return values

    return served.pages.html("submit.html.j2", page="submit", **await reading(build))


def _units(opened: Opened) -> list[tuple[str, str]]:
    """The units that lead or share a measure in the scope: (id, name), for their sheets."""
    registry = {u.id: u.name for u in opened.checklist.checklist.units}
    seen: dict[str, str] = {}
    for scoped in opened.scope:
        for unit in (*scoped.measure.lead, *scoped.measure.responsible):
            if unit in registry:
                seen.setdefault(unit, registry[unit])
    return list(seen.items())


async def preview(request: Request) -> Response:
    served = served_of(request)

    def build() -> str:
        return api.report(api.open_assessment(served.path), "html").text

    return document(await reading(build))


async def download_report(request: Request) -> Response:
    served = served_of(request)
    fmt: str = request.path_params["fmt"]
    if fmt not in MEDIA:
        return refusal(_("{format}: not a report format").format(format=fmt), 404)

    def build() -> tuple[bytes, str]:
        opened = api.open_assessment(served.path)
        a = opened.loaded.assessment
        name = f"{a.assessee.name}-{a.period}-自评报告.{fmt}"
        if fmt in {"md", "html"}:
            return api.report(opened, fmt).text.encode("utf-8"), name
        with tempfile.TemporaryDirectory(prefix="ipcheck-") as tmp:
            out = Path(tmp) / name
            api.report(opened, fmt, output=out)
            return out.read_bytes(), name

    data, name = await reading(build)  # a refusal: app.refused says it
    return download(data, name, MEDIA[fmt])


async def export_sheet(request: Request) -> Response:
    served = served_of(request)
    unit = request.query_params.get("unit") or None

    def build() -> tuple[bytes, str]:
        from ipcheck.api.sheets import sheet_file_name

        opened = api.open_assessment(served.path)
        with tempfile.TemporaryDirectory(prefix="ipcheck-") as tmp:
            out = Path(tmp) / sheet_file_name(opened, unit)  # as the CLI names it
            api.export_sheet(opened, out, unit=unit)
            return out.read_bytes(), out.name

    data, name = await reading(build)  # a refusal: app.refused says it
    return download(data, name, MEDIA["xlsx"])


async def import_sheet(request: Request) -> Response:
    served = served_of(request)
    too_big = _too_big(request, served)
    if too_big is not None:
        return too_big
    form = await form_of(request, files=1, fields=10)
    if isinstance(form, Response):
        return form
    try:
        sheet = form.get("sheet")
        if not isinstance(sheet, UploadFile) or not sheet.filename:
            return refusal(_("choose the department's sheet (.xlsx) to import"))
        upload = sheet

        def change() -> int:
            opened = api.open_assessment(served.path)
            with tempfile.TemporaryDirectory(prefix="ipcheck-") as tmp:
                path = keep(Path(tmp), safe_name(upload.filename or "sheet.xlsx"), _chunks(upload))
                done = api.import_sheet(opened, path, by=served.by)
            return len(done.changes)

        def answer(count: int) -> Response:
            said = ngettext("imported: {count} change", "imported: {count} changes", count)
            return shown_anew(served, said.format(count=count))

        return await changing(served, _field(form, "version"), change, answer)
    finally:
        await form.close()


async def seal(request: Request) -> Response:
    served = served_of(request)
    form = await form_of(request)
    if isinstance(form, Response):
        return form

    def change() -> str:
        sealed = api.seal(api.open_assessment(served.path), by=served.by)
        return str(sealed.seal_path.name)

    def answer(name: str) -> Response:
        said = _("sealed: {file} written; send it with the file").format(file=name)
        return shown_anew(served, said)

    return await changing(served, _field(form, "version"), change, answer)


async def unseal(request: Request) -> Response:
    served = served_of(request)
    form = await form_of(request)
    if isinstance(form, Response):
        return form
    reason = _field(form, "reason").strip()

    def change() -> None:
        if not reason:
            raise InputError(_("say why the seal is lifted"))
        api.unseal(api.open_assessment(served.path), reason, by=served.by)

    def answer(_none: None) -> Response:
        return shown_anew(
            served, _("seal lifted: the file can be changed again; seal it again to send it")
        )

    return await changing(served, _field(form, "version"), change, answer)


async def new_key(request: Request) -> Response:
    served = served_of(request)
    form = await form_of(request)
    if isinstance(form, Response):
        return form

    def change() -> str:
        opened = api.open_assessment(served.path)
        return api.new_key(opened.loaded.assessment.assessee.name)

    def answer(line: str) -> Response:
        return shown_anew(served, _("signing key made; its public key: {line}").format(line=line))

    return await changing(served, Asked(), change, answer)  # a key: no change to the file


def routes() -> list[Route]:
    return [
        Route("/", items_page),
        Route("/item/{item}", mark_item, methods=["POST"]),
        Route("/item/{item}/evidence", upload_evidence, methods=["POST"]),
        Route("/item/{item}/detach", detach_evidence, methods=["POST"]),
        Route("/narrative", narrative_page),
        Route("/section/{section}", write_section, methods=["POST"]),
        Route("/figure", set_figure, methods=["POST"]),
        Route("/setting", set_setting, methods=["POST"]),
        Route("/history", history_page),
        Route("/submit", submit_page),
        Route("/preview", preview),
        Route("/download/{fmt}", download_report),
        Route("/export", export_sheet),
        Route("/import", import_sheet, methods=["POST"]),
        Route("/seal", seal, methods=["POST"]),
        Route("/unseal", unseal, methods=["POST"]),
        Route("/key", new_key, methods=["POST"]),
    ]
