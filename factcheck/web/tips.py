"""The editors' tips list: recent readers' tips, what each became, spam and block, the audited contact."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from factcheck.db import db_session
from factcheck.errors import DomainError
from factcheck.services import tips
from factcheck.web.access import role_required
from factcheck.web.forms import EmptyForm
from factcheck.workflow import Role

bp = Blueprint("tips", __name__, url_prefix="/desk/tips")


def tips_page(status: int = 200, *, revealed: dict[int, str | None] | None = None, notice: str | None = None):
    session = db_session()
    rows = tips.recent(session)
    return render_template("tips/list.html", tips=rows, with_contact=tips.has_contact(session, [t.id for t in rows]),
                           revealed=revealed or {}, notice=notice, form=EmptyForm(formdata=None)), status


@bp.get("/")
@role_required(Role.EDITOR)
def tip_list():
    return tips_page()


@bp.post("/<int:tip_id>/spam")
@role_required(Role.EDITOR)
def spam(tip_id: int):
    block = request.form.get("block") == "1"
    if not EmptyForm().validate_on_submit():
        return tips_page(400, notice="This form has expired; reload the page and try again.")
    try:
        tips.mark_spam(db_session(), current_user, tip_id, block=block)
    except DomainError as refused:
        return tips_page(refused.status, notice=refused.message)
    flash(f"Tip #{tip_id} marked as spam{' and its sender blocked' if block else ''}.")
    return redirect(url_for("tips.tip_list"))


@bp.post("/<int:tip_id>/contact")
@role_required(Role.EDITOR)
def contact(tip_id: int):
    """Shows the contact on this response only; the look is in the audit log."""
    if not EmptyForm().validate_on_submit():
        return tips_page(400, notice="This form has expired; reload the page and try again.")
    try:
        found = tips.reveal_contact(db_session(), current_user, tip_id)
    except DomainError as refused:
        return tips_page(refused.status, notice=refused.message)
    return tips_page(revealed={tip_id: found})
