"""The admin's watched sources: outlets' RSS/Atom feeds and sitemaps, their status, and fetch now."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional

from factcheck.db import db_session
from factcheck.errors import DomainError, ValidationError
from factcheck.fetching import FetchPolicy
from factcheck.link_jobs import queue_watch
from factcheck.models import SourceState
from factcheck.services import sources
from factcheck.tasks import dispatch
from factcheck.web.access import role_required
from factcheck.web.forms import EmptyForm
from factcheck.workflow import Role

bp = Blueprint("sources", __name__, url_prefix="/admin/sources")
CHANGES = {"pause": SourceState.PAUSED, "resume": SourceState.ACTIVE, "remove": SourceState.REMOVED}


class SourceForm(FlaskForm):
    url = StringField("Feed or sitemap URL", validators=[DataRequired(), Length(max=2000)],
                      description="An RSS or Atom feed, or a sitemap (urlset or sitemap index): http:// or https://")
    name = StringField("Name", validators=[Optional(), Length(max=200)],
                       description="Optional; the feed's own title when left empty.")


def sources_page(form: SourceForm, status: int = 200, notice: str | None = None):
    return render_template("admin/sources.html", sources=sources.listed_sources(db_session()), form=form,
                           button=EmptyForm(formdata=None), notice=notice), status


@bp.get("/")
@role_required(Role.ADMIN)
def source_list():
    return sources_page(SourceForm(formdata=None))


@bp.post("/")
@role_required(Role.ADMIN)
def add():
    form = SourceForm()
    if not form.validate_on_submit():
        return sources_page(form, 422)
    try:
        source = sources.add_source(db_session(), current_user, form.url.data, form.name.data,
                                    FetchPolicy.from_config(current_app.config))
    except ValidationError as error:
        form.url.errors = list(form.url.errors) + [error.message]
        return sources_page(form, 422)
    flash(f"Watching {source.url}; it is fetched every {current_app.config['WATCH_INTERVAL_MINUTES']} minutes "
          "by the worker, or now with “Fetch now”.")
    return redirect(url_for("sources.source_list"), 303)


@bp.post("/<int:source_id>/<any(pause, resume, remove):change>")
@role_required(Role.ADMIN)
def change_state(source_id: int, change: str):
    if not EmptyForm().validate_on_submit():
        return sources_page(SourceForm(formdata=None), 400, "This form has expired; reload the page and try again.")
    try:
        source = sources.set_state(db_session(), current_user, source_id, CHANGES[change])
    except DomainError as refused:
        return sources_page(SourceForm(formdata=None), refused.status, refused.message)
    flash(f"{source.name or source.url} is {source.state.label}.")
    return redirect(url_for("sources.source_list"), 303)


@bp.post("/<int:source_id>/fetch")
@role_required(Role.ADMIN)
def fetch_now(source_id: int):
    if not EmptyForm().validate_on_submit():
        return sources_page(SourceForm(formdata=None), 400, "This form has expired; reload the page and try again.")
    try:
        source = sources.pollable(db_session(), source_id)
        job = queue_watch(db_session(), current_user, source, dispatch)
    except DomainError as refused:
        return sources_page(SourceForm(formdata=None), refused.status, refused.message)
    flash(f"Fetching {source.name or source.url}: job #{job.id} is {job.state.label}.")
    return redirect(url_for("sources.source_list"), 303)
