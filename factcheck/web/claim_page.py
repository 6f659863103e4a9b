"""Rendering the claim page, shared by the desk's routes and the research routes that re-show it
(with the person's input kept) after a refusal."""
from __future__ import annotations

from flask import render_template
from flask_login import current_user

from factcheck.db import db_session
from factcheck.services.casefile import claim_file
from factcheck.services.claim_edits import can_edit
from factcheck.web.forms import EvidenceForm, NoteForm, TransitionForm
from factcheck.web.highlight import window
from factcheck.web.images import claim_context


def render_claim(claim_id: int, status: int = 200, *, notice: str | None = None,
                 evidence_form: EvidenceForm | None = None, note_form: NoteForm | None = None):
    file = claim_file(db_session(), current_user, claim_id)
    claim = file.claim
    original = claim.original  # the verbatim sentence in its article, marked in its context
    context = window(original.article.body, original) if original and original.article else []
    return render_template("desk/claim.html", file=file, claim=claim, context=context, notice=notice,
                           claim_editable=can_edit(claim),
                           form=TransitionForm(formdata=None),
                           evidence_form=evidence_form or EvidenceForm(formdata=None),
                           note_form=note_form or NoteForm(formdata=None), **claim_context(claim)), status
