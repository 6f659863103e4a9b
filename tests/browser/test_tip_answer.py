"""A reader sends a tip in a real Chromium and is answered on the spot with our published verdict."""
from __future__ import annotations

import os
import threading
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from factcheck import create_app, matching, migrate
from factcheck.db import make_engine, make_sessionmaker
from factcheck.models import Claim, RatingLevel, Tip, Verdict

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
BUDGET = "The government cut the health budget by 13 percent in 2021."
HEADLINE = "No, the health budget was not cut"

pytestmark = pytest.mark.browser
if not Path(CHROMIUM).exists() and not os.environ.get("FACTCHECK_REQUIRE_BROWSER"):
    pytest.skip(f"{CHROMIUM} is not installed (set FACTCHECK_REQUIRE_BROWSER to make this a failure)",
                allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402  (a test dependency: its absence is a failure)


@pytest.fixture
def live_site(tmp_path):
    """The app on a free port against its own SQLite file, with one published verdict in the index."""
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    session = make_sessionmaker(engine)()
    claim = Claim(text=BUDGET, status="published", score=0.9, reasons=[], claim_types=["quantity"])
    session.add(claim)
    session.flush()
    verdict = Verdict(claim_id=claim.id, headline=HEADLINE, summary="It grew by 2%.", body="Budget tables.",
                      slug="health-budget", published_at=datetime(2024, 5, 1), modified_at=datetime(2024, 5, 1),
                      rating_id=session.scalar(select(RatingLevel.id).where(RatingLevel.slug == "false")))
    session.add(verdict)
    session.flush()
    matching.index_claim(session, claim)
    matching.index_verdict(session, verdict)
    session.commit()
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "browser"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", session
    server.shutdown()
    thread.join(5)
    session.close()
    engine.dispose()
    app.extensions["factcheck.engine"].dispose()


def test_a_reader_sends_a_tip_and_sees_our_verdict(live_site):
    base, session = live_site
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1024, "height": 800})
        problems: list[str] = []
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(f"{base}/submit")
        assert not page.locator(".honeypot").is_visible()  # people never see the bots' field
        page.fill("textarea[name=text]", "In 2021 the government cut the health budget by 13 percent")
        page.fill("input[name=link]", "https://social.example.org/post/77")
        page.click("form.tip-form button[type=submit]")
        answer = page.locator(".tip-answer")
        answer.wait_for()
        assert "We checked this" in answer.inner_text() and HEADLINE in answer.inner_text()
        assert "False" in answer.inner_text()
        page.click(f"text={HEADLINE}")
        page.wait_for_url(f"{base}/verdicts/health-budget")
        browser.close()
    assert problems == []
    assert session.scalar(select(Tip.status)) == "answered"
