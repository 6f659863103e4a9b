"""Published verdicts made the way the desk makes them: take, draft, evidence, submit, publish."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from factcheck.models import Evidence, RatingLevel, Verdict
from factcheck.services import editorial, research


def rating_id(session, slug: str) -> int:
    return session.scalar(select(RatingLevel.id).where(RatingLevel.slug == slug))


@pytest.fixture
def publish(session, make_user, make_claim):
    """publish(headline=..., rating="false", ...) -> the published Verdict (reviewer drafts, editor publishes)."""
    reviewer, editor = make_user("reviewer", name="Riley Reviewer"), make_user("editor", name="Eden Editor")

    def make(headline: str = "Crime did not rise by half", *, rating: str = "false", claim_text: str | None = None,
             speaker: str | None = "Jane Minister", summary: str = "Police figures show a 3% rise, not 50%.",
             body: str = "The police statistics [1] show a rise of 3%.", sources: int = 1,
             claim_types: list | None = None, **claim_fields) -> Verdict:
        claim = make_claim("queued", text=claim_text, speaker=speaker, claim_types=claim_types or ["quantity"],
                           **claim_fields)
        claim = research.take(session, reviewer, claim.id, claim.version)
        research.save_draft(session, reviewer, claim.id, claim.version, research.DraftInput(rating_id=rating_id(session, rating),
                            headline=headline, summary=summary, body=body))
        for n in range(1, sources + 1):
            session.add(Evidence(claim_id=claim.id, number=n, url=f"https://stats.example.org/crime/{n}",
                                 title=f"Recorded crime {n}", publisher="Statistics Office",
                                 published_date=date(2024, 3, n), archive_url=f"https://archive.example.org/{n}",
                                 source_kind="primary" if n == 1 else "secondary", added_by_id=reviewer.id))
        session.commit()
        research.submit(session, reviewer, claim.id, session.get(type(claim), claim.id).version)
        verdict = editorial.publish(session, editor, claim.id, session.get(type(claim), claim.id).version)
        return verdict

    make.editor = editor
    return make
