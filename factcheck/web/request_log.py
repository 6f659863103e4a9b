"""A request id on every response (X-Request-ID, and on error pages) and one JSON line per request on
the `factcheck.requests` logger (`factcheck serve` sends it to standard error):

    {"method":"GET","path":"/verdicts/x","status":200,"ms":3.1,"user":null,"request_id":"…","remote":"…"}

An incoming X-Request-ID (set by nginx or a load balancer) is kept when it is a short safe token,
so one id follows the request through every log; anything else is replaced by a fresh one.
`remote` is the client's address after ProxyFix (PROXY_FIX), the proxy's own address without it.
`ms` runs from the first before-request hook to the last after-request hook: a streamed body
(the audit CSV) is timed to its first byte. Registered first, so it sees every other hook's work.
"""
from __future__ import annotations

import json
import logging
import re
import secrets
from time import perf_counter

from flask import Flask, g, request

LOGGER = logging.getLogger("factcheck.requests")
HEADER = "X-Request-ID"
_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


def request_id(incoming: str | None) -> str:
    if incoming and _SAFE.fullmatch(incoming):
        return incoming
    return secrets.token_hex(8)


def current_request_id() -> str | None:
    return g.get("request_id")


def _start() -> None:
    g.request_started = perf_counter()
    g.request_id = request_id(request.headers.get(HEADER))


def _finish(response):
    rid = g.get("request_id") or request_id(None)
    response.headers[HEADER] = rid
    if LOGGER.isEnabledFor(logging.INFO):
        started = g.get("request_started")
        user = g.get("_login_user")  # flask-login's loaded user; never loaded here just to be logged
        line = json.dumps({
            "method": request.method, "path": request.path, "status": response.status_code,
            "ms": round((perf_counter() - started) * 1000, 2) if started else None,
            "user": user.id if getattr(user, "is_authenticated", False) else None,
            "request_id": rid, "remote": request.remote_addr,
        }, separators=(",", ":"))
        # makeRecord + handle is logger.info without its stack walk for the caller (a fifth of its cost)
        LOGGER.handle(LOGGER.makeRecord(LOGGER.name, logging.INFO, __file__, 0, line, None, None, "request"))
    return response


def register(app: Flask) -> None:
    """Call before every other hook is registered (first before-request, last after-request)."""
    if not app.config.get("REQUEST_LOG", True):
        return
    app.before_request(_start)
    app.after_request(_finish)
