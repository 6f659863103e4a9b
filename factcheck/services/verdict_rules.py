"""What a verdict's text must meet, defined once: drafts, submissions, publishing and corrections all
check these, and the forms take their limits from here."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from factcheck.errors import ValidationError
from factcheck.models import Evidence, RatingLevel
from factcheck.rendering.markdown import cited_numbers
from factcheck.services.common import get_or_404

HEADLINE_MAX = 74  # ClaimReview asks for a headline under 75 characters
SUMMARY_MAX = 1000
BODY_MAX = 50_000
PUBLIC_NOTE_MAX = 2000  # the note on a correction or retraction
CLAIM_REVIEWED_ADVICE = 75  # Google's advice for claimReviewed: under 75 characters

LIMITS = {"headline": HEADLINE_MAX, "summary": SUMMARY_MAX, "body": BODY_MAX}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a form, and the field it is in (None: the page as a whole)."""

    field: str | None
    message: str


def text_problems(headline: str, summary: str, body: str) -> list[Problem]:
    values = {"headline": headline, "summary": summary, "body": body}
    return [Problem(name, f"The {name} is longer than {limit:,} characters.")
            for name, limit in LIMITS.items() if len((values[name] or "").strip()) > limit]


def rating_problems(session: Session, rating_id: int | None, *, allow: int | None = None) -> list[Problem]:
    """A retired level cannot be chosen, except the one already in place (`allow`)."""
    if rating_id is None:
        return []
    rating = get_or_404(session, RatingLevel, rating_id, "rating")
    if rating.retired and rating.id != allow:
        return [Problem("rating", f"The rating {rating.label!r} is retired; choose another.")]
    return []


def citation_problems(body: str, evidence: list[Evidence]) -> list[Problem]:
    """Every `[n]` in the body must be a live source of this claim."""
    live = {e.number for e in evidence if e.removed_at is None}
    dangling = sorted(cited_numbers(body) - live)
    if not dangling:
        return []
    listed = ", ".join(f"[{n}]" for n in dangling)
    return [Problem("body", f"The body cites {listed}, which {'is' if len(dangling) == 1 else 'are'} not among "
                            "this claim's sources: add the source or remove the citation.")]


def refuse(problems: list[Problem], lead: str) -> None:
    """Raise one ValidationError naming every problem (the first one's field marks the form)."""
    if problems:
        raise ValidationError(f"{lead} " + " ".join(p.message for p in problems), field=problems[0].field,
                              problems=[(p.field, p.message) for p in problems])


def check_text(session: Session, rating_id: int | None, headline: str, summary: str, body: str,
               *, allow_rating: int | None = None) -> None:
    refuse(rating_problems(session, rating_id, allow=allow_rating) + text_problems(headline, summary, body),
           "Not saved.")
