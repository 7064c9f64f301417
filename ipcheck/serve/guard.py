"""Who may talk to the local server, and what every answer carries.

The server binds the loopback only; this guard stands in front of every route:

- the opening URL holds a one-time token: its first use sets the session cookie
  (HttpOnly, SameSite=Strict) and the token is spent; nothing else answers without
  that cookie;
- every page lies under a secret path, which the cookie is scoped to: browsers send a
  cookie of 127.0.0.1 to every port of it, so a program listening on another port could
  otherwise be handed the cookie by a page that sends the browser there; it is not handed
  this one, and without the path the cookie opens nothing (Referrer-Policy keeps the path
  from other origins);
- the Host header must name the loopback and the server's port (a DNS-rebinding page
  on another name is refused);
- a request that changes anything (any method but GET and HEAD) must come from the
  page itself: its Origin is this server, and it carries the page's CSRF token;
- every answer forbids scripts from anywhere but the server, inline scripts, frames
  and plugins (CSP), sniffing and caching, and says the time it took (Server-Timing).

A plain ASGI middleware: it looks at the headers only, and counts the time of the last
request for the idle stop (serve/run.py).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from ipcheck.text.i18n import _

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "ipcheck-session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# The page's own: scripts and styles from the server only (htmx, served by it), no
# inline script, nothing framed, forms posted back here only.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# A report shown as it will be sent (its styles are inline): no script at all.
DOCUMENT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'; sandbox"
)


class Keys:
    """The secrets of one run of the server: the opening token (spent on first use), the
    session cookie's value, and the CSRF token the page sends back."""

    def __init__(self) -> None:
        self.opening: str | None = secrets.token_urlsafe(32)
        self.session = secrets.token_urlsafe(32)
        self.csrf = secrets.token_urlsafe(32)
        self.path = secrets.token_urlsafe(24)  # the pages' secret path: /<path>/…

    @property
    def base(self) -> str:
        return f"/{self.path}"

    def spend(self, token: str) -> bool:
        """True once, for the opening token; the token is gone after."""
        opening = self.opening
        if opening is None or not secrets.compare_digest(opening.encode(), token.encode()):
            return False
        self.opening = None
        return True


class Guard:
    """The ASGI middleware that checks every request (see the module's text)."""

    def __init__(self, app: ASGIApp, keys: Keys, port: Callable[[], int]) -> None:
        self.app = app
        self.keys = keys
        self.port = port
        self.last_request = time.monotonic()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await self.app(scope, receive, send)
            return
        began = time.monotonic()
        headers = _headers(scope)
        host = headers.get("host", "")
        port = self.port()
        if host not in {f"127.0.0.1:{port}", f"localhost:{port}"}:
            await _plain(send, 421, _("ipcheck: this server answers on the loopback only"))
            return
        if scope["path"] == "/open":
            await self._open(scope, send, host)
            return
        cookie = _cookie(headers.get("cookie", ""))
        base = self.keys.base
        path: str = scope["path"]
        inside = path.startswith(base + "/")
        if (
            cookie is None
            or not secrets.compare_digest(cookie.encode(), self.keys.session.encode())
            or not inside
        ):
            await _plain(
                send, 403, _("ipcheck: open this page from the link ipcheck serve printed")
            )
            return
        self.last_request = began  # only the page keeps the server from its idle stop
        scope = dict(scope)  # the routes see the path below the secret one
        scope["path"] = path[len(base) :]
        raw = scope.get("raw_path")
        if isinstance(raw, bytes) and raw.startswith(base.encode() + b"/"):
            scope["raw_path"] = raw[len(base) :]
        if scope["method"] not in SAFE_METHODS:
            origin = headers.get("origin")
            token = headers.get(CSRF_HEADER, "")
            if origin != f"http://{host}" or not secrets.compare_digest(
                token.encode(), self.keys.csrf.encode()
            ):
                await _plain(send, 403, _("ipcheck: a change must come from the page itself"))
                return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                    (b"cache-control", b"no-store"),
                    # the time the server took, as the browser's tools and bench/serve.py read it
                    (b"server-timing", f"app;dur={(time.monotonic() - began) * 1000:.1f}".encode()),
                ]
                named = {name.lower() for name, _value in message.get("headers", [])}
                if b"content-security-policy" not in named:
                    extra.append((b"content-security-policy", PAGE_POLICY.encode()))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, secured)

    async def _open(self, scope: Scope, send: Send, host: str) -> None:
        token = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
        if not self.keys.spend(token):
            await _plain(
                send,
                403,
                _("ipcheck: this link has been used; run ipcheck serve again for a new one"),
            )
            return
        cookie = f"{COOKIE}={self.keys.session}; HttpOnly; SameSite=Strict; Path={self.keys.base}/"
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", f"http://{host}{self.keys.base}/".encode()),
                    (b"set-cookie", cookie.encode()),
                    (b"cache-control", b"no-store"),
                    (b"referrer-policy", b"no-referrer"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})


def _headers(scope: Scope) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        key = name.decode("latin-1").lower()
        if key in out:  # a repeated Host, Origin or token is not trusted
            out[key] = "\0"
        else:
            out[key] = value.decode("latin-1")
    return out


def _cookie(header: str) -> str | None:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except Exception:  # a malformed Cookie header: no session
        return None
    morsel = jar.get(COOKIE)
    return None if morsel is None else morsel.value


async def _plain(send: Send, status: int, text: str) -> None:
    body = (text + "\n").encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"content-security-policy", b"default-src 'none'"),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
