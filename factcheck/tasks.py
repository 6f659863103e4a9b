"""The task queue: huey, with its SQLite storage in the instance folder by default, Redis when
TASK_QUEUE is a redis:// URL (several hosts), and immediate mode (run at once, in-process) when
TASK_QUEUE is "immediate" — the default under TESTING.

Why huey: one small pure-Python dependency, a SQLite storage needing no broker process (so
`make demo` needs nothing new installed), the same code on Redis, periodic tasks built in, and an
immediate mode for tests. The queue carries only job ids; the `jobs` table is what the desk sees.
"""
from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask, current_app

from factcheck.services import jobs

if TYPE_CHECKING:
    from huey.api import Huey

_LOCK = threading.Lock()

# periodic work: name → (setting in config for the interval in minutes, function(app) run in the worker)
PERIODIC: dict[str, tuple[str, object]] = {}


def _watch_sources(app: Flask) -> None:
    from factcheck.link_jobs import queue_due_sources  # imported late: it queues through this module

    queue_due_sources(app)


PERIODIC["watch_sources"] = ("WATCH_INTERVAL_MINUTES", _watch_sources)


def queue_spec(app: Flask) -> str:
    """TASK_QUEUE as it will be used, checked at start-up (the queue itself is made at first use)."""
    spec = str(app.config.get("TASK_QUEUE") or ("immediate" if app.config["TESTING"] else "sqlite"))
    if not (spec in {"immediate", "sqlite"} or spec.startswith(("sqlite:", "redis://", "rediss://", "unix://"))):
        raise ValueError(f"TASK_QUEUE must be 'sqlite', 'sqlite:PATH', 'immediate' or a redis:// URL, not {spec!r}")
    return spec


def huey_of(app: Flask) -> Huey:
    """The app's queue, made at its first use: huey brings redis and psycopg with it (~40 MB), which a
    worker that only serves readers never needs."""
    with _LOCK:
        if "factcheck.huey" not in app.extensions:
            app.extensions["factcheck.huey"] = make_huey(app)
        return app.extensions["factcheck.huey"]


def make_huey(app: Flask) -> Huey:
    from huey import MemoryHuey, RedisHuey, SqliteHuey, crontab

    spec = queue_spec(app)
    if spec == "immediate":
        huey = MemoryHuey("factcheck", immediate=True)
    elif spec.startswith(("redis://", "rediss://", "unix://")):
        huey = RedisHuey("factcheck", url=spec)
    else:  # "sqlite" or "sqlite:PATH" (queue_spec refused anything else)
        path = spec[len("sqlite:"):] if spec.startswith("sqlite:") else ""
        filename = Path(path) if path else Path(app.instance_path) / "tasks.db"
        huey = SqliteHuey("factcheck", filename=str(filename))

    @huey.task(context=False, name="run_job")
    def run_job(job_id: int) -> None:
        with app.app_context():
            session = app.extensions["factcheck.sessionmaker"]()
            try:
                jobs.run(session, job_id)
            finally:
                session.close()

    for name, (setting, fn) in PERIODIC.items():
        minutes = int(app.config.get(setting) or 0)
        if minutes > 0:
            huey.periodic_task(crontab(minute=f"*/{minutes}" if minutes < 60 else "0"), name=name)(
                _periodic(app, fn))

    app.extensions["factcheck.run_job"] = run_job
    return huey


def _periodic(app: Flask, fn):
    def call() -> None:
        with app.app_context():
            fn(app)
    return call


def dispatch(job_id: int) -> None:
    """Put a job's id on the queue of the current app (immediate mode: run it now)."""
    app = current_app._get_current_object()
    huey_of(app)
    app.extensions["factcheck.run_job"](job_id)


def run_worker(app: Flask, workers: int = 2) -> None:
    """`factcheck worker`: the consumer in this process (threads), periodic tasks included."""
    huey = huey_of(app)
    with app.app_context():
        session = app.extensions["factcheck.sessionmaker"]()
        try:
            jobs.fail_abandoned(session, timedelta(minutes=int(app.config["JOB_STALE_MINUTES"])))
        finally:
            session.close()
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=True, check_worker_health=True)
    consumer.run()
