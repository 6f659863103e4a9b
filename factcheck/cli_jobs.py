"""`factcheck worker` (runs the task queue's consumer) and `factcheck jobs` (lists them), registered by cli.py."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from factcheck.db import db_session
from factcheck.models import JobState
from factcheck.services import jobs


@click.command("worker")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="Threads running jobs.")
@with_appcontext
def worker_command(workers: int) -> None:
    """Run background jobs (fetching, OCR, feed polling, re-indexing) until stopped."""
    from factcheck.cli_operations import require_database
    from factcheck.tasks import run_worker

    require_database(current_app.extensions["factcheck.engine"].url)
    spec = current_app.config.get("TASK_QUEUE") or "sqlite"
    if spec == "immediate":
        raise click.ClickException("TASK_QUEUE is 'immediate': jobs run inside the web process; no worker is needed.")
    click.echo(f"Worker: {workers} threads on the {spec.split('://')[0]} queue (Ctrl-C stops).")
    run_worker(current_app._get_current_object(), workers)


@click.command("jobs")
@click.option("--state", type=click.Choice([s.value for s in JobState]))
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@with_appcontext
def jobs_command(state: str | None, limit: int) -> None:
    """List the latest background jobs, newest first."""
    for job in jobs.recent(db_session(), state=JobState(state) if state else None, limit=limit):
        reason = f" — {job.error}" if job.error else ""
        click.echo(f"#{job.id} {job.state.label:8} {job.kind:14} {job.label}{reason}")


def register(main: click.Group) -> None:
    main.add_command(worker_command)
    main.add_command(jobs_command)
