"""Editors correct or retract published verdicts (/desk/published/...), and sign off the corrections and
retractions that wait for a second editor or the rating panel; readers see the public note."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from factcheck.db import db_session
from factcheck.errors import DomainError, StaleVersion
from factcheck.inputs import ID_MAX
from factcheck.models import Amendment, AmendmentKind, AmendmentStatus
from factcheck.publishing.mediareview import MediaRating
from factcheck.services import editorial, review
from factcheck.services.public import queries
from factcheck.services.verdict_rules import BODY_MAX, HEADLINE_MAX, MEDIA_FIELDS, PUBLIC_NOTE_MAX, SUMMARY_MAX
from factcheck.web.access import role_required
from factcheck.web.confirmation import CONFIRM, ask, confirmed
from factcheck.web.forms import MediaFields, VersionForm, incomplete
from factcheck.workflow import Role

bp = Blueprint("corrections", __name__, url_prefix="/desk/published")

KINDS = [(AmendmentKind.CORRECTION.value, "Correction: we got something wrong"),
         (AmendmentKind.UPDATE.value, "Update: new information")]


class CorrectionForm(MediaFields, FlaskForm):
    """Held to the same limits as a draft (services.verdict_rules)."""

    version = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=ID_MAX)])
    kind = SelectField("Kind", choices=KINDS)
    rating = SelectField("Rating", coerce=int, validators=[Optional()])
    headline = StringField("Headline", validators=[DataRequired(), Length(max=HEADLINE_MAX)],
                           description=f"Under {HEADLINE_MAX + 1} characters. The page's address stays the same "
                                       "when the headline changes.")
    summary = TextAreaField("Our ruling", validators=[DataRequired(), Length(max=SUMMARY_MAX)],
                            description=f"Plain text, up to {SUMMARY_MAX:,} characters.")
    body = TextAreaField("Text (Markdown)", validators=[Optional(), Length(max=BODY_MAX)],
                         description="Cite evidence as [1], [2]…: every number must be one of the claim's sources.")
    note = TextAreaField("Public note", validators=[DataRequired(), Length(max=PUBLIC_NOTE_MAX)],
                         description="Shown on the verdict and on the corrections page: say what changed and why.")

    def to_change(self) -> editorial.Change:
        media = dict(zip(MEDIA_FIELDS, self.media_values()))  # rating, kind, url
        return editorial.Change(note=self.note.data, kind=AmendmentKind(self.kind.data), rating_id=self.rating.data,
                                headline=self.headline.data, summary=self.summary.data, body=self.body.data,
                                media=media if "media_rating" in request.form else None)


class RetractionForm(FlaskForm):
    version = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=ID_MAX)])
    note = TextAreaField("Public note", validators=[DataRequired(), Length(max=PUBLIC_NOTE_MAX)],
                         description="Shown in place of the ruling: say why the fact check no longer stands.")


class RejectForm(FlaskForm):
    version = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=ID_MAX)])
    note = TextAreaField("Why not", validators=[Optional(), Length(max=PUBLIC_NOTE_MAX)])


class AmendmentVoteForm(FlaskForm):
    rating = IntegerField("Rating", validators=[DataRequired(), NumberRange(min=1, max=ID_MAX)])


@bp.get("/")
@role_required(Role.EDITOR)
def published():
    page = queries.verdict_list(db_session(), queries.VerdictFilter(), queries.parse_page(request.args.get("page")),
                                size=50)
    return render_template("corrections/published.html", page=page)


def _form_for(verdict_id: int) -> tuple[CorrectionForm, object, object]:
    verdict, claim = editorial.published_verdict(db_session(), verdict_id)
    form = CorrectionForm(data={"version": claim.version, "rating": verdict.rating_id, "headline": verdict.headline,
                                "summary": verdict.summary, "body": verdict.body,
                                **{key: getattr(verdict, key) or "" for key in MEDIA_FIELDS}}
                          if request.method == "GET" else None)
    form.rating.choices = [(level.id, level.label) for level in queries.rating_scale(db_session())
                           if not level.retired or level.id == verdict.rating_id]
    return form, verdict, claim


def done(amendment: Amendment, applied: str) -> str:
    if amendment.status is AmendmentStatus.APPLIED:
        return applied
    waiting = "the rating panel's votes" if "rating_id" in amendment.changes and review.panel_size(db_session()) > 1 \
        else "another editor's sign-off"
    return (f"Your {amendment.kind.label} waits for {waiting}; the public page is unchanged until then. "
            "It is listed in the review queue.")


@bp.route("/<int:verdict_id>/correct", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def correct(verdict_id: int):
    form, verdict, claim = _form_for(verdict_id)
    notice, status = None, 200
    if verdict.retracted_at is not None:
        notice, status = "This verdict has been retracted; it can no longer be corrected.", 409
    elif form.validate_on_submit():
        if form.rating.data not in (None, verdict.rating_id) and not confirmed():
            return ask(CONFIRM["rating"], url_for("corrections.correct", verdict_id=verdict_id))
        try:
            amendment = editorial.correct(db_session(), current_user, claim.id, form.version.data, form.to_change())
        except DomainError as refused:  # everything typed stays in the form
            notice, status = refused.message, refused.status
            if refused.field in form:
                form[refused.field].errors = [*form[refused.field].errors, refused.message]
            if isinstance(refused, StaleVersion):
                form.version.data = editorial.published_verdict(db_session(), verdict_id)[1].version
        else:
            flash(done(amendment, f"{amendment.kind.label.capitalize()} published."))
            return redirect(url_for("public.verdict", slug=verdict.slug))
    elif request.method == "POST":
        notice, status = incomplete(form).message, 422
    return render_template("corrections/correct.html", form=form, verdict=verdict, claim=claim,
                           notice=notice), status


@bp.route("/<int:verdict_id>/retract", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def retract(verdict_id: int):
    verdict, claim = editorial.published_verdict(db_session(), verdict_id)
    form = RetractionForm(data={"version": claim.version} if request.method == "GET" else None)
    notice, status = None, 200
    if form.validate_on_submit():
        if not confirmed():
            return ask(CONFIRM["retract"], url_for("corrections.retract", verdict_id=verdict_id),
                       button="Yes, retract")
        try:
            amendment = editorial.retract(db_session(), current_user, claim.id, form.version.data, form.note.data)
        except DomainError as refused:
            notice, status = refused.message, refused.status
        else:
            flash(done(amendment, "The verdict has been retracted; its page now says so."))
            return redirect(url_for("public.verdict", slug=verdict.slug))
    elif request.method == "POST":
        notice, status = incomplete(form).message, 422
    return render_template("corrections/retract.html", form=form, verdict=verdict, claim=claim,
                           notice=notice), status


def amendment_page(amendment_id: int, status: int = 200, notice: str | None = None):
    session = db_session()
    amendment = editorial.find_amendment(session, amendment_id)
    verdict, claim = editorial.published_verdict(session, amendment.verdict_id)
    return render_template("corrections/amendment.html", amendment=amendment, verdict=verdict, claim=claim,
                           current=editorial.snapshot(verdict), votes=review.amendment_votes_on(session, amendment.id),
                           panel=review.panel_size(session), levels=queries.rating_scale(session),
                           form=VersionForm(formdata=None), reject_form=RejectForm(formdata=None),
                           notice=notice, CONFIRM=CONFIRM, media_labels={r.value: r.label for r in MediaRating}), status


@bp.get("/amendments/<int:amendment_id>")
@role_required(Role.EDITOR)
def amendment(amendment_id: int):
    return amendment_page(amendment_id)


@bp.post("/amendments/<int:amendment_id>/approve")
@role_required(Role.EDITOR)
def approve(amendment_id: int):
    form = VersionForm()
    if not form.validate_on_submit():
        return amendment_page(amendment_id, 422, incomplete(form).message)
    pending = editorial.find_amendment(db_session(), amendment_id)
    question = CONFIRM["retract"] if pending.kind is AmendmentKind.RETRACTION else (
        CONFIRM["rating"] if "rating_id" in pending.changes else None)
    if question and not confirmed():
        return ask(question, url_for("corrections.amendment", amendment_id=amendment_id), button="Yes, sign it off")
    try:
        applied = editorial.approve(db_session(), current_user, amendment_id, form.version.data)
    except DomainError as refused:
        return amendment_page(amendment_id, refused.status, refused.message)
    flash(f"Signed off: the {applied.kind.label} is now public.")
    return redirect(url_for("editor.queue"))


@bp.post("/amendments/<int:amendment_id>/reject")
@role_required(Role.EDITOR)
def reject(amendment_id: int):
    form = RejectForm()
    if not form.validate_on_submit():
        return amendment_page(amendment_id, 422, incomplete(form).message)
    try:
        rejected = editorial.reject(db_session(), current_user, amendment_id, form.version.data, form.note.data or "")
    except DomainError as refused:
        return amendment_page(amendment_id, refused.status, refused.message)
    flash(f"The proposed {rejected.kind.label} was turned down; nothing changed on the public page.")
    return redirect(url_for("editor.queue"))


@bp.post("/amendments/<int:amendment_id>/vote")
@role_required(Role.EDITOR)
def vote(amendment_id: int):
    form = AmendmentVoteForm()
    if not form.validate_on_submit():
        return amendment_page(amendment_id, 422, "Choose a rating to vote for.")
    try:
        row = review.vote_on_amendment(db_session(), current_user, amendment_id, form.rating.data)
    except DomainError as refused:
        return amendment_page(amendment_id, refused.status, refused.message)
    flash(f"Your vote: {row.rating.label}.")
    return redirect(url_for("corrections.amendment", amendment_id=amendment_id))
