"""Shared test data for the publishing tests: one realistic published verdict."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from factcheck.publishing.claimreview import ClaimAppearance, ClaimAuthor, ClaimReviewInput, Organisation, ReviewRating

ORG = Organisation("The Desk", "https://desk.example", "https://desk.example/logo.png")

BASE_REVIEW = ClaimReviewInput(
    url="https://desk.example/verdicts/crime-doubled",
    claim_reviewed="Crime doubled in the city last year.",
    headline="No, crime did not double",
    date_published=datetime(2024, 3, 1, 9, 30, 15, 123456, tzinfo=UTC),
    date_modified=datetime(2024, 3, 2, 10, 0, tzinfo=UTC),
    organisation=ORG,
    rating=ReviewRating("False", 1, 5, 1),
    claim_author=ClaimAuthor("Jane Mayor"),
    claim_date=date(2024, 2, 20),
    appearances=(ClaimAppearance("https://news.example/interview", "City News", "The mayor on crime",
                                 date(2024, 2, 20)),),
    first_appearance_url="https://web.archive.org/web/2024/https://news.example/interview",
)


@pytest.fixture
def org() -> Organisation:
    return ORG


@pytest.fixture
def make_input():
    """Factory: the base verdict with some fields changed, e.g. make_input(claim_date=None)."""
    return lambda **changes: replace(BASE_REVIEW, **changes)
