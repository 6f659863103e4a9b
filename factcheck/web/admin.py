"""Admin: accounts and roles, the rating scale, the organisation's settings and the desk's rules,
and the audit log of everything anyone changed."""
from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user

from factcheck.db import db_session, utcnow
from factcheck.errors import ValidationError
from factcheck.publishing.colours import AA_NORMAL_TEXT, best_contrast
from factcheck.services import accounts, audit_log, ratings
from factcheck.services.settings import all_settings, update_settings
from factcheck.web.access import role_required
from factcheck.web.forms import (
    AuditFilterForm,
    EmptyForm,
    MoveForm,
    RatingLevelForm,
    RoleForm,
    SettingsForm,
    UserForm,
    incomplete,
)
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


@bp.post("/users/<int:user_id>/end-sessions")
@role_required(Role.ADMIN)
def end_sessions(user_id: int):
    if not EmptyForm().validate_on_submit():
        raise ValidationError("The form is incomplete.")
    user = accounts.end_sessions(db_session(), current_user, user_id)
    flash(f"{user.name} is logged out everywhere; their next request asks them to log in.")
    return redirect(url_for("admin.users"))


def ratings_page(form: RatingLevelForm | None = None, status: int = 200, edit_forms: dict | None = None):
    session = db_session()
    levels = ratings.scale(session)
    forms = {level.id: RatingLevelForm(formdata=None, obj=level, prefix=f"level{level.id}") for level in levels}
    forms.update(edit_forms or {})
    return render_template("admin/ratings.html", levels=levels, forms=forms, button=EmptyForm(),
                           in_use={level.id: ratings.in_use(session, level.id) for level in levels},
                           form=form or RatingLevelForm(formdata=None)), status


@bp.get("/ratings")
@role_required(Role.ADMIN)
def rating_scale():
    return ratings_page()


@bp.post("/ratings")
@role_required(Role.ADMIN)
def create_level():
    form = RatingLevelForm()
    if not form.validate_on_submit():
        return ratings_page(form, 422)
    try:
        level = ratings.create(db_session(), current_user, form.to_input())
    except ValidationError as error:
        form.label.errors = [error.message]
        return ratings_page(form, 422)
    flash(f"Level {level.label!r} added at the end of the scale.")
    warn_about_contrast(level.colour)
    return redirect(url_for("admin.rating_scale"))


def warn_about_contrast(colour: str) -> None:
    """Badges draw their label in #111 or white, whichever reads better; some colours suit neither."""
    ratio = best_contrast(colour)
    if ratio < AA_NORMAL_TEXT:  # rounded down: 4.48 must not read as "4.5"
        flash(f"Warning: text on {colour} reaches a contrast of only {int(ratio * 10) / 10:.1f}:1 (WCAG AA needs 4.5:1), so some "
              "readers cannot read the badge. Choose a darker or a lighter colour.")


@bp.post("/ratings/<int:level_id>")
@role_required(Role.ADMIN)
def update_level(level_id: int):
    form = RatingLevelForm(prefix=f"level{level_id}")
    if not form.validate_on_submit():
        return ratings_page(status=422, edit_forms={level_id: form})
    try:
        level = ratings.update(db_session(), current_user, level_id, form.to_input(),
                               published=form.published.data or None)
    except ValidationError as error:
        (form.published if error.field == "published" else form.label).errors = [error.message]
        return ratings_page(status=422, edit_forms={level_id: form})
    flash(f"Level {level.label!r} saved." + (" Each published verdict with it now shows the new label, with a "
                                             "public update." if form.published.data == "relabel" else ""))
    warn_about_contrast(level.colour)
    return redirect(url_for("admin.rating_scale"))


@bp.post("/ratings/<int:level_id>/<any(retire, restore, delete):change>")
@role_required(Role.ADMIN)
def change_level(level_id: int, change: str):
    if not EmptyForm().validate_on_submit():
        raise ValidationError("The form is incomplete.")
    if change == "delete":
        flash(f"Level {ratings.delete(db_session(), current_user, level_id)!r} deleted.")
    else:
        level = ratings.set_retired(db_session(), current_user, level_id, change == "retire")
        flash(f"Level {level.label!r} {'retired: it can no longer be chosen' if level.retired else 'restored'}.")
    return redirect(url_for("admin.rating_scale"))


@bp.post("/ratings/<int:level_id>/move")
@role_required(Role.ADMIN)
def move_level(level_id: int):
    form = MoveForm()
    if not form.validate_on_submit() or form.step.data not in (-1, 1):
        raise ValidationError("Move a level up (-1) or down (1).")
    ratings.move(db_session(), current_user, level_id, form.step.data)
    return redirect(url_for("admin.rating_scale"))


def settings_page(form: SettingsForm, status: int = 200):
    """With the address pages carry now (the saved website) and whether `factcheck serve` accepts it."""
    from factcheck.services.public.markup import site_url
    from factcheck.serving import public_url_problem

    saved = all_settings(db_session())
    return render_template("admin/settings.html", form=form, public_url=site_url(saved),
                           public_url_problem=public_url_problem(saved.get("org_url"))), status


@bp.route("/settings", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def settings():
    if request.method == "GET":
        form = SettingsForm(formdata=None, data=all_settings(db_session()))
        return settings_page(form)
    form = SettingsForm()
    if not form.validate_on_submit():
        return settings_page(form, 422)
    update_settings(db_session(), current_user, form.values())
    flash("Settings saved.")
    return redirect(url_for("admin.settings"))


def audit_filters() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    form.person.choices = [("", "anyone"), *((str(u.id), u.name) for u in accounts.list_users(db_session()))]
    return form


@bp.get("/audit")
@role_required(Role.ADMIN)
def audit():
    form = audit_filters()
    try:
        if not form.validate():
            raise incomplete(form)
        page = audit_log.audit_page(db_session(), current_user, form.to_filter(), form.after.data or None)
    except ValidationError as error:
        return render_template("admin/audit.html", filters=form, page=None, problem=error.message), 422
    return render_template("admin/audit.html", filters=form, page=page, problem=None)


@bp.get("/audit.csv")
@role_required(Role.ADMIN)
def audit_csv():
    form = audit_filters()
    if not form.validate():
        raise incomplete(form)
    lines = audit_log.csv_lines(db_session(), current_user, form.to_filter())
    name = f"audit-{utcnow():%Y-%m-%d}.csv"
    return Response(stream_with_context(lines), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
