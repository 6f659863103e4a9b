"""A real `factcheck worker` process on the SQLite task queue: a fetch_link job queued by the desk is
picked up, runs, reaches `done` and made an article, the way `make demo` runs it."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from factcheck import create_app, migrate
from factcheck.db import make_engine
from factcheck.models import Article, Job, JobState, User
from factcheck.services import jobs
from factcheck.tasks import dispatch
from tests.conftest import PASSWORD_HASH
from tests.support.pages import Pages, article_html

FACTCHECK = Path(sys.executable).with_name("factcheck")


@pytest.fixture
def setting(tmp_path):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return {"DATABASE_URL": url, "TASK_QUEUE": f"sqlite:{tmp_path / 'tasks.db'}",
            "INSTANCE_PATH": str(tmp_path / "instance"), "FETCH_ALLOWED_HOSTS": ["127.0.0.1"],
            "FETCH_TIMEOUT": 5, "WATCH_INTERVAL_MINUTES": 0, "SECRET_KEY": "worker-test"}


@pytest.fixture
def worker(setting, tmp_path):
    env = {**os.environ, "FACTCHECK_DATABASE_URL": setting["DATABASE_URL"],
           "FACTCHECK_TASK_QUEUE": setting["TASK_QUEUE"], "FACTCHECK_INSTANCE": setting["INSTANCE_PATH"],
           "FACTCHECK_FETCH_ALLOWED_HOSTS": '["127.0.0.1"]', "FACTCHECK_WATCH_INTERVAL_MINUTES": "0",
           "FACTCHECK_SECRET_KEY": "worker-test"}
    log = open(tmp_path / "worker.log", "wb")
    process = subprocess.Popen([str(FACTCHECK), "worker", "--workers", "1"], env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    yield process, tmp_path / "worker.log"
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


@pytest.mark.slow
def test_a_real_worker_runs_a_queued_fetch_link_job_to_an_article(setting, worker):
    process, log = worker
    app = create_app(setting)
    with Pages() as pages:
        url = pages.put("/story", article_html("Council tax rises 5 percent", 300))
        session = app.extensions["factcheck.sessionmaker"]()
        try:
            user = User(email="r@example.org", name="Riley", role="reviewer", password_hash=PASSWORD_HASH)
            session.add(user)
            session.commit()
            with app.test_request_context():
                job = jobs.enqueue(session, user, "fetch_link", {"url": url}, f"Fetch {url}", dispatch)
            assert job.state is JobState.QUEUED and job.error is None  # queued, not run in this process
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                session.expire_all()
                job = session.get(Job, job.id)
                if job.state in (JobState.DONE, JobState.FAILED) or process.poll() is not None:
                    break
                time.sleep(0.25)
            assert job.state is JobState.DONE, (job.state, job.error, log.read_text(errors="replace")[-2000:])
            article = session.get(Article, job.result["article"])
            assert article.title == "Council tax rises 5 percent" and article.url == url and article.claims
            assert session.scalar(select(Article.id)) == article.id and pages.hits["/story"] == 1
        finally:
            session.close()
            app.extensions["factcheck.engine"].dispose()
