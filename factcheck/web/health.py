"""/healthz (the process answers) and /readyz (the database answers and is at the code's migrations),
for load balancers and process supervisors.

Both are outside the schema check, the login and the rate limits, set no cookie and are never
cached. /healthz touches nothing; /readyz opens one connection of its own (no pool, a two-second
timeout), so a stuck database makes it answer 503 quickly instead of hanging the probe.
"""
from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.engine import Engine

from factcheck import migrate
from factcheck.extensions import limiter
from factcheck.operations.database import quick_engine, reason

bp = Blueprint("health", __name__)
ENDPOINTS = ("health.healthz", "health.readyz")
TIMEOUT = 2.0  # seconds


def _answer(body: dict, status: int):
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
@limiter.exempt
def healthz():
    return _answer({"status": "ok"}, 200)


def probe_engine(app: Flask) -> Engine:
    engine = app.extensions.get("factcheck.probe_engine")
    if engine is None:
        engine = app.extensions["factcheck.probe_engine"] = quick_engine(
            app.extensions["factcheck.engine"].url, TIMEOUT)
    return engine


def heads() -> set[str]:
    """The code's migration heads, read once per process."""
    found = current_app.extensions.get("factcheck.heads")
    if found is None:
        found = current_app.extensions["factcheck.heads"] = migrate.head_revisions()
    return found


def readiness(app: Flask) -> tuple[dict, bool]:
    try:
        with probe_engine(app).connect() as connection:
            connection.execute(text("SELECT 1"))
            current = MigrationContext.configure(connection).get_current_heads()
    except Exception as error:  # any failure to answer is "not ready", said in words
        return {"status": "unavailable", "database": f"unreachable: {reason(error)}"}, False
    wanted = heads()
    if set(current) != wanted:
        at = ", ".join(sorted(current)) or "no migrations"
        return {"status": "unavailable", "database": "ok",
                "migrations": f"behind: the database is at {at}, the code needs {', '.join(sorted(wanted))} "
                              "(run factcheck db upgrade)"}, False
    return {"status": "ok", "database": "ok", "migrations": "current"}, True


@bp.get("/readyz")
@limiter.exempt
def readyz():
    body, ready = readiness(current_app)
    return _answer(body, 200 if ready else 503)
