"""The admin's watched sources: add, pause/resume, remove, fetch now (a watch_source job), the status
each row shows, items never ingested twice, and feeds that are not feeds failing with their reason."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from factcheck.cli import main
from factcheck.link_jobs import queue_due_sources
from factcheck.models import Article, Job, JobState, SourceItem, SourceState, WatchedSource
from tests.support.pages import BILLION_LAUGHS, Pages, article_html, rss, sitemap


@pytest.fixture
def pages(app):
    app.config.update(FETCH_ALLOWED_HOSTS=["127.0.0.1"], FETCH_TIMEOUT=2, FETCH_CONNECT_TIMEOUT=1)
    with Pages() as server:
        yield server


def poll_due(app) -> int:
    """What the worker's periodic task does (inside its app context)."""
    with app.app_context():
        return queue_due_sources(app)


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def add_source(client, url: str, name: str = "") -> WatchedSource:
    response = client.post("/admin/sources/", data={"url": url, "name": name})
    assert response.status_code == 303, response.text
    return url


def the_source(session) -> WatchedSource:
    session.expire_all()
    return session.scalar(select(WatchedSource))


def publish_feed(pages, *slugs: str) -> str:
    for n, slug in enumerate(slugs):
        pages.put(f"/news/{slug}", article_html(f"Story {slug}", 200, seed=10 + n * 7))
    return pages.put("/feed.xml", rss([(f"tag:gazette,{slug}", pages.url(f"/news/{slug}"), f"Story {slug}")
                                       for slug in slugs]), content_type="application/rss+xml")


def test_a_feed_is_watched_fetched_now_and_never_ingested_twice(client, login, session, pages):
    login("admin")
    add_source(client, publish_feed(pages, "rates", "floods"), "Gazette")
    source = the_source(session)
    assert client.post(f"/admin/sources/{source.id}/fetch").status_code == 303
    job = session.scalar(select(Job).where(Job.kind == "watch_source"))
    assert job.state is JobState.DONE and job.result["new_articles"] == 2, job.error
    articles = list(session.scalars(select(Article).order_by(Article.id)))
    assert {a.url for a in articles} == {pages.url("/news/rates"), pages.url("/news/floods")}
    page = client.get("/admin/sources/")
    row = page.text.split(f'id="source-{source.id}"')[1].split("</tr>")[0]
    assert "Gazette" in row and "RSS/Atom feed" in row and "never" not in row and "<td>2</td>" in row
    client.post(f"/admin/sources/{source.id}/fetch")  # nothing new: nothing ingested again
    assert count(session, Article) == 2 and the_source(session).last_new_items == 0
    assert pages.hits["/news/rates"] == 1
    publish_feed(pages, "rates", "floods", "strike")
    client.post(f"/admin/sources/{source.id}/fetch")
    assert count(session, Article) == 3 and the_source(session).last_new_items == 1
    assert the_source(session).total_items == 3 and count(session, SourceItem) == 3


def test_a_sitemap_is_read_newest_first_within_the_per_run_limit(app, client, login, session, pages):
    login("admin")
    app.config["WATCH_MAX_ITEMS"] = 2
    for n in range(3):
        pages.put(f"/p/{n}", article_html(f"Page {n}", 200, seed=40 + n * 9))
    url = pages.put("/sitemap.xml", sitemap([(pages.url(f"/p/{n}"), f"2024-03-0{n + 1}") for n in range(3)]),
                    content_type="application/xml")
    add_source(client, url)
    source = the_source(session)
    client.post(f"/admin/sources/{source.id}/fetch")
    assert {a.title for a in session.scalars(select(Article))} == {"Page 2", "Page 1"}
    assert session.scalar(select(Job)).result["waiting"] == 1
    client.post(f"/admin/sources/{source.id}/fetch")
    assert count(session, Article) == 3 and the_source(session).kind.value == "sitemap"


@pytest.mark.parametrize("body,reason", [
    (b"<html><body>Our feed moved</body></html>", "is a web page, not a feed"),
    (b"Service temporarily unavailable", "is not XML"),
    (b"<rss><channel><title>Broken</title>", "is not well-formed XML"),
    (BILLION_LAUGHS, "declares XML entities"),
])
def test_a_feed_that_is_not_a_feed_fails_the_run_with_its_reason(client, login, session, pages, body, reason):
    login("admin")
    add_source(client, pages.put("/feed", body, content_type="text/xml"))
    source = the_source(session)
    response = client.post(f"/admin/sources/{source.id}/fetch")
    assert response.status_code == 303
    job = session.scalar(select(Job))
    assert job.state is JobState.FAILED and reason in job.error
    page = client.get("/admin/sources/")
    assert page.status_code == 200 and reason in page.text
    assert the_source(session).last_error and count(session, Article) == 0


