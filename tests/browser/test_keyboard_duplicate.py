"""In a real Chromium: Tab reaches the skip link first, and "m" marks the current claim as a duplicate."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from factcheck import create_app, migrate
from factcheck.db import make_engine, make_sessionmaker
from factcheck.models import Article, Claim, User
from factcheck.services import accounts
from factcheck.services.intake import content_hash

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PASSWORD = "correct horse battery"

pytestmark = pytest.mark.browser
if not Path(CHROMIUM).exists() and not os.environ.get("FACTCHECK_REQUIRE_BROWSER"):
    pytest.skip(f"{CHROMIUM} is not installed (set FACTCHECK_REQUIRE_BROWSER to make this a failure)",
                allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402


@pytest.fixture
def desk(tmp_path):
    """The app on a free port with a reviewer, an original claim and its repeat."""
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    session = make_sessionmaker(engine)()
    session.add(User(email="rosa@example.org", name="Rosa Reviewer", role="reviewer",
                     password_hash=accounts.HASHER.hash(PASSWORD), active=True))
    body = "Bus fares doubled in 2023. Bus fares went up twofold in 2023."
    article = Article(title="Transport", body=body, content_hash=content_hash(body))
    session.add_all([Claim(text="Bus fares doubled in 2023.", score=0.4, article=article, reasons=[]),
                     Claim(text="Bus fares went up twofold in 2023.", score=0.9, article=article, reasons=[])])
    session.commit()
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "browser",
                      "LOGIN_RATE_LIMIT": "1000 per minute"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", session
    server.shutdown()
    thread.join(5)
    session.close()
    engine.dispose()
    app.extensions["factcheck.engine"].dispose()


def test_skip_link_and_duplicate_key(desk):
    base, session = desk
    original = session.scalar(select(Claim).where(Claim.text == "Bus fares doubled in 2023."))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(f"{base}/")
        page.keyboard.press("Tab")
        skip = page.locator("a.skip-link")
        assert page.evaluate("document.activeElement.className") == "skip-link" and skip.is_visible()
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#main"
        page.goto(f"{base}/login")
        page.fill("input[name=email]", "rosa@example.org")
        page.fill("input[name=password]", PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/desk/")
        assert "twofold" in page.locator("tr.current").inner_text()  # the higher score comes first
        page.keyboard.press("m")
        assert page.locator("#duplicate-dialog").is_visible()
        page.keyboard.type(str(original.id))
        page.keyboard.press("Enter")
        page.wait_for_selector("text=marked")
        session.expire_all()
        repeat = session.scalar(select(Claim).where(Claim.text == "Bus fares went up twofold in 2023."))
        assert repeat.status == "duplicate" and repeat.duplicate_of_id == original.id
        browser.close()
