"""Page files (publishing/page_files.py): a publish, a correction and a retraction write the public pages
they touch into PUBLIC_FOLDER, and nothing else; anonymous readers get those files without the app
(web/public_files.py); `factcheck export-site` is incremental."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import event

from factcheck import create_app
from factcheck.models import Claim, Evidence
from factcheck.services import editorial, research
from factcheck.services.editorial import Change
from tests.conftest import rating_id, reset


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "public"


@pytest.fixture
def app(database, tmp_path, folder):  # the suite's app, with the page files on
    url, engine, installed = database
    reset(engine, installed)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path / "instance"),
                      "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "1000 per minute", "SECRET_KEY": "tests",
                      "PUBLIC_FOLDER": str(folder)})
    yield app
    app.extensions["factcheck.engine"].dispose()


def version_of(session, verdict):
    session.expire_all()
    return session.get(Claim, verdict.claim_id).version


def queries_during(app, fn):
    """How many SQL statements the app runs while `fn` runs."""
    seen = []
    engine = app.extensions["factcheck.engine"]
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        result = fn()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return result, seen


def test_a_publish_writes_its_page_the_lists_feeds_sitemaps_and_datafeed(app, client, publish, folder):
    verdict = publish("Crime did not rise by half", speaker="Jane Minister")
    page = folder / "verdicts" / verdict.slug / "index.html"
    assert "Crime did not rise by half" in page.read_text()
    assert (folder / "verdicts" / verdict.slug / "share.png").read_bytes().startswith(b"\x89PNG")
    for name in ("index.html", "verdicts/index.html", "feeds/verdicts.atom", "speakers/jane-minister/index.html",
                 "speakers/jane-minister/feed.atom"):
        assert "Crime did not rise by half" in (folder / name).read_text(), name
    assert f"/verdicts/{verdict.slug}</loc>" in (folder / "sitemaps" / "verdicts-1.xml").read_text()
    feed = json.loads((folder / "api/v1/claimreview.json").read_text())
    assert any(f"/verdicts/{verdict.slug}" in json.dumps(item) for item in feed["dataFeedElement"])
    assert "<sitemapindex" in (folder / "sitemap.xml").read_text()
    assert not list(folder.rglob("*.tmp"))  # written through temporary files renamed into place


def test_anonymous_readers_get_the_file_without_the_database(app, client, publish, folder):
    verdict = publish("Served as a file")
    (folder / "verdicts" / verdict.slug / "index.html").write_text("<p>the file on disk</p>")
    response, statements = queries_during(app, lambda: client.get(f"/verdicts/{verdict.slug}"))
    assert response.status_code == 200 and response.text == "<p>the file on disk</p>"
    assert statements == []  # no session, no user lookup, no rate-limit row
    assert response.mimetype == "text/html" and "public" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff" and "default-src" in response.headers["Content-Security-Policy"]
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    again = client.get(f"/verdicts/{verdict.slug}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    feed = client.get("/api/v1/claimreview.json")
    assert feed.headers["Access-Control-Allow-Origin"] == "*" and feed.mimetype == "application/json"
    assert client.get("/feeds/verdicts.atom").mimetype == "application/atom+xml"
    # a query string, or a page without a file, is the app's: the real page
    live = client.get(f"/verdicts/{verdict.slug}?from=newsletter")
    assert live.status_code == 200 and "Served as a file" in live.text and "the file on disk" not in live.text


def test_logged_in_editors_and_desk_paths_always_reach_the_app(app, client, publish, login, folder):
    verdict = publish("Editors see the live page")
    (folder / "verdicts" / verdict.slug / "index.html").write_text("<p>the file on disk</p>")
    (folder / "desk").mkdir()
    (folder / "desk" / "index.html").write_text("<p>not a desk</p>")
    login("editor", name="Edith Editor")
    page = client.get(f"/verdicts/{verdict.slug}")
    assert page.status_code == 200 and "Editors see the live page" in page.text and "the file on disk" not in page.text
    assert "not a desk" not in client.get("/desk/").text


def test_paths_cannot_reach_outside_the_folder(app, client, publish, folder, tmp_path):
    publish()
    (tmp_path / "secret.html").write_text("SECRET-CONTENT")
    (folder / "verdicts" / ".hidden").mkdir()
    (folder / "verdicts" / ".hidden" / "index.html").write_text("HIDDEN-CONTENT")
    for path in ("/verdicts/../../secret.html", "/verdicts/%2e%2e/%2e%2e/secret.html", "/verdicts/.hidden",
                 "/verdicts//x"):
        response = client.get(path)
        assert "SECRET-CONTENT" not in response.text and "HIDDEN-CONTENT" not in response.text, path
        assert response.status_code in (301, 308, 404), path


def test_a_correction_and_a_retraction_change_exactly_the_files_that_show_the_verdict(app, session, publish, folder):
    other = publish("A verdict nobody touches", speaker="Someone Else")
    verdict = publish("Old headline", speaker="Jane Minister")
    untouched = folder / "verdicts" / other.slug / "index.html"
    before = untouched.stat().st_mtime_ns
    result = editorial.correct(session, publish.editor, verdict.claim_id, version_of(session, verdict),
                               Change(note="The headline overstated it.", headline="New headline"))
    assert result.status.value == "applied"
    page = (folder / "verdicts" / verdict.slug / "index.html").read_text()
    assert "New headline" in page and "The headline overstated it." in page
    assert "Old headline" in (folder / "verdicts" / verdict.slug / "revisions" / "1" / "index.html").read_text()
    assert "New headline" in (folder / "index.html").read_text()
    assert "The headline overstated it." in (folder / "corrections" / "index.html").read_text()
    assert "New headline" in (folder / "speakers" / "jane-minister" / "feed.atom").read_text()
    assert untouched.stat().st_mtime_ns == before  # another verdict's page is not rewritten

    editorial.retract(session, publish.editor, verdict.claim_id, version_of(session, verdict), "The data was wrong.")
    page = (folder / "verdicts" / verdict.slug / "index.html").read_text()
    assert "Retracted" in page and "The data was wrong." in page
    assert "The data was wrong." in (folder / "corrections" / "index.html").read_text()
    assert untouched.stat().st_mtime_ns == before


def test_writing_again_with_nothing_changed_writes_nothing(app, session, publish, folder):
    from factcheck.publishing import page_files

    verdict = publish()
    result = page_files.verdict_changed(session, verdict.id)
    assert result.pages >= 15 and result.written == [] and result.failed == []
    rebuilt = page_files.rebuild(app)
    assert rebuilt.written == [] and rebuilt.failed == []


def test_a_page_that_no_longer_renders_loses_its_file(app, session, publish, folder, monkeypatch):
    from factcheck.publishing import page_files
    from factcheck.web import public

    verdict = publish("Will fail to render")
    monkeypatch.setattr(public, "render_share_image", lambda verdict_id: 1 / 0)
    app.extensions["factcheck.page_cache"].clear()
    result = page_files.verdict_changed(session, verdict.id)
    assert f"verdicts/{verdict.slug}/share.png" in result.removed + result.failed
    assert not (folder / "verdicts" / verdict.slug / "share.png").exists()
    assert (folder / "verdicts" / verdict.slug / "index.html").exists()


def test_publishing_through_the_desk_writes_the_files(app, client, session, login, make_user, make_claim, folder):
    reviewer = make_user("reviewer")
    claim = make_claim("queued", speaker="Desk Speaker")
    claim = research.take(session, reviewer, claim.id, claim.version)
    research.save_draft(session, reviewer, claim.id, claim.version, research.DraftInput(
        rating_id=rating_id(session, "false"), headline="Published from the desk",
        summary="Police figures show a 3% rise.", body="The police statistics [1] show a rise of 3%."))
    session.add(Evidence(claim_id=claim.id, number=1, url="https://stats.example.org/1", title="Crime",
                         publisher="Statistics Office", published_date=date(2024, 3, 1),
                         archive_url="https://archive.example.org/1", source_kind="primary", added_by_id=reviewer.id))
    session.commit()
    research.submit(session, reviewer, claim.id, session.get(Claim, claim.id).version)
    login("editor")
    session.expire_all()
    response = client.post(f"/desk/review/{claim.id}/publish",
                           data={"version": session.get(Claim, claim.id).version, "confirmed": "1"})
    assert response.status_code == 302
    assert "Published from the desk" in (folder / "index.html").read_text()
    assert "Published from the desk" in (folder / "speakers" / "desk-speaker" / "index.html").read_text()


def test_export_site_is_incremental(app, publish, tmp_path):
    from factcheck.export import export_site

    verdict = publish("First export")
    first = export_site(app, tmp_path / "site", share_images=False)
    assert first.written == first.files and "Exported 1 verdicts" in first.summary, first.summary
    page = tmp_path / "site" / "verdicts" / verdict.slug / "index.html"
    stamp = page.stat().st_mtime_ns
    second = export_site(app, tmp_path / "site", share_images=False)
    assert second.written == 0 and second.summary.startswith("Nothing changed"), second.summary
    assert page.stat().st_mtime_ns == stamp
    (tmp_path / "site" / "stale.html").write_text("from an older export")
    publish("Second export")
    third = export_site(app, tmp_path / "site", share_images=False)
    assert "Exported 2 verdicts" in third.summary and "1 removed" in third.summary, third.summary
    assert 0 < third.written < third.files
    assert page.stat().st_mtime_ns == stamp  # the first verdict's page did not change
    assert not (tmp_path / "site" / "stale.html").exists()
