"""Anonymous readers get the page files (publishing/page_files.py) straight from PUBLIC_FOLDER.

A small WSGI middleware in front of the Flask app: a GET or HEAD of a public path, without a query
string and without a session or remember-me cookie, whose file exists, is answered with that file
(werkzeug's send_file: ETag, Last-Modified, 304s, Range) and the headers the app would send (the
security headers, the shared Cache-Control, CORS on the DataFeed). No Flask request, session, user
lookup, CSRF, rate-limit bookkeeping or database connection happens for it; one JSON line goes to
the request log (factcheck.requests) when REQUEST_LOG is on. Everything else - a logged-in editor, a
desk path, ?page=2, a page with no file yet - goes to the app unchanged.
"""
from __future__ import annotations

import json
import logging
import mimetypes
import os
from pathlib import Path
from time import perf_counter

from flask import Flask
from werkzeug.utils import send_file

from factcheck.export import file_for
from factcheck.publishing import page_files
from factcheck.web.caching import SHARED_CACHE
from factcheck.web.request_log import HEADER, LOGGER, request_id

PREFIXES = ("/verdicts/", "/speakers/", "/feeds/", "/sitemaps/")
EXACT = frozenset({"/", "/corrections", "/methodology", "/sitemap.xml", "/robots.txt", "/ratings.css",
                   "/api/v1/claimreview.json"})
TYPES = {".html": "text/html", ".png": "image/png", ".xml": "application/xml", ".atom": "application/atom+xml",
         ".json": "application/json", ".txt": "text/plain", ".css": "text/css"}


def is_public(path: str) -> bool:
    if path in EXACT:
        return True
    if not path.startswith(PREFIXES) or "\\" in path or "\x00" in path:
        return False
    return all(part not in ("", ".", "..") and not part.startswith(".") for part in path.split("/")[1:-1]) \
        and not path.rsplit("/", 1)[-1].startswith(".")


class PublicFiles:
    def __init__(self, wsgi_app, folder: Path, cookies: tuple[str, ...], log_requests: bool):
        self.wsgi_app, self.folder, self.log_requests = wsgi_app, str(folder), log_requests
        self.cookies = tuple(name + "=" for name in cookies)
        from factcheck.web import CSP

        self.headers = [("Content-Security-Policy", CSP), ("X-Content-Type-Options", "nosniff"),
                        ("Referrer-Policy", "same-origin"), ("X-Frame-Options", "DENY"),
                        ("Cache-Control", SHARED_CACHE)]

    def file_of(self, environ) -> str | None:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or environ.get("QUERY_STRING"):
            return None
        if environ.get(page_files.RENDERING):
            return None  # page_files renders the page to write it: the app's answer, not the old file
        cookie = environ.get("HTTP_COOKIE", "")
        if cookie and any(name in cookie for name in self.cookies):
            return None  # perhaps logged in: the app decides
        path = environ.get("PATH_INFO") or "/"
        if not is_public(path):
            return None
        full = os.path.join(self.folder, file_for(path))
        return full if os.path.isfile(full) else None

    def __call__(self, environ, start_response):
        full = self.file_of(environ)
        if full is None:
            return self.wsgi_app(environ, start_response)
        started = perf_counter()
        suffix = os.path.splitext(full)[1]
        response = send_file(full, environ, mimetype=TYPES.get(suffix) or mimetypes.guess_type(full)[0]
                             or "application/octet-stream", conditional=True, etag=True)
        for key, value in self.headers:
            response.headers[key] = value
        if suffix == ".json":
            response.headers["Access-Control-Allow-Origin"] = "*"
        rid = request_id(environ.get("HTTP_X_REQUEST_ID"))
        response.headers[HEADER] = rid
        if self.log_requests and LOGGER.isEnabledFor(logging.INFO):
            LOGGER.info(json.dumps({"method": environ["REQUEST_METHOD"], "path": environ.get("PATH_INFO"),
                                    "status": response.status_code, "ms": round((perf_counter() - started) * 1000, 2),
                                    "user": None, "request_id": rid, "remote": environ.get("REMOTE_ADDR"),
                                    "file": True}))
        return response(environ, start_response)


def register(app: Flask) -> None:
    """Serve PUBLIC_FOLDER's files to anonymous readers (when the folder is on) and let the editorial
    doors find this app to write them."""
    page_files.remember(app)
    folder = page_files.folder_of(app)
    if folder is None:
        return
    cookies = (app.config.get("SESSION_COOKIE_NAME") or "session", app.config.get("REMEMBER_COOKIE_NAME") or "remember_token")
    app.wsgi_app = PublicFiles(app.wsgi_app, folder, cookies, bool(app.config.get("REQUEST_LOG", True)))
