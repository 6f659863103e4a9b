"""Editorial review: the queue of drafts and pending corrections waiting for an editor, the review
page, return, vote, publish, and the sign-off of a pending correction or retraction."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from factcheck.db import db_session
from factcheck.errors import DomainError
from factcheck.rendering.markdown import render_markdown
from factcheck.services import editorial, evidence, lookups, ratings, review
from factcheck.services.research import draft_of
from factcheck.services.transitions import get_claim
from factcheck.web import notify
from factcheck.web.access import role_required
from factcheck.web.confirmation import CONFIRM, ask, confirmed
from factcheck.web.forms import ReturnForm, VersionForm, VoteForm, incomplete
from factcheck.workflow import Role

bp = Blueprint("editor", __name__, url_prefix="/desk/review")


@bp.get("/")
@role_required(Role.EDITOR)
def queue():
    session = db_session()
    claims = lookups.review_queue(session)
    return render_template("editor/queue.html", claims=claims, drafts=review.drafts_for(session, claims),
                           amendments=review.waiting_amendments(session))


def review_page(claim_id: int, status: int = 200, *, return_form: ReturnForm | None = None,
                notice: str | None = None):
    session = db_session()
    claim = get_claim(session, claim_id)
    verdict = draft_of(session, claim)
    sources = evidence.evidence_of(session, claim.id)
    return render_template(
        "editor/review.html", claim=claim, verdict=verdict, evidence=sources, notice=notice,
        body_html=render_markdown(verdict.body, evidence.citations(sources)) if verdict else "",
        changes=review.changes_since_review(session, verdict), votes=review.votes_on(session, verdict),
        panel=review.panel_size(session), levels=ratings.usable_levels(session),
        history=lookups.claim_history(session, claim.id), form=VersionForm(formdata=None),
        return_form=return_form or ReturnForm(formdata=None), vote_form=VoteForm(formdata=None)), status


@bp.get("/<int:claim_id>")
@role_required(Role.EDITOR)
def claim(claim_id: int):
    return review_page(claim_id)


@bp.post("/<int:claim_id>/return")
@role_required(Role.EDITOR)
def return_draft(claim_id: int):
    form = ReturnForm()
    if not form.validate_on_submit():
        return review_page(claim_id, 422, return_form=form)
    try:
        editorial.return_draft(db_session(), current_user, claim_id, form.version.data, form.note.data)
    except DomainError as refused:
        return review_page(claim_id, refused.status, return_form=form, notice=refused.message)
    flash(f"Claim #{claim_id} returned to its author with your note.")
    return redirect(url_for("editor.queue"))


@bp.post("/<int:claim_id>/publish")
@role_required(Role.EDITOR)
def publish(claim_id: int):
    form = VersionForm()
    if not form.validate_on_submit():
        return review_page(claim_id, 422, notice=incomplete(form).message)
    if not confirmed():
        return ask(CONFIRM["publish"], url_for("editor.claim", claim_id=claim_id), button="Yes, publish")
    try:
        verdict = editorial.publish(db_session(), current_user, claim_id, form.version.data)
    except DomainError as refused:
        return review_page(claim_id, refused.status, notice=refused.message)
    notify.after_publish(claim_id)  # email the tipsters who asked (never fails the publish)
    flash(f"Published: “{verdict.headline}”.")
    return redirect(url_for("editor.queue"))


@bp.post("/<int:claim_id>/vote")
@role_required(Role.EDITOR)
def vote(claim_id: int):
    form = VoteForm()
    if not form.validate_on_submit():
        return review_page(claim_id, 422, notice="Choose a rating to vote for.")
    try:
        row = review.vote(db_session(), current_user, claim_id, form.rating.data, form.note.data or "")
    except DomainError as refused:
        return review_page(claim_id, refused.status, notice=refused.message)
    flash(f"Your vote: {row.rating.label}.")
    return redirect(url_for("editor.claim", claim_id=claim_id))
