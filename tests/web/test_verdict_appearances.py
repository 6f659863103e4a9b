"""A checked claim's later appearances on the public side: "Also said by … on …" on the verdict page and
every followable appearance in ClaimReview's itemReviewed.appearance, moved ones included; never a
tip's words, its "where" or its sender."""
from __future__ import annotations

from datetime import date

import extruct
import pytest

from factcheck.models import Appearance, AppearanceKind, Claim, Setting
from factcheck.services import triage
from tests.support.schemaorg import require_vocabulary, validate

SITE = "https://news.example.org"


@pytest.fixture
def checked_with_repeat(session, publish, make_claim, make_article, make_user):
    for key, value in {"org_url": SITE, "org_name": "Example Checks"}.items():
        session.merge(Setting(key=key, value=value))
    session.commit()
    verdict = publish(url="https://first.example/a")
    repeat = make_claim("new", text="Crime went up by half, the senator said.", speaker="Sen. Ana Ruiz",
                        article=make_article(title="Senator on crime", outlet="Daily Courier",
                                             url="https://courier.example/crime", published_date=date(2024, 6, 1)))
    repeat.add_appearance(Appearance(kind=AppearanceKind.TIP, text="my uncle says crime doubled, secret words",
                                     where="a reader's email from uncle.bob@example.org", speaker_as_written="Uncle Bob",
                                     appeared_on=date(2024, 6, 3)))
    session.commit()
    triage.mark_duplicate(session, make_user("reviewer"), repeat.id, repeat.version, verdict.claim_id)
    return verdict


def test_the_verdict_page_says_who_else_said_it(client, session, checked_with_repeat):
    page = client.get(f"/verdicts/{checked_with_repeat.slug}").text
    assert ('Also said by <span dir="auto">Sen. Ana Ruiz</span> on <time datetime="2024-06-01">1 June 2024</time> '
            '(<a href="https://courier.example/crime" rel="nofollow noopener" dir="auto">Daily Courier</a>).') in page
    assert "Also said by <span dir=\"auto\">Uncle Bob</span> on <time datetime=\"2024-06-03\">3 June 2024</time>." in page
    assert "secret words" not in page and "uncle.bob@example.org" not in page and "reader's email" not in page
    assert page.count("Also said") == 2  # not the original


def test_claimreview_lists_every_followable_appearance_including_moved_ones(client, session, checked_with_repeat):
    html = client.get(f"/verdicts/{checked_with_repeat.slug}").text
    data = extruct.extract(html, base_url=SITE, syntaxes=["json-ld"])["json-ld"]
    [review] = [item for item in data if item.get("@type") == "ClaimReview"]
    assert validate(review, require_vocabulary()) == []
    urls = [a.get("url") for a in review["itemReviewed"]["appearance"]]
    assert urls == ["https://first.example/a", "https://courier.example/crime"]  # the tip has no link: left out
    assert "uncle" not in html.lower().replace("uncle bob", "")


def test_a_claim_with_one_appearance_says_nothing_more(client, session, publish):
    verdict = publish()
    assert len(session.get(Claim, verdict.claim_id).appearances) == 1
    assert "Also said" not in client.get(f"/verdicts/{verdict.slug}").text
