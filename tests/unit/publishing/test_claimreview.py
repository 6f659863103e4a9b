"""ClaimReview is what search engines and aggregators show next to our rating: it must be exact."""

import json
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from factcheck.publishing.claimreview import (
    ClaimAppearance,
    ClaimAuthor,
    Organisation,
    ReviewRating,
    build_claimreview,
    datafeed,
    jsonld_script,
)


def test_numeric_rating_carries_the_scale(make_input):
    data = build_claimreview(make_input())
    assert data["reviewRating"] == {"@type": "Rating", "alternateName": "False",
                                    "ratingValue": 1, "bestRating": 5, "worstRating": 1}


def test_label_only_rating_has_no_numbers(make_input):
    data = build_claimreview(make_input(rating=ReviewRating("Missing context")))
    assert data["reviewRating"] == {"@type": "Rating", "alternateName": "Missing context"}


@pytest.mark.parametrize("value,best,worst", [(0, 5, 0), (3, 3, 3), (6, 5, 1), (2, None, 1)])
def test_invalid_numeric_scales_are_refused(value, best, worst):
    with pytest.raises(ValueError):
        ReviewRating("True", value, best, worst)


def test_top_level_fields(make_input):
    data = build_claimreview(make_input())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ClaimReview"
    assert data["url"] == "https://desk.example/verdicts/crime-doubled"
    assert data["claimReviewed"] == "Crime doubled in the city last year."
    assert data["headline"] == "No, crime did not double"
    assert data["datePublished"] == "2024-03-01T09:30:15+00:00"
    assert data["dateModified"] == "2024-03-02T10:00:00+00:00"
    assert data["inLanguage"] == "en"
    assert data["author"] == {"@type": "Organization", "name": "The Desk", "url": "https://desk.example",
                              "logo": {"@type": "ImageObject", "url": "https://desk.example/logo.png"}}


def test_claim_has_author_date_and_appearances(make_input):
    claim = build_claimreview(make_input(claim_author=ClaimAuthor("City Hall", "Organization")))["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"] == {"@type": "Organization", "name": "City Hall"}
    assert claim["datePublished"] == "2024-02-20"
    assert claim["appearance"] == [{"@type": "CreativeWork", "url": "https://news.example/interview",
                                    "headline": "The mayor on crime", "datePublished": "2024-02-20",
                                    "publisher": {"@type": "Organization", "name": "City News"}}]
    assert claim["firstAppearance"]["url"].startswith("https://web.archive.org/")


def test_every_appearance_is_listed_and_one_with_nothing_to_follow_is_left_out(make_input):
    appearances = (ClaimAppearance("https://news.example/interview", "City News"),
                   ClaimAppearance(None, "  Evening  Radio "), ClaimAppearance("javascript:alert(1)"),
                   ClaimAppearance(None, None, "A tip"))
    claim = build_claimreview(make_input(appearances=appearances))["itemReviewed"]
    assert claim["appearance"] == [
        {"@type": "CreativeWork", "url": "https://news.example/interview",
         "publisher": {"@type": "Organization", "name": "City News"}},
        {"@type": "CreativeWork", "publisher": {"@type": "Organization", "name": "Evening Radio"}}]


def test_unknown_values_are_omitted_not_null(make_input):
    data = build_claimreview(make_input(claim_author=None, claim_date=None, appearances=(),
                                        first_appearance_url="javascript:alert(1)", headline="  ",
                                        organisation=Organisation("The Desk", "https://desk.example")))
    assert data["itemReviewed"] == {"@type": "Claim"}
    assert "logo" not in data["author"]
    assert "headline" not in data
    assert "null" not in json.dumps(data)


def test_relative_canonical_url_is_refused(make_input):
    with pytest.raises(ValueError):
        build_claimreview(make_input(url="/verdicts/crime-doubled"))


def test_claim_author_kind_is_checked():
    with pytest.raises(ValueError):
        ClaimAuthor("Someone", "Robot")  # type: ignore[arg-type]


class _ScriptCounter(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append("")

    def handle_data(self, data):
        if self.lasttag == "script" and self.scripts:
            self.scripts[-1] += data


HOSTILE = 'He said "</script><script>alert(1)</script>" & <!-- more'


def test_jsonld_script_cannot_break_out_of_its_script_element(make_input):
    text = jsonld_script(build_claimreview(make_input(claim_reviewed=HOSTILE)))
    assert "<" not in text and ">" not in text and "&" not in text
    parser = _ScriptCounter()
    parser.feed(f'<script type="application/ld+json">{text}</script><p>after</p>')
    assert len(parser.scripts) == 1
    assert json.loads(parser.scripts[0])["claimReviewed"] == " ".join(HOSTILE.split())


def test_jsonld_script_round_trips_through_a_structured_data_extractor(make_input):
    extruct = pytest.importorskip("extruct")
    data = build_claimreview(make_input(claim_reviewed=HOSTILE))
    page = f'<html><head><script type="application/ld+json">{jsonld_script(data)}</script></head></html>'
    assert extruct.extract(page, syntaxes=["json-ld"])["json-ld"] == [data]


def test_datafeed_wraps_reviews_and_tracks_latest_change(make_input, org):
    older = build_claimreview(make_input())
    newer = build_claimreview(make_input(url="https://desk.example/verdicts/b",
                                         date_modified=datetime(2024, 4, 1, 8, 0, tzinfo=UTC)))
    feed = datafeed([older, newer], "https://desk.example/feeds/claimreview.json", org)
    assert feed["@type"] == "DataFeed" and feed["@context"] == "https://schema.org"
    assert [e["url"] for e in feed["dataFeedElement"]] == [older["url"], newer["url"]]
    assert all("@context" not in e and e["@type"] == "ClaimReview" for e in feed["dataFeedElement"])
    assert feed["dateModified"] == "2024-04-01T08:00:00+00:00"
    assert feed["publisher"]["name"] == org.name


def test_empty_datafeed_has_no_date(org):
    feed = datafeed([], "https://desk.example/feeds/claimreview.json", org)
    assert feed["dataFeedElement"] == [] and "dateModified" not in feed
