"""The verdict page as a reader, a search engine and a social network see it."""
from __future__ import annotations

import extruct
import pytest
from sqlalchemy import update

from factcheck.db import utcnow
from factcheck.models import Appearance, Claim, Evidence, Setting, Verdict
from factcheck.services.settings import get_setting
from tests.support.schemaorg import require_vocabulary, validate

SITE = "https://news.example.org"


@pytest.fixture
def organisation(session):
    for key, value in {"org_url": SITE, "org_name": "Example Checks", "org_logo": f"{SITE}/logo.png"}.items():
        session.merge(Setting(key=key, value=value))
    session.commit()


def claimreviews(html: str, url: str = SITE) -> list[dict]:
    data = extruct.extract(html, base_url=url, syntaxes=["json-ld"])["json-ld"]
    return [item for item in data if item.get("@type") == "ClaimReview"]


def test_page_shows_claim_ruling_sources_people_and_links(client, publish, organisation):
    verdict = publish(headline="Crime did not rise by half", speaker="Jane Minister", rating="false")
    page = client.get(f"/verdicts/{verdict.slug}")
    assert page.status_code == 200
    text = page.text
    assert "Crime did not rise by half</h1>" in text
    assert "Jane Minister" in text and "Our ruling" in text
    assert 'href="/methodology#rating-false"' in text and ">False</a>" in text
    assert "Police figures show a 3% rise, not 50%." in text
    assert '<a href="#source-1"' in text and 'id="source-1"' in text
    assert "Statistics Office" in text and "1 March 2024" in text
    assert 'href="https://archive.example.org/1"' in text
    assert "By Riley Reviewer" in text and "edited by Eden Editor" in text
    assert 'href="/corrections#policy"' in text and 'href="/submit"' in text
    assert "No corrections or updates since publication." in text


def test_removed_evidence_is_not_shown(client, publish, session):
    verdict = publish(sources=2)
    session.execute(update(Evidence).where(Evidence.claim_id == verdict.claim_id, Evidence.number == 2)
                    .values(removed_at=utcnow()))
    session.commit()
    text = client.get(f"/verdicts/{verdict.slug}").text
    assert "Recorded crime 1" in text and "Recorded crime 2" not in text


def test_exactly_one_valid_claimreview(client, publish, organisation, session):
    verdict = publish(rating="false", speaker="Jane Minister")
    session.execute(update(Appearance).where(Appearance.claim_id == verdict.claim_id)
                    .values(url="https://tv.example.com/debate"))
    session.commit()
    [review] = claimreviews(client.get(f"/verdicts/{verdict.slug}").text)
    assert validate(review, require_vocabulary()) == []
    assert review["url"] == f"{SITE}/verdicts/{verdict.slug}"
    assert review["claimReviewed"] == session.get(Claim, verdict.claim_id).text
    assert review["datePublished"].startswith(verdict.published_at.date().isoformat())
    assert review["dateModified"] and review["inLanguage"] == "en"
    assert review["author"] == {"@type": "Organization", "name": "Example Checks", "url": SITE,
                                "logo": {"@type": "ImageObject", "url": f"{SITE}/logo.png"}}
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "False", "ratingValue": 1,
                                      "bestRating": 5, "worstRating": 1}
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["author"] == {"@type": "Person", "name": "Jane Minister"}
    assert item["appearance"] == [{"@type": "CreativeWork", "url": "https://tv.example.com/debate",
                                   "headline": "An article"}]
    assert "datePublished" not in item or item["datePublished"]


def test_levels_off_the_numeric_scale_carry_only_their_name(client, publish, organisation):
    verdict = publish(rating="misleading", speaker="Ministry of Health")
    [review] = claimreviews(client.get(f"/verdicts/{verdict.slug}").text)
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Misleading"}
    assert review["itemReviewed"]["author"]["@type"] == "Organization"
    assert validate(review, require_vocabulary()) == []


HOSTILE = '</script><script>alert("x")</script><img src=x onerror=alert(1)>'


