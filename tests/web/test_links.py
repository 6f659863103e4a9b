"""Adding an article from a link: on the new-article page (a fetch_link job, its page, the article)
and with `factcheck import URL`; bad links refused with their reason, never a 500."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from factcheck.cli import main
from factcheck.models import Article, ArticleArchive, Job, JobState
from tests.support.pages import Pages, article_html


@pytest.fixture
def pages(app):
    app.config.update(FETCH_ALLOWED_HOSTS=["127.0.0.1"], FETCH_TIMEOUT=2, FETCH_CONNECT_TIMEOUT=1)
    with Pages() as server:
        yield server


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_a_pasted_link_queues_a_job_whose_page_links_to_the_article(client, login, session, pages):
    login("reviewer")
    url = pages.put("/budget", article_html("Budget adds 2 billion for schools", 400))
    response = client.post("/desk/articles/new", data={"link": url})
    assert response.status_code == 303
    job_page = client.get(response.headers["Location"])
    job = session.scalar(select(Job))
    assert response.headers["Location"].endswith(f"/desk/jobs/{job.id}") and job.kind == "fetch_link"
    assert job.state is JobState.DONE, job.error
    article = session.scalar(select(Article))
    assert f"Fetch {url}" in job_page.text and f'href="/desk/articles/{article.id}"' in job_page.text
    page = client.get(f"/desk/articles/{article.id}")
    assert "Budget adds 2 billion for schools" in page.text and "Lakeshore Gazette" in page.text
    again = client.post("/desk/articles/new", data={"link": url + "#top"})
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/desk/articles/{article.id}")
    assert count(session, Job) == 1 and count(session, Article) == 1


@pytest.mark.parametrize("link,reason", [
    ("file:///etc/passwd", "Only http:// and https:// links can be fetched, not file:"),
    ("ftp://ftp.example.org/a.txt", "not ftp:"),
    ("javascript:alert(1)", "not javascript:"),
    ("http://127.0.0.1:8080/", "127.0.0.1 is a loopback address"),
    ("http://10.0.0.1/", "10.0.0.1 is a private address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://[::1]/", "::1 is a loopback address"),
])
def test_a_link_that_can_never_be_fetched_is_refused_at_once_with_the_form_kept(client, login, session, link,
                                                                                 reason):
    login("reviewer")
    response = client.post("/desk/articles/new", data={"link": link, "title": "Kept title"})
    assert response.status_code == 422
    assert reason in response.text.replace("&#39;", "'")
    assert 'value="Kept title"' in response.text and re.search(r'name="link"[^>]*value="', response.text)
    assert count(session, Job) == 0 and count(session, Article) == 0


def test_a_link_and_pasted_text_together_are_refused(client, login, session, pages):
    login("reviewer")
    response = client.post("/desk/articles/new", data={"link": pages.url("/a"), "body": "Prices rose 5%."})
    assert response.status_code == 422 and "not both" in response.text
    assert count(session, Job) == count(session, Article) == 0


@pytest.mark.parametrize("path,route,reason", [
    ("/hang", {"behaviour": "hang"}, "did not answer within the time limit"),
    ("/huge", {"behaviour": "huge", "size": 50 * 1024 * 1024}, "larger than the limit of 10 MB"),
    ("/empty", {"body": b"<html><body><p>Please enable JavaScript.</p></body></html>"}, "No article text was found"),
])
def test_a_link_that_fails_in_the_background_fails_its_job_with_the_reason(client, login, session, pages, path,
                                                                            route, reason):
    login("reviewer")
    pages.put(path, **route)
    response = client.post("/desk/articles/new", data={"link": pages.url(path)})
    assert response.status_code == 303
    job = session.scalar(select(Job))
    assert job.state is JobState.FAILED and reason in job.error
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and reason in page.text and "Retry" in page.text
    assert count(session, Article) == count(session, ArticleArchive) == 0


def test_redirecting_forever_fails_the_job(client, login, session, pages):
    login("reviewer")
    pages.redirect("/loop", "/loop")
    client.post("/desk/articles/new", data={"link": pages.url("/loop")})
    job = session.scalar(select(Job))
    assert job.state is JobState.FAILED and "redirects more than 5 times" in job.error


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(main, list(args))


def test_import_takes_links_beside_files(run, session, pages, tmp_path):
    one = pages.put("/one", article_html("Rail fares rise 6 percent", 300, seed=1))
    two = pages.put("/two", article_html("Hospital waits fall", 300, seed=2))
    (tmp_path / "pasted.txt").write_text("Prices rose 5% in May, the bureau said.")
    result = run("import", one, str(tmp_path / "pasted.txt"), two)
    assert result.exit_code == 0, result.output
    assert "Imported 1, skipped 0 already present, failed 0." in result.output  # the file, as before
    assert re.search(rf"{re.escape(one)}: imported article #\d+, \d+ claims \(Rail fares rise 6 percent\)",
                     result.output)
    assert "Links: imported 2, failed 0." in result.output
    again = run("import", one)
    assert again.exit_code == 0 and "already on the desk as article #" in again.output
    assert count(session, Article) == 3


@pytest.mark.parametrize("link,reason", [
    ("javascript:alert(1)", "not javascript:"),
    ("file:///etc/passwd", "not file:"),
    ("http://10.0.0.1/", "10.0.0.1 is a private address"),
])
def test_import_of_a_bad_link_exits_non_zero_with_the_reason(app, run, session, link, reason):
    result = run("import", link)
    assert result.exit_code == 1 and reason in result.output
    assert "1 of 1 links could not be imported" in result.output and "Traceback" not in result.output
    assert count(session, Article) == 0


def test_import_of_a_link_that_times_out_exits_non_zero(run, session, pages):
    pages.put("/hang", behaviour="hang")
    result = run("import", pages.url("/hang"))
    assert result.exit_code == 1 and "did not answer within the time limit (2 s)" in result.output
    assert count(session, Article) == 0
