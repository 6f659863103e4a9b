"""Editors correct or retract published verdicts (/desk/published/...); readers see the public note."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from factcheck.services.public import amend, queries
from factcheck.db import db_session
from factcheck.web.access import role_required
from factcheck.workflow import Role

bp = Blueprint("corrections", __name__, url_prefix="/desk/published")

KINDS = [("correction", "Correction: we got something wrong"), ("update", "Update: new information")]


class CorrectionForm(FlaskForm):
    version = IntegerField(validators=[DataRequired(), NumberRange(min=1)])
    kind = SelectField("Kind", choices=KINDS)
    rating = SelectField("Rating", coerce=int, validators=[Optional()])
    headline = StringField("Headline", validators=[DataRequired(), Length(max=200)],
                           description="The page's address stays the same when the headline changes.")
    summary = TextAreaField("Our ruling", validators=[DataRequired(), Length(max=5000)])
    body = TextAreaField("Text (Markdown)", validators=[Optional(), Length(max=200_000)])
    note = TextAreaField("Public note", validators=[DataRequired(), Length(max=2000)],
                         description="Shown on the verdict and on the corrections page: say what changed and why.")


class RetractionForm(FlaskForm):
    version = IntegerField(validators=[DataRequired(), NumberRange(min=1)])
    note = TextAreaField("Public note", validators=[DataRequired(), Length(max=2000)],
                         description="Shown in place of the ruling: say why the fact check no longer stands.")


@bp.get("/")
@role_required(Role.EDITOR)
def published():
    page = queries.verdict_list(db_session(), queries.VerdictFilter(), queries.parse_page(request.args.get("page")),
                                size=50)
    return render_template("corrections/published.html", page=page)


def _form_for(verdict_id: int) -> tuple[CorrectionForm, object, object]:
    verdict, claim = amend.published(db_session(), verdict_id)
    form = CorrectionForm(data={"version": claim.version, "rating": verdict.rating_id, "headline": verdict.headline,
                                "summary": verdict.summary, "body": verdict.body} if request.method == "GET" else None)
    form.rating.choices = [(level.id, level.label) for level in queries.rating_scale(db_session())
                           if not level.retired or level.id == verdict.rating_id]
    return form, verdict, claim


@bp.route("/<int:verdict_id>/correct", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def correct(verdict_id: int):
    form, verdict, claim = _form_for(verdict_id)
    if verdict.retracted_at is not None:
        abort(409, description="This verdict has been retracted; it can no longer be corrected.")
    if form.validate_on_submit():
        change = amend.Change(note=form.note.data, kind=form.kind.data, rating_id=form.rating.data,
                              headline=form.headline.data, summary=form.summary.data, body=form.body.data)
        amend.correct(db_session(), current_user, verdict_id, form.version.data, change)
        flash(f"{form.kind.data.capitalize()} published.")
        return redirect(url_for("public.verdict", slug=verdict.slug))
    status = 422 if request.method == "POST" else 200
    return render_template("corrections/correct.html", form=form, verdict=verdict, claim=claim), status


@bp.route("/<int:verdict_id>/retract", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def retract(verdict_id: int):
    verdict, claim = amend.published(db_session(), verdict_id)
    form = RetractionForm(data={"version": claim.version} if request.method == "GET" else None)
    if form.validate_on_submit():
        amend.retract(db_session(), current_user, verdict_id, form.version.data, form.note.data)
        flash("The verdict has been retracted; its page now says so.")
        return redirect(url_for("public.verdict", slug=verdict.slug))
    status = 422 if request.method == "POST" else 200
    return render_template("corrections/retract.html", form=form, verdict=verdict, claim=claim), status
