"""The page's templates (jinja2, autoescaped, as the reports are) and the answers every
route gives: a page, a part of it, a refusal in one line, a stale page shown anew.

htmx swaps what a change answers into the page: the changed part itself, and, out of
band, the totals, the file's version and the message line. A refusal answers 422 into the
message line; a change asked of a state the file no longer has answers 409 with the
whole page as the file now is (see serve/county.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import escape
from starlette.responses import HTMLResponse, Response

from ipcheck.serve.guard import DOCUMENT_POLICY
from ipcheck.text.i18n import _, language, ngettext
from ipcheck.text.labels import percent

HERE = Path(__file__).resolve().parent
# htmx: what each kind of answer does to the page; no eval, no inline style (CSP).
HTMX_CONFIG = json.dumps(
    {
        "allowEval": False,
        "allowScriptTags": False,
        "includeIndicatorStyles": False,
        "selfRequestsOnly": True,
        "historyCacheSize": 0,
        "attributesToSettle": ["class", "width", "height"],
        "responseHandling": [
            {"code": "204", "swap": False},
            {"code": "[23]..", "swap": True},
            {"code": "(400|409|411|413|422)", "swap": True, "error": False},
            {"code": "...", "swap": False, "error": True},
        ],
    }
)


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(_=_, ngettext=ngettext, htmx_config=HTMX_CONFIG)
    env.filters["percent"] = percent  # one rounding of shares, as every output has it
    return env


class Pages:
    """Renders the templates with what every page needs (the CSRF token, the language)."""

    def __init__(self, csrf: str, mode: str, base: str) -> None:
        self.env = environment()
        self.csrf = csrf
        self.mode = mode
        self.base = base  # the secret path every page lies under (serve/guard.py)

    def html(self, name: str, status: int = 200, headers: dict[str, str] | None = None,
             **values: Any) -> HTMLResponse:  # fmt: skip
        return HTMLResponse(self.text(name, **values), status_code=status, headers=headers)

    def text(self, name: str, **values: Any) -> str:
        lang = "zh-CN" if language() == "zh" else "en"
        items_url = f"{self.base}/" if self.mode == "county" else ""
        return self.env.get_template(name).render(
            csrf=self.csrf, lang=lang, mode=self.mode, base=self.base, items_url=items_url,
            colon="：" if lang == "zh-CN" else ": ",
            **values,
        )  # fmt: skip


def refusal(message: str, status: int = 422) -> HTMLResponse:
    """A change refused: its one line, into the page's message line."""
    body = f'<span class="refused">{escape(message)}</span>'
    return HTMLResponse(
        body,
        status_code=status,
        headers={"HX-Retarget": "#message", "HX-Reswap": "innerHTML"},
    )


def document(text: str) -> HTMLResponse:
    """A report or summary shown as it is filed: its own styles, sandboxed, no script."""
    return HTMLResponse(text, headers={"Content-Security-Policy": DOCUMENT_POLICY})


def download(data: bytes, name: str, media_type: str) -> Response:
    """A file to save, under its name (RFC 6266: the Chinese name survives)."""
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})
