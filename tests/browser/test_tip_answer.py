"""A reader sends a tip in a real Chromium and is answered on the spot with our published verdict."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from factcheck import matching
from factcheck.models import Claim, RatingLevel, Tip, Verdict
from tests.support.browser import ARGS, CHROMIUM, sync_playwright  # skips the module without Chromium

BUDGET = "The government cut the health budget by 13 percent in 2021."
HEADLINE = "No, the health budget was not cut"

pytestmark = pytest.mark.browser


@pytest.fixture
def live_site(live_app):
    """The app on a free port against its own SQLite file, with one published verdict in the index."""
    def fill(session):
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

    return live_app(fill)


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
