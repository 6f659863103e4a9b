"""One place that turns domain errors and HTTP errors into pages (and JSON under /api/)."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from factcheck.errors import DomainError

TITLES = {400: "Bad request", 403: "Not allowed", 404: "Not found", 405: "Method not allowed",
          409: "Conflict", 413: "Too large", 422: "Cannot be saved", 429: "Too many attempts",
          500: "Something went wrong", 503: "Unavailable"}


def respond(status: int, message: str):
    if request.path.startswith("/api/"):
        return jsonify({"error": TITLES.get(status, "Error"), "message": message, "status": status}), status
    return render_template("errors/error.html", status=status, title=TITLES.get(status, "Error"),
                           message=message), status


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
        return respond(429, f"Too many failed attempts: {error.description}. Wait a minute and try again.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return respond(error.code or 500, error.description or TITLES.get(error.code, "Error"))
