"""The public, read-only JSON API under /api/v1 (described in factcheck/static/openapi.json).

Errors are JSON (factcheck/web/error_pages.py answers for every path under /api/). A retracted
verdict answers 410 Gone with a record saying when and why; an unpublished one is 404.
"""
from __future__ import annotations

import json

from flask import Blueprint, current_app, jsonify, redirect, request, url_for

from factcheck.db import db_session
from factcheck.extensions import limiter
from factcheck.inputs import ascii_int
from factcheck.services.public import InvalidQuery, markup, queries, records, verdicts
from factcheck.services.public import search as searching
from factcheck.services.settings import all_settings
from factcheck.web.caching import cached, conditional

bp = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_PER_PAGE = 100
JSON_TYPE = "application/json"
# Per client address, over every API route together; a 429 answers in JSON like any API error.
limiter.shared_limit(lambda: current_app.config["API_RATE_LIMIT"], scope="api")(bp)


@bp.after_request
def open_to_all(response):
    """Anyone may read the API from any site: it only serves what is already public."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def base_url() -> str:
    return markup.site_url(all_settings(db_session()))


def url_of(base: str):
    return lambda slug: base + url_for("public.verdict", slug=slug)


def per_page() -> int:
    raw = request.args.get("per_page", "20")
    value = ascii_int(raw, low=1, high=MAX_PER_PAGE)
    if value is None:
        raise InvalidQuery(f"per_page must be a whole number from 1 to {MAX_PER_PAGE}, not {raw[:20]!r}.")
    return value


def body(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@bp.get("/verdicts")
def verdict_list():
    session = db_session()
    number, size = queries.parse_page(request.args.get("page")), per_page()
    if request.args.get("q"):
        page = searching.search(session, request.args["q"], number, size)
        chosen_args = {"q": request.args["q"]}
    else:
        chosen = queries.parse_filter(session, request.args)
        page = queries.verdict_list(session, chosen, number, size)
        chosen_args = chosen.as_args()
    make_url = url_of(base_url())
    link = lambda n: url_for("api.verdict_list", page=n, per_page=size, _external=False, **chosen_args)  # noqa: E731
    data = {"verdicts": [records.summary_record(row, make_url) for row in page.rows],
            "page": page.number, "per_page": size, "total": page.total, "pages": page.last,
            "next": link(page.number + 1) if page.has_next else None,
            "previous": link(page.number - 1) if page.has_previous else None}
    return conditional(body(data), JSON_TYPE)


@bp.get("/verdicts/<slug>")
def verdict(slug: str):
    found = verdicts.find(db_session(), slug)
    if found.redirect_to:
        return redirect(url_for("api.verdict", slug=found.redirect_to), 301)
    key = found.key
    if key.retracted:
        return gone(key)
    return cached(("api-verdict", key.id, key.modified_at), lambda: body(record(key)), JSON_TYPE,
                  last_modified=key.modified_at)


def view_of(key: verdicts.PageKey):
    org = all_settings(db_session())
    make_url = url_of(markup.site_url(org))
    return verdicts.view(db_session(), key.id, org, make_url(key.slug)), make_url


def record(key: verdicts.PageKey) -> dict:
    page, make_url = view_of(key)
    return records.full_record(page, make_url)


def gone(key: verdicts.PageKey):
    page, make_url = view_of(key)
    data = records.retracted_record(page, make_url)
    message = f"This verdict was retracted on {data['retracted_at'][:10]}: {data['retraction_note'] or 'no reason given'}"
    return jsonify({"error": "Gone", "message": message, "status": 410, "verdict": data}), 410


@bp.get("/claimreview.json")
def claimreview_feed():
    """Built once per change of the published set (it holds every verdict), then served from the cache."""
    base = base_url()

    def build() -> bytes:
        return body(markup.claimreview_feed(db_session(), all_settings(db_session()),
                                            base + url_for("api.claimreview_feed"), url_of(base)))

    return cached(("datafeed", base, markup.feed_version(db_session())), build, JSON_TYPE)


@bp.get("/openapi.json")
def openapi():
    from flask import current_app

    with open(current_app.static_folder + "/openapi.json", encoding="utf-8") as handle:
        spec = json.load(handle)
    spec["servers"] = [{"url": base_url() + "/api/v1"}]
    return conditional(body(spec), JSON_TYPE)
