"""The desk: the queue, intake, articles and the claim page with its workflow buttons."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from factcheck.documents import ArticleDraft, read_document
from factcheck.errors import ValidationError
from factcheck.models import Article
from factcheck.services import editorial, intake, queries, research, triage
from factcheck.services.common import get_or_404
from factcheck.services.transitions import get_claim
from factcheck.web import db_session
from factcheck.web.access import role_required
from factcheck.web.forms import ArticleForm, TransitionForm
from factcheck.workflow import Role, allowed_actions

bp = Blueprint("desk", __name__, url_prefix="/desk")


@bp.get("/")
@role_required(Role.REVIEWER)
def queue():
    page = request.args.get("page", "1")
    if not page.isdigit() or int(page) < 1:
        raise ValidationError("The page number must be a whole number from 1.")
    session = db_session()
    result = queries.first_queue(session, int(page), current_app.config["PAGE_SIZE"])
    return render_template("desk/queue.html", page=result, counts=queries.count_by_status(session))


def draft_from(form: ArticleForm) -> ArticleDraft:
    upload = form.file.data
    if upload and upload.filename:
        limit = int(float(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024)
        data = upload.read(limit + 1)
        draft = read_document(upload.filename, data, limit)
        return ArticleDraft(title=form.title.data or draft.title, body=draft.body, outlet=form.outlet.data,
                            url=form.url.data, author=form.author.data,
                            published_date=form.published_date.data or draft.published_date,
                            source_name=draft.source_name)
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


@bp.get("/articles")
@role_required(Role.REVIEWER)
def articles():
    return render_template("desk/articles.html", articles=queries.recent_articles(db_session(), 100))


@bp.get("/articles/<int:article_id>")
@role_required(Role.REVIEWER)
def article(article_id: int):
    article = get_or_404(db_session(), Article, article_id, "article")
    return render_template("desk/article.html", article=article)


@bp.get("/claims/<int:claim_id>")
@role_required(Role.REVIEWER)
def claim(claim_id: int):
    session = db_session()
    claim = get_claim(session, claim_id)
    actions = allowed_actions(claim.status, current_user.role_enum, is_assignee=claim.assignee_id == current_user.id)
    return render_template("desk/claim.html", claim=claim, actions=actions, form=TransitionForm(),
                           history=queries.claim_history(session, claim_id),
                           people=queries.active_people(session) if "assign" in actions else [],
                           draft=research.draft_of(session, claim))


def apply_action(action: str, form: TransitionForm, claim_id: int):
    """One service call per workflow action; the service checks role, state and version."""
    session, version, note = db_session(), form.version.data, form.note.data or ""
    calls = {
        "accept": lambda: triage.accept(session, current_user, claim_id, version),
        "dismiss": lambda: triage.dismiss(session, current_user, claim_id, version, form.reason.data or "", note),
        "mark_duplicate": lambda: triage.mark_duplicate(session, current_user, claim_id, version,
                                                        required(form.duplicate_of.data, "the claim it repeats")),
        "reopen": lambda: triage.reopen(session, current_user, claim_id, version, note),
        "take": lambda: research.take(session, current_user, claim_id, version),
        "assign": lambda: research.assign(session, current_user, claim_id, version,
                                          required(form.assignee.data, "who to assign")),
        "release": lambda: research.release(session, current_user, claim_id, version),
        "submit": lambda: research.submit(session, current_user, claim_id, version),
        "return": lambda: editorial.return_draft(session, current_user, claim_id, version, note),
        "publish": lambda: editorial.publish(session, current_user, claim_id, version),
        "retract": lambda: editorial.retract(session, current_user, claim_id, version, note),
    }
    if action not in calls:
        raise ValidationError(f"There is no action called {action!r} here.")
    calls[action]()


def required(value, what: str):
    if value is None:
        raise ValidationError(f"Say {what}.")
    return value


@bp.post("/claims/<int:claim_id>/<action>")
@role_required(Role.REVIEWER)
def transition(claim_id: int, action: str):
    form = TransitionForm()
    if not form.validate_on_submit():
        problems = "; ".join(f"{name}: {', '.join(errors)}" for name, errors in form.errors.items())
        raise ValidationError(f"The form is incomplete ({problems}).")
    apply_action(action, form, claim_id)
    flash(f"Claim #{claim_id}: {action.replace('_', ' ')} done.")
    return redirect(url_for("desk.claim", claim_id=claim_id))
