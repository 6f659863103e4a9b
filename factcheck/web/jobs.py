"""The jobs page: every background job with its state, the reason a failed one gave, and retry."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from factcheck.db import db_session
from factcheck.errors import DomainError
from factcheck.models import Job, JobState
from factcheck.services import jobs
from factcheck.services.common import get_or_404
from factcheck.tasks import dispatch
from factcheck.web.access import role_required
from factcheck.web.forms import EmptyForm
from factcheck.workflow import Role

bp = Blueprint("jobs", __name__, url_prefix="/desk/jobs")
PAGE = 50


def jobs_page(status: int = 200, notice: str | None = None):
    state = request.args.get("state") or None
    if state not in {None, *JobState}:
        state, notice = None, notice or f"There is no job state {state!r}; showing every job."
    before = request.args.get("before", type=int)
    rows = jobs.recent(db_session(), state=JobState(state) if state else None, before_id=before, limit=PAGE + 1)
    return render_template("desk/jobs.html", jobs=rows[:PAGE], more=rows[PAGE].id + 1 if len(rows) > PAGE else None,
                           state=state, states=list(JobState), notice=notice,
                           form=EmptyForm(formdata=None)), status


@bp.get("/")
@role_required(Role.REVIEWER)
def job_list():
    return jobs_page()


@bp.get("/<int:job_id>")
@role_required(Role.REVIEWER)
def job_detail(job_id: int):
    job = get_or_404(db_session(), Job, job_id, "job")
    return render_template("desk/job.html", job=job, form=EmptyForm(formdata=None))


@bp.post("/<int:job_id>/retry")
@role_required(Role.REVIEWER)
def retry(job_id: int):
    if not EmptyForm().validate_on_submit():
        return jobs_page(400, notice="This form has expired; reload the page and try again.")
    try:
        job = jobs.retry(db_session(), current_user, job_id, dispatch)
    except DomainError as refused:
        return jobs_page(refused.status, notice=refused.message)
    flash(f"Job #{job.id} is {job.state.label} again." if job.state is JobState.QUEUED
          else f"Job #{job.id} ran again: {job.state.label}.")
    return redirect(url_for("jobs.job_detail", job_id=job.id), 303)
