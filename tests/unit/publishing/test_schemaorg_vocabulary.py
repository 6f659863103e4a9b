"""Our JSON-LD must use real schema.org types and properties, or consumers silently drop it."""

import pytest

from factcheck.publishing.claimreview import ReviewRating, build_claimreview, datafeed
from tests.support import schemaorg
from tests.support.schemaorg import load_vocabulary, require_vocabulary, validate


@pytest.fixture(scope="module")
def vocab():
    return require_vocabulary()


@pytest.mark.parametrize("rating", [ReviewRating("False", 1, 5, 1), ReviewRating("Missing context")])
def test_claimreview_validates(vocab, make_input, rating):
    assert validate(build_claimreview(make_input(rating=rating)), vocab) == []


def test_minimal_claimreview_validates(vocab, make_input):
    data = build_claimreview(make_input(claim_author=None, claim_date=None, appearances=(),
                                        first_appearance_url=None))
    assert validate(data, vocab) == []


def test_datafeed_validates(vocab, make_input, org):
    feed = datafeed([build_claimreview(make_input())], "https://desk.example/feed.json", org)
    assert validate(feed, vocab) == []


def test_unknown_property_is_reported(vocab, make_input):
    data = build_claimreview(make_input())
    data["reviewRating"]["ratingColor"] = "#c00"
    assert validate(data, vocab) == ["$.reviewRating.ratingColor: 'ratingColor' is not a schema.org property"]


def test_property_on_the_wrong_type_is_reported(vocab, make_input):
    data = build_claimreview(make_input())
    data["itemReviewed"]["claimReviewed"] = "moved by mistake"
    assert validate(data, vocab) == ["$.itemReviewed.claimReviewed: 'claimReviewed' is not a property of Claim"]


def test_unknown_type_is_reported(vocab, make_input):
    data = build_claimreview(make_input())
    data["itemReviewed"]["author"]["@type"] = "Persn"
    assert validate(data, vocab) == ["$.itemReviewed.author: @type 'Persn' is not a schema.org class"]


def test_node_of_a_type_outside_the_property_range_is_reported(vocab, make_input):
    data = build_claimreview(make_input())
    data["itemReviewed"]["author"] = {"@type": "Rating", "alternateName": "x"}
    assert validate(data, vocab) == ["$.itemReviewed.author: a Rating is not an allowed value of 'author'"]


def test_inherited_properties_are_allowed(vocab):
    # name comes from Thing and headline from CreativeWork, both ancestors of ClaimReview.
    node = {"@context": "https://schema.org", "@type": "ClaimReview", "name": "n", "headline": "h"}
    assert validate(node, vocab) == []


def test_foreign_context_is_reported(vocab):
    problems = validate({"@context": "https://example.org/vocab", "@type": "ClaimReview"}, vocab)
    assert len(problems) == 1 and "@context" in problems[0]


def test_vocabulary_is_parsed_once(vocab):
    assert load_vocabulary() is load_vocabulary()
    assert "Review" in vocab.ancestors("ClaimReview") and "Thing" in vocab.ancestors("ClaimReview")


def test_missing_vendored_vocabulary_skips_instead_of_failing(monkeypatch, tmp_path):
    monkeypatch.setattr(schemaorg, "VOCABULARY_DIR", tmp_path / "absent")
    with pytest.raises(pytest.skip.Exception):
        require_vocabulary()
