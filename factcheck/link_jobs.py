"""The background jobs of intake from links and feeds (`fetch_link`, `watch_source`) and the periodic
poll that queues a `watch_source` job per active source, so each run shows on the jobs page.

This is glue between the task queue and the services: the only part that reads the app's config.
"""
from __future__ import annotations

from flask import Flask, current_app
from sqlalchemy import select

from factcheck.fetching import FetchPolicy
from factcheck.models import Job, JobState, WatchedSource
from factcheck.services import jobs, link_intake, sources
from factcheck.workflow import Role


def policy() -> FetchPolicy:
    return FetchPolicy.from_config(current_app.config)


def max_items() -> int:
    return int(current_app.config.get("WATCH_MAX_ITEMS") or 25)


@jobs.handler("fetch_link", role=Role.REVIEWER)
def fetch_link(session, job: Job) -> dict:
    result = link_intake.ingest_link(session, job.created_by, job.args["url"], policy())
    outcome = {"article": result.article.id, "claims": result.claims}
    if not result.created:
        outcome["already_on_the_desk"] = "yes"
    return outcome


@jobs.handler("watch_source", role=Role.ADMIN)
def watch_source(session, job: Job) -> dict:
    result = sources.poll(session, int(job.args["source"]), policy(), max_items())
    return {"new_articles": result.new, "already_known": result.known, "failed_items": result.failed,
            "waiting": result.waiting}


def queue_watch(session, actor, source: WatchedSource, dispatch) -> Job:
    return jobs.enqueue(session, actor, "watch_source", {"source": source.id},
                        f"Watch {source.name or source.url}", dispatch)


def queue_due_sources(app: Flask) -> int:
    """The periodic task: one `watch_source` job per active source, unless one is still waiting or running."""
    from factcheck.tasks import dispatch

    session = app.extensions["factcheck.sessionmaker"]()
    try:
        busy = {job.args.get("source") for job in session.scalars(select(Job).where(
            Job.kind == "watch_source", Job.state.in_([JobState.QUEUED, JobState.RUNNING])))}
        queued = 0
        for source in sources.active_sources(session):
            if source.id not in busy:
                queue_watch(session, None, source, dispatch)
                queued += 1
        return queued
    finally:
        session.close()
