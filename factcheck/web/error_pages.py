"""One place that turns domain errors and HTTP errors into pages (and JSON under /api/)."""
from __future__ import annotations

from flask import Flask, g, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from factcheck.errors import DomainError

TITLES = {400: "Bad request", 403: "Not allowed", 404: "Not found", 405: "Method not allowed",
          409: "Conflict", 413: "Too large", 422: "Cannot be saved", 429: "Too many attempts",
          500: "Something went wrong", 503: "Unavailable"}


def respond(status: int, message: str):
    """The request id (web/request_log.py) goes on the page so a reader can quote it to the desk."""
    if request.path.startswith("/api/"):  # the API's errors carry it in the X-Request-ID header
        return jsonify({"error": TITLES.get(status, "Error"), "message": message, "status": status}), status
    return render_template("errors/error.html", status=status, title=TITLES.get(status, "Error"),
                           message=message, request_id=g.get("request_id")), status


def limit_in_words(error) -> str:
    """"3 per minute" from the limit that was hit (flask-limiter's RateLimitExceeded), else its description."""
    item = getattr(getattr(error, "limit", None), "limit", None)
    if item is None:
        return str(error.description)
    unit = item.GRANULARITY.name
    return f"{item.amount} per {unit if item.multiples == 1 else f'{item.multiples} {unit}s'}"


def too_many_message(error) -> str:
    if request.path.startswith("/api/"):
        return f"Too many API requests: the limit is {limit_in_words(error)}. Wait a minute and try again."
    if request.endpoint == "auth.login":
        return f"Too many failed login attempts: the limit is {limit_in_words(error)}. Wait a minute and try again."
    return f"Too many requests: {error.description}. Wait a minute and try again."


BUSY = ("database is locked", "could not serialize access", "deadlock detected", "database is busy")


UNREACHABLE = ("connection refused", "server closed the connection", "terminating connection",
               "connection is closed", "could not connect", "connection timeout", "the database system is",
               "consuming input failed", "ssl syscall error", "no connection to the server", "unable to open database")


def busy(error: OperationalError) -> bool:
    """SQLite's lock timeout, PostgreSQL's serialization failures and deadlocks: retryable, not bugs."""
    return any(words in str(error.orig).lower() for words in BUSY)


def unreachable(error: OperationalError) -> bool:
    """The database went away (restarted, network cut): a 503 until it is back; pool_pre_ping then
    replaces the dead connections, so the site recovers by itself."""
    return error.connection_invalidated or any(words in str(error.orig).lower() for words in UNREACHABLE)


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return respond(error.status, error.message)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return respond(400, "This form has expired or did not come from this site "
                            f"({error.description}). Go back, reload the page and try again.")

    @app.errorhandler(413)
    def too_large(_error):
        limit = app.config["MAX_UPLOAD_MB"]
        return respond(413, f"The upload is larger than the limit of {limit} MB.")

    @app.errorhandler(429)
    def too_many(error):
        return respond(429, too_many_message(error))

    @app.errorhandler(StaleDataError)
    def lost_race(_error):  # raised at a flush before the service's own commit could translate it
        return respond(409, "Someone else changed this claim at the same moment. Reload it to see what "
                            "changed, then apply your change again.")

    @app.errorhandler(OperationalError)
    def database_busy(error: OperationalError):
        if busy(error):
            message = "The database is busy with other changes: nothing was saved. Try again in a moment."
        elif unreachable(error):
            app.logger.warning("database unreachable: %s", str(error.orig).strip()[:300])
            message = "The database cannot be reached just now: nothing was saved. Try again in a moment."
        else:
            raise error
        response = make_response(*respond(503, message))
        response.headers["Retry-After"] = "2"
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return respond(error.code or 500, error.description or TITLES.get(error.code, "Error"))