def test_an_item_whose_page_fails_is_counted_and_tried_again(client, login, session, pages):
    login("admin")
    add_source(client, publish_feed(pages, "ok"))
    pages.routes["/feed.xml"].body = rss([("a", pages.url("/news/ok"), "ok"), ("b", pages.url("/missing"), "x")])
    source = the_source(session)
    client.post(f"/admin/sources/{source.id}/fetch")
    source = the_source(session)
    assert (source.last_new_items, source.last_failed_items) == (1, 1) and "answered 404" in source.last_error
    pages.put("/missing", article_html("Found later", 200, seed=77))
    client.post(f"/admin/sources/{source.id}/fetch")
    assert count(session, Article) == 2 and the_source(session).last_error is None


def test_pause_resume_and_remove(app, client, login, session, pages):
    login("admin")
    url = add_source(client, publish_feed(pages, "one"))
    source = the_source(session)
    assert client.post(f"/admin/sources/{source.id}/pause").status_code == 303
    assert the_source(session).state is SourceState.PAUSED
    assert poll_due(app) == 0  # the periodic poll skips a paused source
    assert client.post(f"/admin/sources/{source.id}/pause").status_code == 409
    client.post(f"/admin/sources/{source.id}/resume")
    assert poll_due(app) == 1 and count(session, Article) == 1
    client.post(f"/admin/sources/{source.id}/remove")
    assert the_source(session).state is SourceState.REMOVED
    assert f"source-{source.id}" not in client.get("/admin/sources/").text
    assert client.post(f"/admin/sources/{source.id}/fetch").status_code == 409
    add_source(client, url)  # watched again: the same row, its items still seen
    assert the_source(session).state is SourceState.ACTIVE and count(session, WatchedSource) == 1
    poll_due(app)
    assert count(session, Article) == 1


@pytest.mark.parametrize("url,status,reason", [
    ("http://10.0.0.1/feed", 422, "10.0.0.1 is a private address"),
    ("ftp://news.example/feed", 422, "not ftp:"),
    ("", 422, "This field is required"),
])
def test_a_source_that_can_never_be_fetched_is_refused_with_the_form_kept(client, login, session, url, status,
                                                                           reason):
    login("admin")
    response = client.post("/admin/sources/", data={"url": url, "name": "Kept name"})
    assert response.status_code == status and reason in response.text
    assert 'value="Kept name"' in response.text and count(session, WatchedSource) == 0


def test_watching_the_same_url_twice_is_refused(client, login, session, pages):
    login("admin")
    url = add_source(client, publish_feed(pages, "x"))
    again = client.post("/admin/sources/", data={"url": url})
    assert again.status_code == 422 and "already watched" in again.text


def test_factcheck_watch_polls_every_active_source_once(app, client, login, session, pages):
    login("admin")
    add_source(client, publish_feed(pages, "a", "b"))
    add_source(client, pages.put("/bad", b"not a feed", content_type="text/plain"))
    result = app.test_cli_runner().invoke(main, ["watch"])
    lines = [line for line in result.output.splitlines() if line.startswith("#")]
    assert len(lines) == 2 and "2 new articles, 0 already known" in lines[0] and "failed: " in lines[1]
    assert result.exit_code == 1 and "1 of 2 sources could not be read" in result.output


ROLES = ("anonymous", "reviewer", "editor", "admin")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method,path,ok", [
    ("GET", "/admin/sources/", 200), ("POST", "/admin/sources/", 303), ("POST", "/admin/sources/{id}/pause", 303),
    ("POST", "/admin/sources/{id}/resume", 409), ("POST", "/admin/sources/{id}/remove", 303),
    ("POST", "/admin/sources/{id}/fetch", 303),
])
def test_only_an_admin_manages_sources(client, login, session, make_user, pages, role, method, path, ok):
    source = WatchedSource(url=pages.url("/feed.xml"), url_hash="h" * 64, created_by_id=make_user("admin").id)
    session.add(source)
    session.commit()
    publish_feed(pages, "r")
    if role != "anonymous":
        login(role)
    data = {"url": pages.url("/other.xml")} if path == "/admin/sources/" else {}
    response = client.open(path.format(id=source.id), method=method, data=data)
    expected = {"anonymous": 302, "reviewer": 403, "editor": 403, "admin": ok}[role]
    assert response.status_code == expected, response.text
    if role == "anonymous":
        assert "/login" in response.headers["Location"]
    if expected in (302, 403):
        assert count(session, Job) == 0 and the_source(session).state is SourceState.ACTIVE
