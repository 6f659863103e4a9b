"""Background jobs: one door to queue one, one to run it, one to retry it.

A job kind is a handler registered with `@handler("kind")`: a function `(session, job) -> dict | None`
that runs in the worker (or at once, in the immediate mode tests use), owns its own transactions and
raises a DomainError whose message says why it failed. The row in `jobs` is what the desk sees; the
task queue (factcheck.tasks) only carries the job's id, so a lost queue message never loses the job:
it stays `queued` on the jobs page, where retry puts it back on the queue.
"""
from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.db import utcnow
from factcheck.errors import DomainError, InvalidTransition
from factcheck.models import Job, JobState, User
from factcheck.services.common import audit, get_or_404, require_role, use_case
from factcheck.workflow import Role

log = logging.getLogger(__name__)

# modules whose import registers handlers (each adds its own line)
HANDLER_MODULES: list[str] = [
    "factcheck.link_jobs",  # fetch_link, watch_source
    "factcheck.image_jobs",  # ocr_image
]
MAX_ERROR_CHARS = 2_000


@dataclass(frozen=True)
class Handler:
    kind: str
    run: Callable[[Session, Job], dict | None]
    role: Role  # who may queue or retry it


HANDLERS: dict[str, Handler] = {}


def handler(kind: str, role: Role = Role.REVIEWER):
    def register(fn: Callable[[Session, Job], dict | None]):
        HANDLERS[kind] = Handler(kind, fn, role)
        return fn
    return register


def load_handlers() -> None:
    for module in HANDLER_MODULES:
        importlib.import_module(module)


def find_handler(kind: str) -> Handler:
    load_handlers()
    if kind not in HANDLERS:
        raise DomainError(f"There is no background job of kind {kind!r}.")
    return HANDLERS[kind]


Dispatch = Callable[[int], None]


def _dispatch_or_record(session: Session, job: Job, dispatch: Dispatch) -> None:
    """Hand the job to the queue; a queue that cannot be reached leaves the job queued with the reason."""
    try:
        dispatch(job.id)
    except Exception as error:  # the broker is down: the job is kept, and says so
        log.warning("could not queue job %s: %s", job.id, error)
        session.expire_all()
        fresh = session.get(Job, job.id)
        if fresh is not None and fresh.state is JobState.QUEUED:
            fresh.error = f"The task queue could not be reached ({type(error).__name__}); retry when it is back."
            session.commit()
    session.expire_all()


@use_case
def enqueue(session: Session, actor: User | None, kind: str, args: dict, label: str, dispatch: Dispatch) -> Job:
    """Record a job and queue it (after the commit, so the worker always finds the row)."""
    spec = find_handler(kind)
    if actor is not None:
        require_role(actor, spec.role, label)
    job = Job(kind=kind, label=label[:300], args=dict(args), state=JobState.QUEUED, attempts=0,
              created_by_id=actor.id if actor else None)
    session.add(job)
    session.commit()
    _dispatch_or_record(session, job, dispatch)
    return session.get(Job, job.id)


@use_case
def retry(session: Session, actor: User, job_id: int, dispatch: Dispatch) -> Job:
    job = get_or_404(session, Job, job_id, "job")
    require_role(actor, find_handler(job.kind).role, f"Retrying “{job.label}”")
    if job.state is not JobState.FAILED and not (job.state is JobState.QUEUED and job.error):
        raise InvalidTransition(f"Job {job.id} is {job.state.label}; only a failed job can be retried.")
    job.state, job.error, job.result, job.started_at, job.finished_at = JobState.QUEUED, None, None, None, None
    audit(session, actor, "job_retry", data={"job": job.id, "kind": job.kind})
    session.commit()
    _dispatch_or_record(session, job, dispatch)
    return session.get(Job, job.id)


def run(session: Session, job_id: int) -> JobState | None:
    """The worker's side: queued → running → done or failed (with the reason). Never raises."""
    job = session.get(Job, job_id)
    if job is None or job.state is not JobState.QUEUED:
        return job.state if job else None  # a duplicate delivery, or retried meanwhile
    job.state, job.started_at, job.attempts, job.error = JobState.RUNNING, utcnow(), job.attempts + 1, None
    session.commit()
    try:
        result = find_handler(job.kind).run(session, job)
    except DomainError as error:
        return _finish(session, job_id, JobState.FAILED, error=error.message)
    except Exception as error:  # a bug, not bad input: the reason is still shown, the trace is logged
        log.exception("job %s (%s) failed", job_id, job.kind)
        return _finish(session, job_id, JobState.FAILED, error=f"Unexpected error: {type(error).__name__}: {error}")
    return _finish(session, job_id, JobState.DONE, result=result)


def _finish(session: Session, job_id: int, state: JobState, *, error: str | None = None,
            result: dict | None = None) -> JobState:
    session.rollback()  # whatever a failed handler left half-done is not kept
    job = session.get(Job, job_id)
    job.state, job.finished_at = state, utcnow()
    job.error = error[:MAX_ERROR_CHARS] if error else None
    job.result = result
    session.commit()
    return state


def fail_abandoned(session: Session, older_than: timedelta = timedelta(minutes=30)) -> int:
    """At worker start: jobs left `running` by a worker that died are failed, so they can be retried."""
    cutoff = utcnow() - older_than
    stuck = session.scalars(select(Job).where(Job.state == JobState.RUNNING, Job.started_at < cutoff)).all()
    for job in stuck:
        job.state, job.finished_at = JobState.FAILED, utcnow()
        job.error = "The worker stopped while this job was running; retry it."
    session.commit()
    return len(stuck)


def recent(session: Session, *, kind: str | None = None, state: JobState | None = None,
           before_id: int | None = None, limit: int = 50) -> list[Job]:
    """Newest first, keyset-paginated by id."""
    query = select(Job).order_by(Job.id.desc()).limit(limit)
    if kind:
        query = query.where(Job.kind == kind)
    if state:
        query = query.where(Job.state == state)
    if before_id:
        query = query.where(Job.id < before_id)
    return list(session.scalars(query))
