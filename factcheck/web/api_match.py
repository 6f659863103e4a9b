"""GET /api/v1/match?text=…: published verdicts (ours) and partners' fact-checks that match a text.

Only published, unretracted verdicts are ever answered (the matching index holds no others, and the
rows are checked again here); a partner's record says who checked it, never us.
"""
from __future__ import annotations

from flask import Blueprint, current_app, request, url_for
from sqlalchemy import select

from factcheck.extensions import limiter
from factcheck.inputs import ascii_int
from factcheck.matching import similar
from factcheck.models import ExternalFactCheck, RatingLevel, Verdict
from factcheck.services.public import InvalidQuery
from factcheck.web import db_session
from factcheck.web.api import JSON_TYPE, base_url, body
from factcheck.web.caching import conditional

bp = Blueprint("api_match", __name__, url_prefix="/api/v1")
limiter.shared_limit(lambda: current_app.config["API_RATE_LIMIT"], scope="api")(bp)
MAX_TEXT = 2000
MAX_LIMIT = 20


@bp.after_request
def open_to_all(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def arguments() -> tuple[str, int]:
    text = request.args.get("text", "")
    if not text.strip():
        raise InvalidQuery("Give the text to match: /api/v1/match?text=…")
    if len(text) > MAX_TEXT:
        raise InvalidQuery(f"text may have at most {MAX_TEXT} characters (this one has {len(text)}).")
    raw = request.args.get("limit", "5")
    limit = ascii_int(raw, low=1, high=MAX_LIMIT)
    if limit is None:
        raise InvalidQuery(f"limit must be a whole number from 1 to {MAX_LIMIT}, not {raw[:20]!r}.")
    return text, limit


def verdict_records(ids: list[int]) -> dict[int, dict]:
    rows = db_session().execute(
        select(Verdict.id, Verdict.headline, Verdict.slug, Verdict.published_at, RatingLevel.label)
        .outerjoin(RatingLevel, RatingLevel.id == Verdict.rating_id)
        .where(Verdict.id.in_(ids), Verdict.published_at.is_not(None), Verdict.retracted_at.is_(None)))
    base = base_url()
    return {row.id: {"checked_by": "us", "headline": row.headline, "rating": row.label,
                     "url": base + url_for("public.verdict", slug=row.slug),
                     "date_published": row.published_at.date().isoformat()} for row in rows}


def external_records(ids: list[int]) -> dict[int, dict]:
    rows = db_session().scalars(select(ExternalFactCheck).where(ExternalFactCheck.id.in_(ids)))
    return {row.id: {"checked_by": row.publisher_name, "headline": row.headline, "rating": row.rating_text,
                     "url": row.review_url, "claim_reviewed": row.claim_reviewed,
                     "date_published": row.date_published.isoformat() if row.date_published else None}
            for row in rows}


@bp.get("/match")
def match():
    text, limit = arguments()
    found = similar(db_session(), text, limit=limit, sources=("verdict", "external"))
    ours = verdict_records([m.verdict_id for m in found if m.verdict_id is not None])
    theirs = external_records([m.external_id for m in found if m.external_id is not None])
    matches = []
    for m in found:
        record = ours.get(m.verdict_id) if m.verdict_id is not None else theirs.get(m.external_id)
        if record is not None:
            matches.append({"kind": m.kind.value, "score": m.score, "reason": m.reason, "differs": m.differs,
                            **record})
    return conditional(body({"text": text, "matches": matches}), JSON_TYPE)
