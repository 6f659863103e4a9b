"""Research on a claim: evidence, notes and the verdict draft (with its server-rendered preview)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from factcheck.db import db_session
from factcheck.errors import DomainError, StaleVersion, ValidationError
from factcheck.models import AppearanceKind, Evidence
from factcheck.services import evidence, notes, ratings
from factcheck.services import research as drafting
from factcheck.services.casefile import returned_note
from factcheck.services.common import get_or_404
from factcheck.services.transitions import get_claim
from factcheck.services.verdict_rules import MEDIA_FIELDS
from factcheck.web.access import role_required
from factcheck.web.claim_page import render_claim
from factcheck.web.forms import DraftForm, EvidenceForm, NoteForm, PreviewForm, VersionForm, incomplete
from factcheck.workflow import Role

bp = Blueprint("research", __name__, url_prefix="/desk/claims")


@bp.post("/<int:claim_id>/evidence")
@role_required(Role.REVIEWER)
def add_evidence(claim_id: int):
    form = EvidenceForm()
    if not form.validate_on_submit():
        return render_claim(claim_id, 422, evidence_form=form)
    try:
        row = evidence.add(db_session(), current_user, claim_id, form.to_input())
    except ValidationError as error:
        return render_claim(claim_id, 422, evidence_form=form, notice=f"The source was not added: {error.message}")
    flash(f"Source [{row.number}] added.")
    return redirect(url_for("desk.claim", claim_id=claim_id, _anchor="evidence"))


def edit_page(claim_id: int, row: Evidence, form: EvidenceForm, status: int = 200, stale: str | None = None):
    return render_template("desk/evidence_edit.html", claim=get_claim(db_session(), claim_id), row=row,
                           form=form, stale=stale), status


@bp.get("/<int:claim_id>/evidence/<int:evidence_id>/edit")
@role_required(Role.REVIEWER)
def edit_evidence_form(claim_id: int, evidence_id: int):
    row = get_or_404(db_session(), Evidence, evidence_id, "evidence")
    if row.claim_id != claim_id:
        raise ValidationError(f"Evidence {evidence_id} is not among claim {claim_id}'s sources.")
    return edit_page(claim_id, row, EvidenceForm(obj=row))


@bp.post("/<int:claim_id>/evidence/<int:evidence_id>")
@role_required(Role.REVIEWER)
def edit_evidence(claim_id: int, evidence_id: int):
    session, form = db_session(), EvidenceForm()
    row = get_or_404(session, Evidence, evidence_id, "evidence")
    if not form.validate_on_submit():
        return edit_page(claim_id, row, form, 422)
    try:
        evidence.edit(session, current_user, claim_id, evidence_id, form.version.data, form.to_input())
    except StaleVersion as stale:  # keep their text; show the current values beside it
        session.refresh(row)
        form.version.data = row.version
        return edit_page(claim_id, row, form, 409, stale.message)
    except ValidationError as error:
        form.url.errors = [error.message]
        return edit_page(claim_id, row, form, 422)
    flash(f"Source [{row.number}] saved.")
    return redirect(url_for("desk.claim", claim_id=claim_id, _anchor="evidence"))


@bp.post("/<int:claim_id>/evidence/<int:evidence_id>/remove")
@role_required(Role.REVIEWER)
def remove_evidence(claim_id: int, evidence_id: int):
    form = VersionForm()
    if not form.validate_on_submit():
        raise incomplete(form)
    row = evidence.remove(db_session(), current_user, claim_id, evidence_id, form.version.data)
    flash(f"Source [{row.number}] removed; its number is not reused.")
    return redirect(url_for("desk.claim", claim_id=claim_id, _anchor="evidence"))


@bp.post("/<int:claim_id>/notes")
@role_required(Role.REVIEWER)
def add_note(claim_id: int):
    form = NoteForm()
    if not form.validate_on_submit():
        return render_claim(claim_id, 422, note_form=form)
    notes.add(db_session(), current_user, claim_id, form.body.data)
    flash("Note added.")
    return redirect(url_for("desk.claim", claim_id=claim_id, _anchor="notes"))


DRAFT_FIELDS = frozenset({"rating", "headline", "summary", "body", "media_kind", "media_rating", "media_url"})
# each is also its input's id


def offers_media(claim, form: DraftForm) -> bool:
    """The media rating is shown open for a claim with an image appearance or a draft that has one;
    otherwise the reviewer opens it to say the claim is about an image, a video or audio."""
    return any(a.kind is AppearanceKind.IMAGE for a in claim.appearances) or any(
        (form.media_kind.data, form.media_rating.data, form.media_url.data))


def draft_page(claim_id: int, form: DraftForm, status: int = 200, *, preview: str | None = None,
               stale: str | None = None, problems: list[tuple[str | None, str]] | None = None):
    session = db_session()
    claim = get_claim(session, claim_id)
    form.rating.choices = [("", "— choose —"), *((r.id, r.label) for r in ratings.usable_levels(session))]
    if problems is None:  # the form's own checks (lengths, a missing version)
        problems = [(name, error) for name, errors in form.errors.items() if name in DRAFT_FIELDS for error in errors]
    summary = [(target_of(claim_id, field), message) for field, message in problems]
    return render_template("desk/draft.html", claim=claim, form=form, preview=preview, stale=stale,
                           current=drafting.draft_of(session, claim), preview_form=PreviewForm(formdata=None),
                           evidence=evidence.evidence_of(session, claim.id), problems=summary,
                           missing=drafting.missing_for_submission(session, claim),
                           returned=returned_note(session, claim), media_open=offers_media(claim, form)), status


def target_of(claim_id: int, field: str | None) -> str | None:
    """Where an error summary's link goes: the field on this page, or the claim page's evidence."""
    if field == "evidence":
        return url_for("desk.claim", claim_id=claim_id, _anchor="evidence")
    return field if field in DRAFT_FIELDS else None


def mark_fields(form: DraftForm, problems: list[tuple[str | None, str]]) -> None:
    for field, message in problems:
        if field in DRAFT_FIELDS:
            getattr(form, field).errors = [*getattr(form, field).errors, message]


@bp.get("/<int:claim_id>/draft")
@role_required(Role.REVIEWER)
def draft(claim_id: int):
    session = db_session()
    claim = get_claim(session, claim_id)
    verdict = drafting.draft_of(session, claim)
    form = DraftForm(formdata=None, version=claim.version, rating=verdict.rating_id if verdict else None,
                     headline=verdict.headline if verdict else "", summary=verdict.summary if verdict else "",
                     body=verdict.body if verdict else "",
                     **{key: (getattr(verdict, key) or "") if verdict else "" for key in MEDIA_FIELDS})
    return draft_page(claim_id, form)


@bp.post("/<int:claim_id>/draft")
@role_required(Role.REVIEWER)
def save_draft(claim_id: int):
    """Save, preview, or "Submit for review" (which saves what is on the screen and submits it)."""
    session, form = db_session(), DraftForm()
    if not form.validate_on_submit():
        return draft_page(claim_id, form, 422)
    if "preview" in request.form:  # the no-JavaScript preview: render, keep the text, save nothing
        return draft_page(claim_id, form, preview=drafting.preview(session, claim_id, form.body.data))
    submitting = "submit" in request.form
    try:
        if submitting:
            drafting.save_and_submit(session, current_user, claim_id, form.version.data, form.to_input())
        else:
            drafting.save_draft(session, current_user, claim_id, form.version.data, form.to_input())
    except StaleVersion as stale:  # their text stays in the form; the saved draft is shown beside it
        form.version.data = get_claim(session, claim_id).version
        return draft_page(claim_id, form, 409, stale=stale.message)
    except DomainError as refused:  # everything typed stays; each problem listed and its field marked
        problems = getattr(refused, "problems", None) or [(refused.field, refused.message)]
        mark_fields(form, problems)
        return draft_page(claim_id, form, refused.status, problems=problems)
    if submitting:
        flash(f"Claim #{claim_id} sent to the editors for review.")
        return redirect(url_for("desk.claim", claim_id=claim_id))
    flash("Draft saved.")
    return redirect(url_for("research.draft", claim_id=claim_id))


@bp.post("/<int:claim_id>/draft/preview")
@role_required(Role.REVIEWER)
def preview(claim_id: int):
    """An HTML fragment for the live preview script (sanitised, like the public page)."""
    form = PreviewForm()
    if not form.validate_on_submit():
        raise incomplete(form)
    return drafting.preview(db_session(), claim_id, form.body.data or "")
