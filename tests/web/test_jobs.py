"""Background jobs: queued, run (immediate mode under TESTING), failed with the reason, retried."""
from __future__ import annotations

import pytest

from factcheck.errors import DomainError
from factcheck.models import Job, JobState
from factcheck.services import jobs
from factcheck.tasks import dispatch
from factcheck.workflow import Role


@pytest.fixture
def test_kinds():
    calls = {"flaky": 0}

    def echo(session, job):
        return {"echoed": job.args["word"]}

    def flaky(session, job):
        calls["flaky"] += 1
        if calls["flaky"] == 1:
            raise DomainError("The page at https://example.org answered 503; try again later.")
        return {"pages": 1}

    def buggy(session, job):
        raise KeyError("missing")

    for kind, fn, role in (("t_echo", echo, Role.REVIEWER), ("t_flaky", flaky, Role.REVIEWER),
                           ("t_buggy", buggy, Role.REVIEWER), ("t_admin", echo, Role.ADMIN)):
        jobs.HANDLERS[kind] = jobs.Handler(kind, fn, role)
    yield calls
    for kind in ("t_echo", "t_flaky", "t_buggy", "t_admin"):
        jobs.HANDLERS.pop(kind)


def enqueue(app, session, actor, kind, **args):
    with app.test_request_context():
        return jobs.enqueue(session, actor, kind, args, f"Test {kind}", dispatch)


def test_a_job_runs_and_its_result_is_on_the_jobs_page(app, client, session, login, test_kinds):
    user = login("reviewer")
    job = enqueue(app, session, user, "t_echo", word="hello")
    assert job.state is JobState.DONE and job.result == {"echoed": "hello"} and job.attempts == 1
    page = client.get("/desk/jobs/")
    assert page.status_code == 200
    assert "Test t_echo" in page.text and "echoed: hello" in page.text and "job-done" in page.text


def test_a_failed_job_shows_its_reason_and_retry_runs_it_again(app, client, session, login, test_kinds):
    user = login("reviewer")
    job = enqueue(app, session, user, "t_flaky")
    assert job.state is JobState.FAILED
    page = client.get("/desk/jobs/?state=failed")
    assert "answered 503; try again later" in page.text and "Retry" in page.text
    response = client.post(f"/desk/jobs/{job.id}/retry")
    assert response.status_code == 303
    session.expire_all()
    again = session.get(Job, job.id)
    assert again.state is JobState.DONE and again.attempts == 2 and again.error is None
    assert client.post(f"/desk/jobs/{job.id}/retry").status_code == 409  # done: nothing to retry


def test_an_unexpected_error_fails_the_job_with_its_type_not_a_500(app, session, make_user, test_kinds):
    job = enqueue(app, session, make_user("reviewer"), "t_buggy")
    assert job.state is JobState.FAILED and job.error.startswith("Unexpected error: KeyError")


def test_a_queue_that_cannot_be_reached_keeps_the_job_with_the_reason(app, session, make_user, test_kinds):
    def broker_down(job_id):
        raise ConnectionError("redis at 127.0.0.1:6390 refused")

    with app.test_request_context():
        job = jobs.enqueue(session, make_user("reviewer"), "t_echo", {"word": "x"}, "Test", broker_down)
    assert job.state is JobState.QUEUED and "could not be reached" in job.error
    with app.test_request_context():
        retried = jobs.retry(session, make_user("reviewer"), job.id, dispatch)
    assert retried.state is JobState.DONE


def test_roles(app, client, session, make_user, login, test_kinds):
    job = enqueue(app, session, make_user("admin"), "t_admin", word="x")
    assert client.get("/desk/jobs/").status_code == 302  # anonymous: to the login page
    assert client.get(f"/desk/jobs/{job.id}").status_code == 302
    assert client.post(f"/desk/jobs/{job.id}/retry").status_code == 302
    login("reviewer")
    assert client.get("/desk/jobs/").status_code == 200
    assert client.get(f"/desk/jobs/{job.id}").status_code == 200
    assert client.get("/desk/jobs/999999").status_code == 404
    with pytest.raises(DomainError, match="needs the admin role"):
        enqueue(app, session, make_user("editor"), "t_admin", word="x")


def test_an_unknown_state_filter_is_explained_not_an_error(client, login):
    login("reviewer")
    page = client.get("/desk/jobs/?state=exploded")
    assert page.status_code == 200 and "There is no job state" in page.text


def test_a_job_left_running_by_a_dead_worker_is_failed_at_worker_start(session, make_user):
    from datetime import timedelta

    from factcheck.db import utcnow
    job = Job(kind="t_echo", label="stuck", args={}, state=JobState.RUNNING, attempts=1,
              started_at=utcnow() - timedelta(hours=2))
    session.add(job)
    session.commit()
    assert jobs.fail_abandoned(session, timedelta(minutes=30)) == 1
    session.expire_all()
    assert session.get(Job, job.id).state is JobState.FAILED
