"""A reviewer triages the queue in a real Chromium with the keyboard alone, and sees the results."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from factcheck.models import Article, Claim, User
from factcheck.services import accounts
from factcheck.services.intake import content_hash
from tests.support.browser import ARGS, CHROMIUM, sync_playwright  # skips the module without Chromium

PASSWORD = "correct horse battery"
CLAIMS = [("Unemployment fell to 3 percent last year.", 0.95), ("Bus fares doubled in 2023.", 0.85),
          ("The new bridge cost 40 million euros.", 0.75), ("Schools will close in March.", 0.65),
          ("I think the mayor is wonderful.", 0.10)]

pytestmark = pytest.mark.browser


@pytest.fixture
def live_desk(live_app):
    """The app on a free port against its own SQLite file, with a reviewer and five new claims."""
    def fill(session):
        session.add(User(email="rosa@example.org", name="Rosa Reviewer", role="reviewer",
                         password_hash=accounts.HASHER.hash(PASSWORD), active=True))
        body = " ".join(text for text, _ in CLAIMS)
        article = Article(title="Council notes", outlet="City Post", body=body, content_hash=content_hash(body))
        session.add_all([Claim(text=text, score=score, article=article, reasons=["contains a number"],
                               claim_types=["quantity"], speaker="Mayor Lee") for text, score in CLAIMS])

    return live_app(fill)


def statuses(session) -> dict[str, str]:
    session.expire_all()
    return {c.text: c.status for c in session.scalars(select(Claim))}


def test_triage_with_the_keyboard_alone(live_desk):
    base, session = live_desk
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        problems: list[str] = []
        page.on("console", lambda message: problems.append(message.text)
                if message.type == "error" and "Failed to load resource" not in message.text else None)
        page.on("response", lambda response: problems.append(f"{response.status} {response.url}")
                if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(f"{base}/login")
        page.fill("input[name=email]", "rosa@example.org")
        page.fill("input[name=password]", PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/desk/")

        rows = page.locator("table.queue tbody tr")
        assert rows.count() == 5
        assert "Unemployment fell" in page.locator("tr.current").inner_text()  # highest score first, focused

        page.keyboard.press("a")  # accept the current claim
        page.wait_for_selector("text=1 claim accepted.")
        assert statuses(session)["Unemployment fell to 3 percent last year."] == "queued"
        assert "Unemployment fell" not in page.locator("table.queue").inner_text()

        page.keyboard.press("j")
        page.keyboard.press("k")
        page.keyboard.press("j")  # the second row: the bridge
        assert "bridge" in page.locator("tr.current").inner_text()
        page.keyboard.press("d")
        assert page.locator("#dismiss-dialog").is_visible()
        page.keyboard.press("4")  # out of scope
        page.keyboard.press("Enter")
        page.wait_for_selector("text=1 claim dismissed.")
        assert statuses(session)["The new bridge cost 40 million euros."] == "dismissed"

        assert "Schools" in page.locator("tr.current").inner_text()  # the cursor stays in place
        page.keyboard.press("k")
        page.keyboard.press("x")  # select the bus fares claim …
        page.keyboard.press("j")
        page.keyboard.press("x")  # … and the schools claim,
        assert page.locator(".selection-count").inner_text() == "2 selected"
        page.keyboard.press("a")  # and accept both at once
        page.wait_for_selector("text=2 claims accepted.")
        assert statuses(session)["Bus fares doubled in 2023."] == statuses(session)["Schools will close in March."] \
            == "queued"

        page.keyboard.press("?")
        assert page.locator("#help-dialog").is_visible() and "j / k" in page.locator("#help-dialog").inner_text()
        page.keyboard.press("Escape")
        assert not page.locator("#help-dialog").is_visible()

        page.keyboard.press("/")
        page.keyboard.type("wonderful")
        page.keyboard.press("Enter")
        page.wait_for_url("**q=wonderful**")
        assert rows.count() == 1 and "0.10" in rows.first.inner_text() and "Mayor Lee" in rows.first.inner_text()

        page.set_viewport_size({"width": 390, "height": 844})  # a phone: nothing wider than the screen
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert problems == []
        browser.close()
    assert session.scalar(select(Claim.dismiss_reason).where(Claim.status == "dismissed")) == "Out of scope"
