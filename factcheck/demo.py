"""Demo content: two verdicts taken through the real workflow (accept, take, evidence, draft, submit,
publish by a second person), so that `make demo` shows a public site as well as a queue.

The sources of the fictional debate are fictional (example.org); the airport verdict cites the
public record. Both verdicts say they are demo content.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Claim, RatingLevel, User, Verdict
from factcheck.services import editorial, evidence, research, triage
from factcheck.services.claim_edits import ClaimEdit, edit_claim
from factcheck.services.evidence import EvidenceInput


@dataclass(frozen=True)
class DemoVerdict:
    claim_contains: str
    edited: ClaimEdit  # the short, self-contained claim readers see; the sentence stays its appearance
    rating: str
    headline: str
    summary: str
    body: str
    sources: tuple[EvidenceInput, ...]


DEMO_NOTE = "\n\n*Demo content, written to show the desk; not a real fact-check.*"

VERDICTS = (
    DemoVerdict(
        claim_contains="killed 13 US service members and at least 170 Afghans",
        edited=ClaimEdit(text="Kabul airport bombing killed 13 US troops and at least 170 Afghans"),
        rating="mostly-true",
        headline="Airport blast killed 13 US troops and about 170 Afghans",
        summary="The death toll matches the official record, but the attack was in August 2021, "
                "not \"last August\" as the article dated January 2023 says.",
        body="The suicide bombing at Abbey Gate, Hamid Karzai International Airport, took place on "
             "26 August 2021 during the evacuation of Kabul [1]. The US military's investigation "
             "counted 13 US service members and at least 170 Afghans killed [1], and ISIS-K claimed "
             "the attack [2].\n\nThe figures are right; the article's \"last August\" points to 2022, "
             "a year too late." + DEMO_NOTE,
        sources=(
            EvidenceInput(url="https://www.centcom.mil/", title="Abbey Gate attack investigation",
                          publisher="U.S. Central Command", published_date=date(2022, 2, 4),
                          excerpt="13 U.S. service members and at least 170 Afghan civilians were killed.",
                          stance="supports", source_kind="official_data"),
            EvidenceInput(url="https://www.reuters.com/", title="Islamic State claims Kabul airport attack",
                          publisher="Reuters", published_date=date(2021, 8, 26), stance="context",
                          source_kind="secondary"),
        ),
    ),
    DemoVerdict(
        claim_contains="I vetoed one bill, once",
        edited=ClaimEdit(text="Governor Hart vetoed the housing bill only once", speaker="Governor Hart",
                         speaker_role="Governor of Lakeshore State", speaker_kind="person",
                         claim_date=date(2024, 9, 12)),
        rating="false",
        headline="Governor Hart vetoed the housing bill twice, not once",
        summary="The state's legislative record shows two vetoes of housing bills, in 2021 and 2023.",
        body="The legislature's bill tracker lists vetoes of the housing bill in 2021 and of a revised "
             "version in 2023 [1]. Only the 2023 bill carried the property-tax increase the governor "
             "cited [2]." + DEMO_NOTE,
        sources=(
            EvidenceInput(url="https://legislature.example.org/bills/housing", title="Bill tracker: housing bills",
                          publisher="Lakeshore State Legislature", stance="refutes", source_kind="primary"),
            EvidenceInput(url="https://news.example.org/veto-2023", title="Governor vetoes revised housing bill",
                          publisher="Lakeshore Ledger", stance="context", source_kind="secondary"),
        ),
    ),
)


def find_claim(session: Session, words: str) -> Claim | None:
    return session.scalar(select(Claim).where(Claim.text.contains(words), Claim.status == "new").limit(1))


def publish_demo_verdict(session: Session, author: User, editor: User, demo: DemoVerdict) -> Verdict | None:
    claim = find_claim(session, demo.claim_contains)
    if claim is None:
        return None
    edit_claim(session, author, claim.id, claim.version, demo.edited)
    rating = session.scalar(select(RatingLevel).where(RatingLevel.slug == demo.rating))
    triage.accept(session, author, claim.id, claim.version)
    research.take(session, author, claim.id, claim.version)
    for source in demo.sources:
        evidence.add(session, author, claim.id, source)
    research.save_draft(session, author, claim.id, claim.version, research.DraftInput(rating_id=rating.id, headline=demo.headline,
                        summary=demo.summary, body=demo.body))
    research.submit(session, author, claim.id, claim.version)
    return editorial.publish(session, editor, claim.id, claim.version)


def publish_demo_verdicts(session: Session, author: User, editor: User) -> list[Verdict]:
    """Once: when any verdict exists already, the demo leaves the public site alone."""
    if session.scalar(select(Verdict.id).limit(1)) is not None:
        return []
    published = (publish_demo_verdict(session, author, editor, demo) for demo in VERDICTS)
    return [verdict for verdict in published if verdict is not None]
