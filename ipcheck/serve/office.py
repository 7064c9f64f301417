"""The office's page, on a folder of submissions: the year's summary and ranking (with its
charts), each file's seal state and verify result, a county's assessment read-only, and
the review — 认可/不认可/扣分/同意核减/不同意核减 per item, signed as `review` and `decide`
sign it. Nothing of a county's file is changed here: only its review beside it.

A file is named by its path inside the folder; a name that leaves the folder, is a link,
or is not an assessment there is refused before anything is read."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path, PurePosixPath
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from ipcheck import api
from ipcheck.core.summary import FILE_STATES, ranks
from ipcheck.core.summary_charts import rank_label
from ipcheck.errors import InputError, IpcheckError, StaleError
from ipcheck.model.review import Decision
from ipcheck.serve import views
from ipcheck.serve.pages import document
from ipcheck.serve.served import Served, changing, form_of, points_given, reading, shown_anew
from ipcheck.store.assessment_file import Asked
from ipcheck.store.files import read_bytes
from ipcheck.store.review_file import read_review_bytes
from ipcheck.text import labels
from ipcheck.text.i18n import _
from ipcheck.text.points import points_text

DECISIONS = (
    Decision.ACCEPTED,
    Decision.REJECTED,
    Decision.DEDUCTED,
    Decision.NA_APPROVED,
    Decision.NA_REJECTED,
)


def served_of(request: Request) -> Served:
    served: Served = request.app.state.served
    return served


def file_in(folder: Path, name: str) -> Path:
    """The assessment `name` names inside the office's folder (see the module's text)."""
    rel = PurePosixPath(name.replace("\\", "/"))
    if (
        not name
        or rel.is_absolute()
        or any(part in {"", ".", ".."} for part in rel.parts)
        or rel.suffix != ".toml"
        or ":" in name
    ):
        raise InputError(_("{file}: not a file of this folder").format(file=name))
    path = folder.joinpath(*rel.parts)
    inside = os.path.realpath(folder)
    if (
        path.is_symlink()
        or not path.is_file()
        or os.path.commonpath([os.path.realpath(path), inside]) != inside
    ):
        raise InputError(_("{file}: not a file of this folder").format(file=name))
    return path


def review_version(path: Path) -> str:
    """What a review page asks decisions of: the assessment's bytes and its review's."""
    digest = hashlib.sha256(read_bytes(path))
    digest.update(b"\0" + (read_review_bytes(path) or b""))
    return digest.hexdigest()


async def office_page(request: Request) -> Response:
    served = served_of(request)
    year = request.query_params.get("period", "")

    def build() -> dict[str, Any]:
        period = int(year) if year.isascii() and year.isdigit() else None
        keys = str(served.keys) if served.keys is not None else None
        summary = _summarise(served, period, keys)
        rows = [
            {
                # as the summary ranks: counties among counties, units among units, 并列
                "rank": rank_label(rank, tied),
                "name": row.name,
                "kind": labels.ASSESSEE_KIND.get(row.kind, row.kind),
                "file": Path(row.path).relative_to(served.path).as_posix(),
                "score": points_text(row.total.earned),
                "max": points_text(row.total.points),
                # the self-assessed rate beside its score, → the reviewed one (as summary)
                "rate": labels.rates_text(
                    row.score_rate, None if row.reviewed is None else row.ranked_rate
                ),
                "reviewed": "" if row.reviewed is None else points_text(row.reviewed[0]),
                "state": FILE_STATES.get(row.state, row.state),
                "flagged": row.state != "sealed",
                "note": row.review_note or row.seal_note or "",
                "verified": _verified(Path(row.path), keys),
            }
            for row, (rank, tied) in zip(summary.rows, ranks(summary.rows), strict=True)
        ]
        said = [served.said()]
        if not rows and period is not None and summary.other_periods:
            # a year typed into the address: said as `summary --period` says it
            said.insert(0, _("no assessment of {period} among the files").format(period=period))
        return {
            "title": _("Office: the {year} roll-up").format(year=summary.period or ""),
            "rows": rows,
            "bad": [(b.path, b.reason) for b in summary.bad],
            "period": summary.period,
            "others": [y for y, _n in summary.other_periods],
            "missing": [name for _kind, name in summary.missing],
            "folder": str(served.path),
            "by": served.by,
            "message": " ".join(m for m in said if m),
            "version": "",
        }

    return served.pages.html("office.html.j2", page="office", **await reading(build))


def _verified(path: Path, keys: str | None) -> str:
    """What `ipcheck verify` says of a file, in a few words: its evidence and its seal."""
    try:
        checked = api.verify(api.open_assessment(path), key=keys)
    except IpcheckError as refused:
        return str(refused)
    evidence = checked.evidence
    words = [
        _("evidence: {ok} intact, {missing} missing, {changed} changed").format(
            ok=evidence.ok, missing=len(evidence.missing), changed=len(evidence.modified)
        )
    ]
    if checked.seal is not None:
        words.append(
            _("seal holds") if not checked.seal.problems else "; ".join(checked.seal.problems)
        )
    return " · ".join(words)


def _summarise(served: Served, period: int | None, keys: str | None) -> Any:
    from ipcheck.api.assessment import dirs_of
    from ipcheck.api.summaries import summarise

    return summarise([str(served.path)], dirs_of(), 1, period=period, keys=keys)


async def summary_document(request: Request) -> Response:
    """The year's summary as the office files it (html, with its charts)."""
    served = served_of(request)
    year = request.query_params.get("period", "")

    def build() -> str:
        from ipcheck.render.summary import render_html
        from ipcheck.store.clock import now

        period = int(year) if year.isascii() and year.isdigit() else None
        keys = str(served.keys) if served.keys is not None else None
        return render_html(_summarise(served, period, keys), now().isoformat(), 0.6)

    return document(await reading(build))


