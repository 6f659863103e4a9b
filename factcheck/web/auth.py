"""Log in and out. Failed logins are rate limited per client address."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from factcheck.extensions import limiter
from factcheck.services import accounts
from factcheck.db import db_session
from factcheck.web.access import is_local_path
from factcheck.web.forms import EmptyForm, LoginForm

bp = Blueprint("auth", __name__)


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"], deduct_when=lambda response: response.status_code == 401)
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("desk.queue"))
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 400 if request.method == "POST" else 200
    user = accounts.authenticate(db_session(), form.email.data, form.password.data)
    if user is None:
        form.password.errors = ["Wrong email or password, or the account is deactivated."]
        return render_template("auth/login.html", form=form), 401
    login_user(user)
    flash(f"Welcome, {user.name}.")
    target = form.next.data
    return redirect(target if is_local_path(target) else url_for("desk.queue"))


@bp.post("/logout")
def logout():
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("public.home"))
    logout_user()
    flash("You are logged out.")
    return redirect(url_for("auth.login"))
