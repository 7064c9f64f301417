"""What one run of `ipcheck serve` serves, and the way every change is made through it:
on the API (the CLI's transaction: lock, fresh read, rules, a history line naming who),
only to the state of the file the page was shown from (`unless_changed`), a refusal
answered in one line and a stale page shown anew."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ipcheck.errors import IpcheckError, StaleError
from ipcheck.serve.pages import Pages, refusal
from ipcheck.store.assessment_file import Asked, unless_changed
from ipcheck.text.hints import on_page
from ipcheck.text.i18n import _

T = TypeVar("T")
UPLOAD_LIMIT = 50 * 1024 * 1024  # bytes a page may send at once (evidence, a sheet)


@dataclass
class Served:
    """One run of the server: its mode, its file or folder, who the changes are by."""

    mode: str  # "county" (one assessment) or "office" (a folder of submissions)
    path: Path  # the assessment, or the office's folder
    by: str  # the name history lines are by; the page may change it
    pages: Pages
    quit: Callable[[], None]
    upload_limit: int = UPLOAD_LIMIT
    keys: Path | None = None  # office: the counties' public keys (summary --key)
    flash: list[str] = field(default_factory=list)  # said on the next page shown

    def said(self) -> str:
        """The message waiting for the next page (a stale change's), said once."""
        out = " ".join(dict.fromkeys(self.flash))  # a message said twice is said once
        self.flash.clear()
        return out


async def changing(
    served: Served,
    asked: Asked | str,
    change: Callable[[], T],
    answer: Callable[[T], Response],
    stale: Callable[[StaleError], Response] | None = None,
) -> Response:
    """Make `change` in a worker thread, only if what the page showed is still so (`asked`:
    what it names, or the file's version), and answer with `answer(result)`. A refusal is
    its one line (422); a stale page is answered by `stale`, else shown anew with why (409,
    the page reloads)."""
    if isinstance(asked, str):
        asked = Asked(file=asked)
    chosen = asked

    def work() -> T:
        with on_page(), unless_changed(chosen):
            return change()

    try:
        result = await run_in_threadpool(work)
    except StaleError as refused:
        if stale is not None:
            return await run_in_threadpool(stale, refused)  # it reads the file: off the loop
        return shown_anew(served, str(refused), 409)
    except IpcheckError as refused:
        return refusal(str(refused))
    return await run_in_threadpool(answer, result)


def shown_anew(served: Served, message: str, status: int = 204) -> Response:
    """The page shown anew (a change that reshapes it, or one refused as stale), saying
    `message` once."""
    served.flash.append(message)
    return Response(status_code=status, headers={"HX-Refresh": "true"})


async def reading(call: Callable[[], T]) -> T:
    def read() -> T:
        with on_page():
            return call()

    return await run_in_threadpool(read)


async def form_of(request: Request, *, files: int = 0, fields: int = 20) -> FormData | Response:
    """The form a page sent, or the one line that says why it is not taken (too many files
    or fields, a malformed body): never Starlette's bare 400."""
    from starlette.requests import ClientDisconnect

    try:
        return await request.form(max_files=files, max_fields=fields)
    except ClientDisconnect:  # the browser went away mid-upload: no one to answer
        return Response(status_code=400)
    except HTTPException:
        if files:
            said = _("not taken: at most {files} files, {fields} fields and 1 MB a field at once")
        else:  # a form that takes no file does not speak of files
            said = _("not taken: at most {fields} fields and 1 MB a field at once")
        return refusal(said.format(files=files, fields=fields), 400)


def points_given(text: str, what: str) -> float | None:
    """Points typed on the page (a part score, the points the office gives): None when
    empty; else read as the command line reads --score (1.5, １．５, 1.5分), or refused in
    one line as it refuses them. `what`: the field, as the page names it."""
    from ipcheck.rules.values import check_points

    text = text.strip()
    return None if not text else check_points(text, what)
