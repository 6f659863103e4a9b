"""Admin: accounts and roles."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from factcheck.errors import ValidationError
from factcheck.services import accounts
from factcheck.web import db_session
from factcheck.web.access import role_required
from factcheck.web.forms import EmptyForm, RoleForm, UserForm
from factcheck.workflow import Role

bp = Blueprint("admin", __name__, url_prefix="/admin")


def users_page(form: UserForm, status: int = 200, new_password: str | None = None):
    return render_template("admin/users.html", users=accounts.list_users(db_session()), form=form,
                           role_form=RoleForm(), button=EmptyForm(), new_password=new_password), status


@bp.get("/users")
@role_required(Role.ADMIN)
def users():
    return users_page(UserForm(formdata=None))


@bp.post("/users")
@role_required(Role.ADMIN)
def create_user():
    form = UserForm()
    if not form.validate_on_submit():
        return users_page(form, 422)
    password = form.password.data or accounts.generate_password()
    try:
        user = accounts.create_user(db_session(), current_user, form.email.data, form.name.data,
                                    form.role.data, password)
    except ValidationError as error:
        form.email.errors = list(form.email.errors) + [error.message]
        return users_page(form, 422)
    flash(f"Account created for {user.email} ({user.role}).")
    return users_page(UserForm(formdata=None), 201, None if form.password.data else password)


@bp.post("/users/<int:user_id>/role")
@role_required(Role.ADMIN)
def change_role(user_id: int):
    form = RoleForm()
    if not form.validate_on_submit():
        raise ValidationError("Choose a role.")
    user = accounts.change_role(db_session(), current_user, user_id, form.role.data)
    flash(f"{user.name} is now {user.role}.")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/<any(activate, deactivate):change>")
@role_required(Role.ADMIN)
def set_active(user_id: int, change: str):
    if not EmptyForm().validate_on_submit():
        raise ValidationError("The form is incomplete.")
    user = accounts.set_active(db_session(), current_user, user_id, change == "activate")
    flash(f"{user.name} is {'active' if user.active else 'deactivated and logged out'}.")
    return redirect(url_for("admin.users"))
