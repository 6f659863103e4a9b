"""The desk: the triage queue and its bulk actions, hand-entered claims, articles, the board,
each person's work, and the claim page with its workflow buttons."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from factcheck.db import db_session
from factcheck.documents import ArticleDraft, read_document
from factcheck.errors import DomainError, StaleVersion, ValidationError
from factcheck.extraction import CLAIM_TYPE_LABELS
from factcheck.inputs import ascii_int
from factcheck.models import Article, User
from factcheck.rendering.markdown import safe_url
from factcheck.services import appearances, bulk, editorial, intake, lookups, match_banners, research, triage
from factcheck.services.common import get_or_404
from factcheck.services.queue import queue_page
from factcheck.web import notify
from factcheck.web.access import is_local_path, role_required
from factcheck.web.claim_page import render_claim
from factcheck.web.confirmation import CONFIRM, ask, confirmed
from factcheck.web.forms import (
    ArticleForm,
    BulkForm,
    ManualClaimForm,
    MatchActionForm,
    QueueFilterForm,
    TransitionForm,
    incomplete,
)
from factcheck.web.highlight import pieces
from factcheck.web.images import image_article, is_image_name
from factcheck.workflow import ACTIONS, Role

bp = Blueprint("desk", __name__, url_prefix="/desk")
bp.add_app_template_global(safe_url, "safe_url")  # every user-supplied link is shown through it
MAX_REFUSALS_SHOWN = 20
DONE = {  # what a person sees after each button, in plain words
    "accept": "Claim #{id} accepted: it waits in the queue for someone to take it.",
    "dismiss": "Claim #{id} dismissed.",
    "mark_duplicate": "Claim #{id} marked as a repeat of another claim.",
    "reopen": "Claim #{id} reopened: it is back among the new claims.",
    "take": "Claim #{id} is now yours.",
    "assign": "Claim #{id} assigned.",
    "release": "Claim #{id} released: it is back in the queue.",
    "submit": "Claim #{id} sent to the editors for review.",
    "return": "Claim #{id} returned to its author with your note.",
    "publish": "Claim #{id} published.",
    "retract": "The verdict on claim #{id} is retracted; its page now says so.",
}


def filter_form() -> QueueFilterForm:
    form = QueueFilterForm(request.args)
    form.assignee.choices = [("", "anyone"), *((p.id, p.name) for p in lookups.active_people(db_session()))]
    return form


@bp.get("/")
@role_required(Role.REVIEWER)
def queue():
    form = filter_form()
    if not form.validate():
        return render_template("desk/queue.html", filters=form, page=None, bulk=BulkForm(formdata=None),
                               type_labels=CLAIM_TYPE_LABELS), 422
    page = queue_page(db_session(), form.to_filter(), form.after.data or None,
                      current_app.config["PAGE_SIZE"], form.page.data or 1)
    notes = match_banners.queue_notes(db_session(), [claim.id for claim in page.rows])
    return render_template("desk/queue.html", filters=form, page=page, type_labels=CLAIM_TYPE_LABELS, notes=notes,
                           bulk=BulkForm(formdata=None, return_to=request.full_path))


def report(result: bulk.BulkResult) -> None:
    flash(result.summary)
    for claim_id, why in result.refused[:MAX_REFUSALS_SHOWN]:
        flash(f"Claim #{claim_id} was not changed: {why}.")
    if len(result.refused) > MAX_REFUSALS_SHOWN:
        flash(f"…and {len(result.refused) - MAX_REFUSALS_SHOWN} more refused.")


@bp.post("/bulk")
@role_required(Role.REVIEWER)
def bulk_action():
    form = BulkForm()
    if not form.validate_on_submit():
        raise incomplete(form)
    action, tokens = form.selection()
    result = bulk.apply(db_session(), current_user, action, bulk.parse_selection(tokens),
                        reason=form.reason.data or "", text=form.text.data or "", duplicate_of=form.duplicate_of.data)
    report(result)
    target = form.return_to.data
    return redirect(target if is_local_path(target) else url_for("desk.queue"))


@bp.route("/claims/new", methods=["GET", "POST"])
@role_required(Role.REVIEWER)
def new_claim():
    form = ManualClaimForm()
    if request.method == "GET":
        return render_template("desk/claim_new.html", form=form)
    if not form.validate_on_submit():
        return render_template("desk/claim_new.html", form=form), 422
    try:
        claim = triage.enter_claim(db_session(), current_user, form.to_entry())
    except ValidationError as error:
        form.text.errors = list(form.text.errors) + [error.message]
        return render_template("desk/claim_new.html", form=form), 422
    flash(f"Claim #{claim.id} entered; it waits in the queue as new.")
    return redirect(url_for("desk.claim", claim_id=claim.id))


@bp.get("/board")
@role_required(Role.REVIEWER)
def board():
    return render_template("desk/board.html", board=lookups.board(db_session()))


@bp.get("/people/<int:user_id>")
@role_required(Role.REVIEWER)
def person(user_id: int):
    session = db_session()
    user = get_or_404(session, User, user_id, "account")
    return render_template("desk/person.html", person=user, claims=lookups.assigned_to(session, user.id),
                           people=lookups.active_people(session))


@bp.get("/mine")
@role_required(Role.REVIEWER)
def mine():
    return redirect(url_for("desk.person", user_id=current_user.id))


def draft_from(form: ArticleForm) -> ArticleDraft:
    upload = form.file.data
    if upload and upload.filename:
        limit = int(float(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024)
        data = upload.read(limit + 1)
        draft = read_document(upload.filename, data, limit)
        return ArticleDraft(title=form.title.data or draft.title, body=draft.body, outlet=form.outlet.data,
                            url=form.url.data, author=form.author.data,
                            published_date=form.published_date.data or draft.published_date,
                            source_name=draft.source_name, time_map=draft.time_map, warnings=draft.warnings)
    return ArticleDraft(title=form.title.data or "", body=form.body.data or "", outlet=form.outlet.data,
                        url=form.url.data, author=form.author.data, published_date=form.published_date.data)


@bp.route("/articles/new", methods=["GET", "POST"])
@role_required(Role.REVIEWER)
def new_article():
    form = ArticleForm()
    if request.method == "GET":
        return render_template("desk/article_new.html", form=form)
    if not form.validate_on_submit():
        return render_template("desk/article_new.html", form=form), 422
    if form.link.data:
        return link_article(form)
    if form.file.data and is_image_name(form.file.data.filename):
        return image_article(form)  # read by OCR in the ocr_image job (web/images.py)
    try:
        result = intake.ingest(db_session(), current_user, draft_from(form))
    except ValidationError as error:
        form.body.errors = list(form.body.errors) + [error.message]
        return render_template("desk/article_new.html", form=form), 422
    if result.created:
        flash(f"Article added: {result.claims} claims extracted and waiting in the queue.")
    else:
        flash("This text is already on the desk; here is the existing article.")
    return redirect(url_for("desk.article", article_id=result.article.id))


def link_article(form: ArticleForm):
    """A link: checked now (a refusal keeps the form), fetched and ingested by a `fetch_link` job."""
    from factcheck.fetching import FetchPolicy
    from factcheck.services.link_intake import request_link
    from factcheck.tasks import dispatch

    try:
        if form.body.data or (form.file.data and form.file.data.filename):
            raise ValidationError("Give a link, or paste or upload the text — not both.")
        asked = request_link(db_session(), current_user, form.link.data, FetchPolicy.from_config(current_app.config),
                             dispatch)
    except ValidationError as error:
        form.link.errors = list(form.link.errors) + [error.message]
        return render_template("desk/article_new.html", form=form), 422
    if asked.article is not None:
        flash("This link is already on the desk; here is its article.")
        return redirect(url_for("desk.article", article_id=asked.article.id))
    flash(f"Fetching {form.link.data.strip()}: the article appears here when the job is done.")
    return redirect(url_for("jobs.job_detail", job_id=asked.job.id), 303)


@bp.get("/articles")
@role_required(Role.REVIEWER)
def articles():
    return render_template("desk/articles.html", articles=lookups.recent_articles(db_session(), 100))


@bp.get("/articles/<int:article_id>")
@role_required(Role.REVIEWER)
def article(article_id: int):
    article = get_or_404(db_session(), Article, article_id, "article")
    current = ascii_int(request.args.get("claim"))
    article.claims  # noqa: B018  loads the text's claims at once: the highlights find theirs in the session
    return render_template("desk/article.html", article=article,
                           pieces=pieces(article.body, article.appearances, current))


@bp.get("/claims/<int:claim_id>")
@role_required(Role.REVIEWER)
def claim(claim_id: int):
    return render_claim(claim_id)


def apply_action(action: str, form: TransitionForm, claim_id: int):
    """One service call per workflow action; the service checks role, state and version."""
    session, version, note = db_session(), form.version.data, form.note.data or ""
    calls = {
        "accept": lambda: triage.accept(session, current_user, claim_id, version),
        "dismiss": lambda: triage.dismiss(session, current_user, claim_id, version, form.reason.data or "", note),
        "mark_duplicate": lambda: triage.mark_duplicate(session, current_user, claim_id, version,
                                                        required(form.duplicate_of.data, "the claim it repeats")),
        "reopen": lambda: editorial.reopen(session, current_user, claim_id, version, note),
        "take": lambda: research.take(session, current_user, claim_id, version),
        "assign": lambda: research.assign(session, current_user, claim_id, version,
                                          required(form.assignee.data, "who to assign")),
        "release": lambda: research.release(session, current_user, claim_id, version),
        "submit": lambda: research.submit(session, current_user, claim_id, version),
        "return": lambda: editorial.return_draft(session, current_user, claim_id, version, note),
        "publish": lambda: editorial.publish(session, current_user, claim_id, version),
        "retract": lambda: editorial.retract(session, current_user, claim_id, version, note),
    }
    if action not in calls:  # e.g. "correct", which needs the corrections form of the public side
        abort(404, description=f"There is no {action!r} button on the desk.")
    calls[action]()
    if action == "publish":
        notify.after_publish(claim_id)  # email the tipsters who asked (never fails the publish)


def required(value, what: str):
    if value is None:
        raise ValidationError(f"Say {what}.")
    return value


@bp.post(f"/claims/<int:claim_id>/<any({', '.join(ACTIONS)}):action>")
@role_required(Role.REVIEWER)
def transition(claim_id: int, action: str):
    form = TransitionForm()
    if not form.validate_on_submit():
        return render_claim(claim_id, 422, notice=f"Not applied. {incomplete(form).message}")
    if action in CONFIRM and not confirmed():
        return ask(CONFIRM[action], url_for("desk.claim", claim_id=claim_id))
    try:
        apply_action(action, form, claim_id)
    except StaleVersion as stale:  # show the claim as it is now, with its history, to decide again
        return render_claim(claim_id, 409, notice=f"Not applied. {stale.message} The claim as it is now is shown "
                                                  "below; apply your change again if it still makes sense.")
    except DomainError as refused:  # the same page, with why: never a bare error page
        return render_claim(claim_id, refused.status, notice=f"Not applied. {refused.message}")
    flash(DONE[action].format(id=claim_id))
    return redirect(url_for("desk.claim", claim_id=claim_id))


def match_action(claim_id: int, call, done: str):
    """A banner's button: one service call; a refusal re-shows the claim page with why (409 when stale)."""
    form = MatchActionForm()
    if not form.validate_on_submit():
        return render_claim(claim_id, 422, notice=f"Not applied. {incomplete(form).message}")
    try:
        result = call(form)
    except StaleVersion as stale:
        return render_claim(claim_id, 409, notice=f"Not applied. {stale.message} The claim as it is now is shown "
                                                  "below; apply your change again if it still makes sense.")
    except DomainError as refused:
        return render_claim(claim_id, refused.status, notice=f"Not applied. {refused.message}")
    flash(done.format(id=claim_id, result=result))
    target = form.return_to.data
    return redirect(target if is_local_path(target) else url_for("desk.claim", claim_id=claim_id))


@bp.post("/claims/<int:claim_id>/matches/<int:match_id>/attach")
@role_required(Role.REVIEWER)
def attach_match(claim_id: int, match_id: int):
    return match_action(claim_id, lambda form: appearances.attach(db_session(), current_user, claim_id, match_id,
                                                                  required(form.version.data, "the claim's version")),
                        "Claim #{id} is now an appearance of claim #{result.duplicate_of_id}.")


@bp.post("/claims/<int:claim_id>/matches/<int:match_id>/reject")
@role_required(Role.EDITOR)
def reject_match(claim_id: int, match_id: int):
    return match_action(claim_id, lambda form: appearances.not_the_same(db_session(), current_user, claim_id,
                                                                        match_id),
                        "Noted: not the same claim. This pair will not be suggested again.")
