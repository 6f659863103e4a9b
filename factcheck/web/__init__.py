"""The web layer: blueprints, the request's database session, security headers, error pages."""
from __future__ import annotations

from flask import Flask, current_app, render_template, request, send_from_directory
from flask_login import current_user

from factcheck.db import close_session, db_session
from factcheck.extensions import csrf, limiter, login_manager
from factcheck.inputs import ascii_int
from factcheck.models import User

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """`id:epoch` from the cookie. A deactivated account, or a cookie from before the account's
    sessions were ended (logout, password change, deactivation), loads as nobody."""
    account, _, epoch = (user_id or "").partition(":")
    number, seen = ascii_int(account, low=1), ascii_int(epoch)
    if number is None or seen is None:
        return None
    user = db_session().get(User, number)
    return user if user is not None and user.active and user.session_epoch == seen else None


def check_schema(app: Flask):
    def guard():
        if not app.config["CHECK_MIGRATIONS"] or app.extensions.get("factcheck.schema_ok"):
            return None
        if request.endpoint in ("static", "favicon", "health.healthz", "health.readyz"):
            return None
        from factcheck.migrate import is_up_to_date

        if is_up_to_date(app.extensions["factcheck.engine"]):
            app.extensions["factcheck.schema_ok"] = True
            return None
        return render_template("errors/schema.html"), 503

    return guard


def security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if current_user and getattr(current_user, "is_authenticated", False):
        response.headers.setdefault("Cache-Control", "private, no-store")
    return response


def favicon():
    """Browsers ask for /favicon.ico whatever the page links to: answer with the SVG icon."""
    return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml", max_age=86400)


def register(app: Flask) -> None:
    from factcheck.web import request_log

    request_log.register(app)  # first: its hooks time and tag everything the others do
    login_manager.init_app(app)
    csrf.init_app(app)
    import factcheck.ratelimit_store  # noqa: F401  (registers the factcheck-sqlite:// storage)

    limiter.init_app(app)
    app.teardown_appcontext(close_session)
    from factcheck.web import input_guard

    input_guard.register(app)  # first: converters and the control-character check cover every route
    app.before_request(check_schema(app))
    app.after_request(security_headers)
    app.add_url_rule("/favicon.ico", "favicon", favicon)
    from factcheck.web import public_files

    public_files.register(app)  # anonymous readers get PUBLIC_FOLDER's page files before any of the app runs
    from factcheck.serving import trust_proxies

    trust_proxies(app)  # ProxyFix only when PROXY_FIX is set; outermost, so the page files see the client too

    from factcheck.web import (
        admin,
        api,
        api_match,
        api_tips,
        auth,
        claim_edit,
        corrections,
        desk,
        editor,
        error_pages,
        feeds,
        health,
        jobs,
        public,
        research,
        sources,
        templating,
        tips,
    )

    templating.register(app)
    error_pages.register(app)
    for blueprint in (auth.bp, desk.bp, claim_edit.bp, research.bp, editor.bp, admin.bp, public.bp, feeds.bp, api.bp, corrections.bp, api_match.bp, api_tips.bp, tips.bp, jobs.bp, sources.bp, health.bp):
        app.register_blueprint(blueprint)
    from factcheck.web import images  # uploads, the stored files and their thumbnails (docs/intake.md "Images")

    app.register_blueprint(images.bp)
