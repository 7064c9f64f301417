"""The local web application: the county's routes or the office's, the shipped static
files (htmx, the style sheet), 退出 and the operator's name, all behind the guard."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ipcheck.errors import InputError, IpcheckError
from ipcheck.serve import county, office
from ipcheck.serve.guard import Guard, Keys
from ipcheck.serve.pages import HERE, Pages, refusal
from ipcheck.serve.served import Served, form_of
from ipcheck.text.i18n import _


async def refused(request: Request, exc: Exception) -> Response:
    """What a route could not do — the file unreadable, the disk refusing — in the one
    line the command line would print: into the message line for the page's own requests,
    as a page of its own otherwise. Never a traceback."""
    served: Served = request.app.state.served
    if isinstance(exc, OSError):
        from ipcheck.text.oserrors import reason

        message = (
            _("{path}: {reason}").format(path=exc.filename, reason=reason(exc))
            if exc.filename
            else reason(exc)
        )
    else:
        message = str(exc)
    if request.headers.get("hx-request") == "true":
        return refusal(message)
    text = served.pages.text("refused.html.j2", message=message)
    return Response(text, status_code=422, media_type="text/html")


async def quit_server(request: Request) -> Response:
    served: Served = request.app.state.served
    served.quit()
    text = served.pages.text("quit.html.j2")
    return Response(text, media_type="text/html", headers={"HX-Retarget": "body"})


async def alive(request: Request) -> Response:
    """The page, shown, says it is still there: the server does not stop as idle."""
    return Response(status_code=204)


async def set_by(request: Request) -> Response:
    """The name the page's changes are recorded under (the history's 操作人)."""
    from ipcheck.rules.values import check_author

    served: Served = request.app.state.served
    form = await form_of(request)
    if isinstance(form, Response):
        return form
    name = str(form.get("by", "")).strip()
    if not name:  # every change after would be refused for it
        return refusal(_("give the name changes are recorded under"))
    try:
        served.by = check_author(name, "by")
    except InputError as refused:
        return refusal(str(refused))
    said = _("changes are now by {name}").format(name=served.by)
    return Response(served.pages.text("_message.html.j2", message=said), media_type="text/html")


def build(
    *,
    mode: str,
    path: Path,
    by: str,
    port: Callable[[], int],
    quit: Callable[[], None],
    keys_file: Path | None = None,
    upload_limit: int | None = None,
) -> tuple[Guard, Keys, Served]:
    """The guarded application for one run, its secrets and what it serves."""
    keys = Keys()
    served = Served(mode, path, by, Pages(keys.csrf, mode, keys.base), quit, keys=keys_file)
    if upload_limit is not None:
        served.upload_limit = upload_limit
    routes: list[BaseRoute] = [
        *(county.routes() if mode == "county" else office.routes()),
        Route("/quit", quit_server, methods=["POST"]),
        Route("/by", set_by, methods=["POST"]),
        Route("/alive", alive),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={IpcheckError: refused, OSError: refused})
    app.state.served = served
    return Guard(app, keys, port), keys, served