def test_script_in_every_stored_field_is_escaped(client, publish, organisation, session):
    verdict = publish(headline=f"Headline {HOSTILE}", claim_text=f"Claim {HOSTILE}", speaker=f"Speaker {HOSTILE}",
                      summary=f"Summary {HOSTILE}", body=f"Body {HOSTILE} [1]")
    session.execute(update(Evidence).where(Evidence.claim_id == verdict.claim_id)
                    .values(title=f"Source {HOSTILE}", publisher=f"Publisher {HOSTILE}"))
    session.commit()
    text = client.get(f"/verdicts/{verdict.slug}").text
    assert "<script>alert" not in text and "<img src=x" not in text
    assert text.count("<script") == 1  # the JSON-LD block, and nothing else
    [review] = claimreviews(text)
    assert review["claimReviewed"] == f"Claim {HOSTILE}"
    assert review["itemReviewed"]["author"]["name"] == f"Speaker {HOSTILE}"


def test_social_tags_canonical_link_and_share_image(client, publish, organisation):
    verdict = publish()
    text = client.get(f"/verdicts/{verdict.slug}").text
    canonical = f"{SITE}/verdicts/{verdict.slug}"
    assert f'<link rel="canonical" href="{canonical}">' in text
    assert f'<meta property="og:url" content="{canonical}">' in text
    assert f'<meta property="og:image" content="{canonical}/share.png">' in text
    assert '<meta name="twitter:card" content="summary_large_image">' in text
    assert '<meta property="og:title" content="Crime did not rise by half">' in text
    image = client.get(f"/verdicts/{verdict.slug}/share.png")
    assert image.status_code == 200 and image.mimetype == "image/png" and image.data.startswith(b"\x89PNG")


def test_unknown_and_unpublished_slugs_are_404_in_the_site_layout(client, make_claim, session):
    claim = make_claim("in_review")
    session.add(Verdict(claim_id=claim.id, headline="Draft", summary="s", body="b", slug="a-draft"))
    session.commit()
    for slug in ("no-such-verdict", "a-draft"):
        page = client.get(f"/verdicts/{slug}")
        assert page.status_code == 404
        assert "Not found" in page.text and 'href="/methodology"' in page.text


def test_retracted_verdict_keeps_its_page_with_a_notice_and_no_rating_markup(client, login, publish, session):
    verdict = publish()
    login("editor")
    claim = session.get(Claim, verdict.claim_id)
    response = client.post(f"/desk/published/{verdict.id}/retract",
                           data={"version": claim.version, "note": "The figures we used were withdrawn.", "confirmed": "1"})
    assert response.status_code == 302
    client.post("/logout")
    page = client.get(f"/verdicts/{verdict.slug}")
    assert page.status_code == 200
    assert "We have retracted this fact check" in page.text
    assert "The figures we used were withdrawn." in page.text
    assert "Our ruling" not in page.text and claimreviews(page.text) == []


def test_only_anonymous_pages_are_public_in_shared_caches(client, login, publish):
    verdict = publish()
    assert "public" in client.get(f"/verdicts/{verdict.slug}").headers["Cache-Control"]
    login("reviewer")
    page = client.get(f"/verdicts/{verdict.slug}")
    assert page.headers["Cache-Control"] == "private, no-store" and "ETag" not in page.headers


def test_conditional_requests_get_304_and_the_page_is_rendered_once(app, client, publish):
    verdict = publish()
    first = client.get(f"/verdicts/{verdict.slug}")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    assert "s-maxage" in first.headers["Cache-Control"]
    again = client.get(f"/verdicts/{verdict.slug}", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    since = client.get(f"/verdicts/{verdict.slug}", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    client.get(f"/verdicts/{verdict.slug}")
    assert app.extensions["factcheck.page_cache"].renders == 1


def test_organisation_settings_feed_the_page(client, publish, organisation, session):
    verdict = publish()
    assert get_setting(session, "org_name") == "Example Checks"
    assert '<meta property="og:site_name" content="Example Checks">' in client.get(f"/verdicts/{verdict.slug}").text

