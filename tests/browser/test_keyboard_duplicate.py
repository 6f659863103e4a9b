"""In a real Chromium: Tab reaches the skip link first, and "m" marks the current claim as a duplicate."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from factcheck.models import Article, Claim, User
from factcheck.services import accounts
from factcheck.services.intake import content_hash
from tests.support.browser import ARGS, CHROMIUM, sync_playwright  # skips the module without Chromium

PASSWORD = "correct horse battery"

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(live_app):
    """The app on a free port with a reviewer, an original claim and its repeat."""
    def fill(session):
        session.add(User(email="rosa@example.org", name="Rosa Reviewer", role="reviewer",
                         password_hash=accounts.HASHER.hash(PASSWORD), active=True))
        body = "Bus fares doubled in 2023. Bus fares went up twofold in 2023."
        article = Article(title="Transport", body=body, content_hash=content_hash(body))
        session.add_all([Claim(text="Bus fares doubled in 2023.", score=0.4, article=article, reasons=[]),
                         Claim(text="Bus fares went up twofold in 2023.", score=0.9, article=article, reasons=[])])

    return live_app(fill)


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
