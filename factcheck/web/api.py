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
from factcheck.services.public import InvalidQuery, datafeed, markup, queries, records, verdicts
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
    """Newest first, keyset-paginated: `next` and `previous` carry the cursor (`before` / `after`)."""
    session = db_session()
    position, size = queries.Position.of(request.args), per_page()
    if request.args.get("q"):
        page = searching.search(session, request.args["q"], position, size)
        chosen_args = {"q": request.args["q"]}
    else:
        chosen = queries.parse_filter(session, request.args)
        page = queries.verdict_list(session, chosen, position, size)
        chosen_args = chosen.as_args()
    make_url = url_of(base_url())
    link = lambda **cursor: url_for("api.verdict_list", per_page=size, **chosen_args, **cursor)  # noqa: E731
    previous = None
    if page.newer and page.number > 2:
        previous = link(after=page.newer, page=page.number - 1)
    elif page.has_previous:
        previous = link()
    data = {"verdicts": [records.summary_record(row, make_url) for row in page.rows],
            "page": page.number, "per_page": size,
            "next": link(before=page.older, page=page.number + 1) if page.older else None,
            "previous": previous}
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


def feed_cursor() -> int:
    raw = request.args.get("after", "0")
    value = ascii_int(raw, low=0, high=2**31 - 1)
    if value is None:
        raise InvalidQuery(f"after must be a verdict number from a previous page's next link, not {raw[:20]!r}.")
    return value


@bp.get("/claimreview.json")
def claimreview_feed():
    """One page of the DataFeed (datafeed.PAGE_SIZE ClaimReviews by verdict id after `after`) from the
    stored records; the next page is in the Link header. Cached per page until the next publication."""
    base, after, session = base_url(), feed_cursor(), db_session()
    org, make_url = all_settings(session), url_of(base)
    version = datafeed.versions(session, datafeed.DATAFEED)[datafeed.DATAFEED][0]
    feed_url = base + url_for("api.claimreview_feed")
    following = {}

    def build() -> bytes:
        data, following["after"] = datafeed.feed(session, org, feed_url, make_url, after)
        return body(data)

    key = ("datafeed", base, version, after, datafeed.fingerprint(session, org, make_url))
    response = cached(key, build, JSON_TYPE)
    nxt = following["after"] if "after" in following else datafeed.next_after(session, after)
    if nxt is not None:
        response.headers["Link"] = f'<{feed_url}?after={nxt}>; rel="next"'
    response.headers["Access-Control-Expose-Headers"] = "Link"
    return response


@bp.get("/openapi.json")
def openapi():
    from flask import current_app

    with open(current_app.static_folder + "/openapi.json", encoding="utf-8") as handle:
        spec = json.load(handle)
    spec["servers"] = [{"url": base_url() + "/api/v1"}]
    return conditional(body(spec), JSON_TYPE)
