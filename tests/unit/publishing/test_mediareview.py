"""MediaReview JSON-LD: the vocabulary's rating names, the media a verdict rates, and the link to the ClaimReview."""
from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from factcheck.publishing.claimreview import (
    ClaimReviewInput,
    Organisation,
    ReviewRating,
    build_claimreview,
    datafeed,
)
from factcheck.publishing.mediareview import (
    MediaKind,
    MediaRating,
    MediaSpot,
    MediaSubject,
    attach,
    build_mediareview,
    parse_rating,
    split,
    subject,
)
from tests.support.schemaorg import VOCABULARY_DIR, VOCABULARY_FILE, require_vocabulary, validate

PAGE = "https://factcheck.example.org/verdicts/the-photo-was-cropped"
ORG = Organisation("Example Checks", "https://factcheck.example.org", "https://factcheck.example.org/logo.png")


def claimreview() -> dict:
    return build_claimreview(ClaimReviewInput(
        url=PAGE, claim_reviewed="This photo shows the crowd at the rally.", headline="The photo was cropped",
        date_published=datetime(2026, 3, 1, 9, 30, tzinfo=UTC), date_modified=datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
        organisation=ORG, rating=ReviewRating("Misleading"), in_language="en"))


IMAGE = MediaSubject(MediaKind.IMAGE, "https://cdn.example.net/rally.jpg", "https://social.example.net/post/1")


def test_every_rating_is_a_member_of_the_vocabularys_enumeration_with_its_words():
    require_vocabulary()
    graph = json.loads((VOCABULARY_DIR / VOCABULARY_FILE).read_text(encoding="utf-8"))["@graph"]
    members = {node["@id"].removeprefix("schema:") for node in graph
               if node.get("@type") == "schema:MediaManipulationRatingEnumeration"}
    assert {rating.value for rating in MediaRating} == members
    assert [r.label for r in MediaRating] == ["original", "missing context", "edited or cropped", "transformed",
                                              "staged", "satire or parody"]
    assert MediaRating.MISSING_CONTEXT.iri == "https://schema.org/DecontextualizedContent"


@pytest.mark.parametrize("kind", list(MediaKind))
@pytest.mark.parametrize("rating", list(MediaRating))
def test_a_mediareview_of_each_kind_and_rating_passes_the_vocabulary(kind, rating):
    vocab = require_vocabulary()
    review = claimreview()
    media = build_mediareview(review, rating, MediaSubject(kind, "https://cdn.example.net/file", PAGE + "/x"),
                              context="The photo is from 2019.")
    assert validate(media, vocab) == []
    assert media["itemReviewed"]["@type"] == kind.schema_type
    assert media["mediaAuthenticityCategory"] == f"https://schema.org/{rating.value}"
    assert ("originalMediaContextDescription" in media) == (rating is MediaRating.MISSING_CONTEXT)


def test_the_mediareview_shares_the_claimreviews_page_dates_and_author_and_names_the_media():
    review = claimreview()
    media = build_mediareview(review, MediaRating.EDITED_OR_CROPPED, IMAGE)
    assert media["url"] == review["url"] == PAGE
    assert (media["datePublished"], media["dateModified"]) == ("2026-03-01T09:30:00+00:00", "2026-03-02T10:00:00+00:00")
    assert media["author"] == review["author"] and media["author"]["name"] == "Example Checks"
    assert media["itemReviewed"] == {"@type": "ImageObject", "contentUrl": "https://cdn.example.net/rally.jpg",
                                     "isPartOf": {"@type": "CreativeWork", "url": "https://social.example.net/post/1"}}
    assert media["associatedClaimReview"] == {"@id": PAGE + "#claimreview"}


def test_attached_and_split_the_two_reviews_point_at_each_other_and_both_pass():
    vocab = require_vocabulary()
    review = claimreview()
    combined = attach(review, build_mediareview(review, MediaRating.STAGED, IMAGE))
    assert validate(combined, vocab) == []
    assert "@context" not in combined["associatedMediaReview"]
    claim_block, media_block = split(combined)
    assert claim_block["@id"] == PAGE + "#claimreview" and media_block["@id"] == PAGE + "#mediareview"
    assert claim_block["associatedMediaReview"] == {"@id": media_block["@id"]}
    assert media_block["associatedClaimReview"] == {"@id": claim_block["@id"]}
    assert media_block["@context"] == "https://schema.org"
    assert validate(claim_block, vocab) == [] and validate(media_block, vocab) == []


def test_a_claimreview_without_media_is_left_as_it_was():
    review = claimreview()
    assert split(review) == [review]
    assert "@id" not in review and "associatedMediaReview" not in review


def test_the_datafeed_lists_the_mediareview_after_its_claimreview():
    vocab = require_vocabulary()
    plain, with_media = claimreview(), claimreview()
    with_media = attach(with_media, build_mediareview(with_media, MediaRating.TRANSFORMED, IMAGE))
    feed = datafeed([with_media, plain], "https://factcheck.example.org/api/v1/claimreview.json", ORG)
    assert [e["@type"] for e in feed["dataFeedElement"]] == ["ClaimReview", "MediaReview", "ClaimReview"]
    assert all("@context" not in e for e in feed["dataFeedElement"])
    assert validate(feed, vocab) == []


def test_the_media_is_the_image_appearance_unless_the_reviewer_names_another():
    post = MediaSpot(is_image=False, url="https://news.example.com/story")
    image = MediaSpot(is_image=True, url="https://social.example.net/post/1")
    assert subject(None, None, [post]) is None  # not about media: nothing to rate
    assert subject(None, None, [post, image]) == MediaSubject(MediaKind.IMAGE, "https://social.example.net/post/1",
                                                              "https://news.example.com/story")
    stored = MediaSpot(is_image=True, url="https://social.example.net/post/1", stored_url="https://desk.example/i/1")
    assert subject(None, None, [stored]) == MediaSubject(MediaKind.IMAGE, "https://desk.example/i/1",
                                                         "https://social.example.net/post/1")
    typed = subject(MediaKind.VIDEO, "https://video.example.net/v.mp4", [post])
    assert typed == MediaSubject(MediaKind.VIDEO, "https://video.example.net/v.mp4", "https://news.example.com/story")
    assert subject(MediaKind.VIDEO, None, [post]) is None  # a video with no address
    assert subject(MediaKind.AUDIO, "javascript:alert(1)", [post]) is None


def test_a_submitted_rating_is_read_by_its_name_or_words_and_anything_else_is_refused():
    assert parse_rating("DecontextualizedContent") is MediaRating.MISSING_CONTEXT
    assert parse_rating("missing context") is MediaRating.MISSING_CONTEXT
    assert parse_rating("") is None and parse_rating(None) is None
    with pytest.raises(ValueError, match=r"'MissingContext' is not a media rating: choose one of original, "):
        parse_rating("MissingContext")  # not a schema.org term
