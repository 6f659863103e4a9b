"""Log in and out, and change one's own password. Failed logins are rate limited per client address."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from factcheck.db import db_session
from factcheck.errors import ValidationError
from factcheck.extensions import limiter
from factcheck.services import accounts
from factcheck.web.access import is_local_path
from factcheck.web.forms import EmptyForm, LoginForm, PasswordForm
from factcheck.workflow import Role

bp = Blueprint("auth", __name__)


def landing(user) -> str:
    """Where a person starts: editors and admins at the drafts waiting for them, reviewers at triage."""
    return url_for("editor.queue") if user.role >= Role.EDITOR else url_for("desk.queue")


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def address_limit() -> str:
    """Failures from one address over all accounts: a newsroom's shared address is many people, so it
    allows ten times one account's limit (it stops spraying guesses across many accounts)."""
    amount, _, per = login_limit().partition(" ")
    return f"{int(amount) * 10} {per}" if amount.isdigit() else login_limit()


def account_and_address() -> str:
    """Failed logins are counted per account and address: someone guessing one reviewer's password
    does not lock out the colleagues who share the newsroom's address."""
    email = (request.form.get("email") or "").strip().lower()[:254]
    return f"{get_remote_address()}|{email}"


def failed(response) -> bool:
    return response.status_code == 401


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, key_func=account_and_address, methods=["POST"], deduct_when=failed)
@limiter.limit(address_limit, methods=["POST"], deduct_when=failed)
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(landing(current_user))
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 400 if request.method == "POST" else 200
    user = accounts.authenticate(db_session(), form.email.data, form.password.data)
    if user is None:
        form.password.errors = ["Wrong email or password, or the account is deactivated."]
        return render_template("auth/login.html", form=form), 401
    login_user(user)
    flash(f"Welcome, {user.name}.")
    target = form.next.data
    return redirect(target if is_local_path(target) else landing(user))


@bp.post("/logout")
def logout():
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("public.home"))
    if current_user.is_authenticated:  # every copy of this person's cookie stops working, not just this one
        accounts.end_sessions(db_session(), current_user, current_user.id)
    logout_user()
    flash("You are logged out.")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordForm()
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("auth/password.html", form=form), status
    try:
        user = accounts.change_own_password(db_session(), current_user, form.current.data, form.new.data)
    except accounts.WrongPassword as error:
        form.current.errors = [error.message]
        return render_template("auth/password.html", form=form), 422
    except ValidationError as error:
        form.new.errors = [error.message]
        return render_template("auth/password.html", form=form), 422
    login_user(user)  # this session carries the new epoch; every other one has ended
    flash("Your password is changed. You are logged out everywhere else; use the new one the next time you "
          "log in.")
    return redirect(landing(current_user))
