"""POST /api/v1/tips: the tip line for partners' bots and widgets, JSON in and out.

CSRF-free (no cookie is read: the body must be JSON, which a cross-site form cannot send), a strict
schema (an unknown field or a wrong type is a 422 naming it), the same service and rate limit as /submit.
"""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from factcheck.db import db_session
from factcheck.errors import ValidationError
from factcheck.extensions import csrf
from factcheck.services import tips
from factcheck.services.settings import all_settings
from factcheck.web.tip_forms import address_hash, tip_limit
from factcheck.web.tips_public import answer_record

bp = Blueprint("api_tips", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
SCHEMA: dict[str, type] = {"text": str, "link": str, "seen_where": str, "contact": str, "wants_updates": bool}
TYPE_WORDS = {str: "a string", bool: "true or false"}


@bp.after_request
def open_to_all(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def problem(status: int, message: str, problems: list[tuple[str | None, str]]):
    title = {415: "Unsupported media type", 422: "Cannot be saved"}.get(status, "Bad request")
    return jsonify({"error": title, "message": message,
                    "status": status, "problems": [{"field": f, "message": m} for f, m in problems]}), status


def parsed() -> dict:
    """The request's JSON object, checked against SCHEMA; raises ValidationError naming each bad field."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationError("The body must be a JSON object such as {\"text\": \"…\"}.", field=None)
    problems: list[tuple[str | None, str]] = []
    for name in data:
        if name not in SCHEMA:
            problems.append((str(name)[:60], f"{str(name)[:60]}: unknown field (allowed: {', '.join(SCHEMA)})."))
    for name, kind in SCHEMA.items():
        if name in data and not (type(data[name]) is kind or (data[name] is None and name != "text")):
            problems.append((name, f"{name}: must be {TYPE_WORDS[kind]}."))
    if "text" not in data:
        problems.append(("text", "text: required (the claim to check)."))
    if problems:
        raise ValidationError(" ".join(m for _, m in problems), field=problems[0][0], problems=problems)
    return {name: value for name, value in data.items() if value is not None}


@bp.post("/tips")
@tip_limit
def submit():
    if request.mimetype != "application/json":
        return problem(415, "Send the tip as JSON (Content-Type: application/json).", [])
    try:
        entry = tips.TipInput(**parsed())
        answer = tips.submit_tip(db_session(), entry, address_hash=address_hash())
    except ValidationError as refused:
        return problem(422, refused.message, refused.problems)
    return jsonify(answer_record(answer, all_settings(db_session()))), 201