async def file_page(request: Request) -> Response:
    served = served_of(request)
    name = request.query_params.get("file", "")

    def build() -> dict[str, Any]:
        path = file_in(served.path, name)
        version = review_version(path)
        opened = api.open_assessment(path)
        a = opened.loaded.assessment
        view = api.status(opened)
        keys = str(served.keys) if served.keys is not None else None
        checked = api.verify(opened, key=keys)
        review = None
        review_view = None
        review_problem = ""
        if read_review_bytes(path) is not None:
            try:
                review_view = api.review(opened)
                from ipcheck.store.review_file import parse_review, review_path

                data = read_review_bytes(path)
                assert data is not None
                review = parse_review(data, review_path(path))
            except IpcheckError as problem:
                review_problem = str(problem)
        return {
            "title": _("{name} {year}: the office's review").format(
                name=a.assessee.name, year=a.period
            ),
            "a": a,
            "file": name,
            "view": view,
            "parts": views.parts_of(opened, view, review),
            "checked": checked,
            "review": review_view,
            "review_problem": review_problem,
            "decisions": [(d.value, d.label) for d in DECISIONS],
            "version": version,
            "by": served.by,
            "message": served.said(),
            "readonly": True,
        }

    try:
        values = await reading(build)
    except IpcheckError as refused:
        return HTMLResponse(
            served.pages.text("refused.html.j2", message=str(refused)), status_code=404
        )
    return served.pages.html("office_file.html.j2", page="file", **values)


async def begin(request: Request) -> Response:
    served = served_of(request)
    form = await form_of(request)
    if isinstance(form, Response):
        return form
    name = str(form.get("file", ""))

    def change() -> None:
        path = file_in(served.path, name)
        api.begin_review(api.open_assessment(path), reviewer=served.by)

    def answer(_none: None) -> Response:
        return shown_anew(served, _("review begun"))

    return await changing(served, str(form.get("version", "")), change, answer)


async def decide(request: Request) -> Response:
    served = served_of(request)
    form = await form_of(request)
    if isinstance(form, Response):
        return form
    name = str(form.get("file", ""))
    item = str(form.get("item", ""))
    decision = str(form.get("decision", ""))
    score_text = str(form.get("score", "")).strip()
    reason = str(form.get("reason", "")).strip()
    waive = form.get("waive") == "on"

    def change() -> str:
        path = file_in(served.path, name)
        opened = api.open_assessment(path)
        if not any(s.item.id == item for s in opened.scope):
            raise InputError(_("{item!r}: no such item in this assessment").format(item=item))
        # the points given count for 扣分 only: a box left filled beside another decision
        score = (
            points_given(score_text, _("the points given (扣分)"))
            if decision == Decision.DEDUCTED.value
            else None
        )
        api.decide(
            opened,
            [item],
            decision,
            score=score,
            reason=reason or None,
            by=served.by,
            waive_evidence=waive,
        )
        return item

    def answer(decided: str) -> Response:
        return decided_answer(served, name, decided, _("decided: {item}"))

    typed = {k: str(form.get(k, "")) for k in ("decision", "score", "reason")}

    def stale(_refused: StaleError) -> Response:
        said = _(
            "someone else changed this item meanwhile: your change was not saved; the item "
            "now shows theirs, with what you typed still in the form"
        )
        return decided_answer(served, name, item, said, typed, 409)

    asked = Asked(decision=(item, str(form.get("shown", ""))))
    return await changing(served, asked, change, answer, stale)


def decided_answer(
    served: Served,
    name: str,
    item: str,
    message: str,
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    """The item decided, as the review now has it; out of band the review's totals, the
    page's new version and the message."""
    from ipcheck.store.review_file import parse_review, review_path

    path = file_in(served.path, name)
    opened = api.open_assessment(path)
    data = read_review_bytes(path)
    review = None if data is None else parse_review(data, review_path(path))
    scoped = next(s for s in opened.scope if s.item.id == item)
    row = views.item_row(scoped, views.state_of(opened.loaded.assessment, item), opened, review)
    values: dict[str, Any] = {
        "item": row,
        "file": name,
        "review": api.review(opened),
        "decisions": [(d.value, d.label) for d in DECISIONS],
        "readonly": True,
        "statuses": [],
        "version": review_version(path),
        "message": message.format(item=scoped.number),
        "typed": typed,
    }
    part = served.pages.text("_review_item.html.j2", **values)
    return HTMLResponse(
        part + served.pages.text("_review_oob.html.j2", **values), status_code=status
    )


async def new_key(request: Request) -> Response:
    served = served_of(request)
    form = await form_of(request)
    if isinstance(form, Response):
        return form
    name = str(form.get("name", "")).strip() or served.by

    def change() -> str:
        return api.new_key(name)

    def answer(line: str) -> Response:
        return shown_anew(served, _("signing key made; its public key: {line}").format(line=line))

    return await changing(served, Asked(), change, answer)  # a key: no change to a file


def routes() -> list[Route]:
    return [
        Route("/", office_page),
        Route("/summary", summary_document),
        Route("/file", file_page),
        Route("/review", begin, methods=["POST"]),
        Route("/decide", decide, methods=["POST"]),
        Route("/key", new_key, methods=["POST"]),
    ]
