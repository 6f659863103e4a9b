"""Editing a claim's statement, speaker and date (factcheck.services.claim_edits does the work)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from factcheck.db import db_session, utcnow
from factcheck.errors import DomainError, StaleVersion
from factcheck.inputs import ID_MAX
from factcheck.models import Claim, SpeakerKind
from factcheck.services.claim_edits import (
    CLAIM_REVIEWED_ADVISED,
    ROLE_MAX,
    SPEAKER_MAX,
    TEXT_MAX,
    ClaimEdit,
    can_edit,
    edit_claim,
)
from factcheck.services.transitions import get_claim
from factcheck.web.access import role_required
from factcheck.workflow import Role

bp = Blueprint("claim_edit", __name__, url_prefix="/desk/claims")
bp.add_app_template_global(CLAIM_REVIEWED_ADVISED, "CLAIM_REVIEWED_ADVISED")  # the draft page warns above it
bp.add_app_template_global(can_edit, "can_edit_claim")  # pages link to the form only when it is open


class CalendarDateField(DateField):
    """A date typed as YYYY-MM-DD; a day that is not on the calendar (31 February) is named as such."""

    def process_formdata(self, valuelist):
        raw = " ".join(valuelist).strip() if valuelist else ""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(f"{raw!r} is not a date on the calendar; give it as YYYY-MM-DD.") from None


class ClaimEditForm(FlaskForm):
    version = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=ID_MAX)])
    text = TextAreaField("Claim", validators=[DataRequired("Type the claim's text."),
                                     Length(max=TEXT_MAX, message=f"Keep the claim to {TEXT_MAX:,} characters.")],
                         description=f"One self-contained statement the desk can check; up to {TEXT_MAX:,} "
                                     "characters. The words as they appeared are kept below.")
    speaker = StringField("Speaker", validators=[Optional(strip_whitespace=False), Length(max=SPEAKER_MAX)],
                          description="The name as readers should see it; empty for an unattributed claim.")
    speaker_role = StringField("Role", validators=[Optional(strip_whitespace=False), Length(max=ROLE_MAX)],
                               description="e.g. mayor of Lakeshore.")
    speaker_kind = RadioField("The speaker is", choices=[(k.value, k.label) for k in SpeakerKind],
                              default=SpeakerKind.PERSON.value)
    claim_date = CalendarDateField("Said on", validators=[Optional()], format="%Y-%m-%d",
                                   description="The day the claim was made (YYYY-MM-DD); empty: the day it "
                                               "appeared.")

    @classmethod
    def of(cls, claim: Claim) -> ClaimEditForm:
        return cls(formdata=None, version=claim.version, text=claim.text, speaker=claim.speaker or "",
                   speaker_role=claim.speaker_role or "", speaker_kind=claim.speaker_is.value,
                   claim_date=claim.said_on)

    def to_edit(self) -> ClaimEdit:
        return ClaimEdit(text=self.text.data or "", speaker=self.speaker.data or "",
                         speaker_role=self.speaker_role.data or "", speaker_kind=self.speaker_kind.data,
                         claim_date=self.claim_date.data)


def show(form: ClaimEditForm, claim: Claim, status: int = 200, *, notice: str | None = None, current=None):
    return render_template("desk/claim_edit.html", form=form, claim=claim, notice=notice, current=current,
                           editable=can_edit(claim), limits={"text": TEXT_MAX, "speaker": SPEAKER_MAX, "role": ROLE_MAX},
                           today=utcnow().date()), status


@bp.route("/<int:claim_id>/edit", methods=["GET", "POST"])
@role_required(Role.REVIEWER)
def edit(claim_id: int):
    session = db_session()
    claim = get_claim(session, claim_id)
    if request.method == "GET":
        return show(ClaimEditForm.of(claim), claim)
    form = ClaimEditForm()
    if not form.validate_on_submit():
        return show(form, claim, 422, notice="Not saved: correct the fields marked below.")
    try:
        edit_claim(session, current_user, claim_id, form.version.data, form.to_edit())
    except StaleVersion as stale:  # their text stays in the form; the claim as it is now is shown beside it
        claim = get_claim(session, claim_id)
        form.version.data = claim.version
        return show(form, claim, 409, current=claim,
                    notice=f"Not saved. {stale.message} Your text is kept in the form; save again to replace "
                           "the current version with it.")
    except DomainError as refused:
        return show(form, get_claim(session, claim_id), refused.status, notice=f"Not saved. {refused.message}")
    saved = session.get(Claim, claim_id)
    flash(f"Claim #{claim_id} saved." if saved.version != form.version.data else
          f"Nothing changed on claim #{claim_id}.")
    return redirect(url_for("desk.claim", claim_id=claim_id))
