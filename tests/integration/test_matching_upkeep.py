"""The matching index is kept current by the services that write claims and verdicts (no reindex
needed): intake, hand entry, claim edits, publishing, retraction, reopening. Both databases."""
from sqlalchemy import select

from factcheck.documents import ArticleDraft
from factcheck.matching import MatchKind, similar
from factcheck.models import Claim, ClaimMatch
from factcheck.services import claim_edits, editorial, intake, triage

SENTENCE = "The regional health ministry said hospital waiting lists grew by 41 percent in 2023."


def ids(matches, attribute="claim_id"):
    return [getattr(m, attribute) for m in matches]


def test_an_ingested_claim_is_found_at_once(session, make_user):
    result = intake.ingest(session, make_user("reviewer"), ArticleDraft(title="Waiting lists", body=SENTENCE))
    [claim] = result.article.claims
    found = similar(session, "hospital waiting lists grew by 41 percent in 2023", sources=["claim"])
    assert found and found[0].claim_id == claim.id


def test_an_edit_moves_the_claim_in_the_index(session, make_user):
    reviewer = make_user("reviewer")
    claim = triage.enter_claim(session, reviewer, triage.ManualClaim(text="Bus fares doubled in Lakeshore last year"))
    claim_edits.edit_claim(session, reviewer, claim.id, claim.version,
                           claim_edits.ClaimEdit(text="Tram ridership fell by a third in Lakeshore"))
    assert claim.id in ids(similar(session, "tram ridership fell by a third", sources=["claim"]))
    assert claim.id not in ids(similar(session, "bus fares doubled", sources=["claim"]))


def test_published_is_already_checked_until_retracted(session, publish):
    verdict = publish(claim_text="Crime rose by half in Lakeshore in 2022")
    found = similar(session, "crime rose by half in Lakeshore in 2022", sources=["verdict"])
    assert found and found[0].verdict_id == verdict.id and found[0].kind is MatchKind.ALREADY_CHECKED
    claim = session.get(Claim, verdict.claim_id)
    editorial.retract(session, publish.editor, claim.id, claim.version, "The figures were withdrawn.")
    assert verdict.id not in ids(similar(session, "crime rose by half in Lakeshore in 2022", sources=["verdict"]),
                                 "verdict_id")


def test_a_new_article_repeating_a_checked_claim_gets_the_suggestion(session, publish, make_user):
    verdict = publish(claim_text="Crime rose by half in Lakeshore in 2022")
    body = "Crime rose by half in Lakeshore in 2022, Jane Minister claimed on Monday."  # same speaker: same claim
    result = intake.ingest(session, make_user("reviewer"), ArticleDraft(title="Mayor", body=body))
    new_ids = [c.id for c in result.article.claims]
    rows = session.scalars(select(ClaimMatch).where(ClaimMatch.claim_id.in_(new_ids))).all()
    assert any(row.other_claim_id == verdict.claim_id and row.kind == "already_checked" for row in rows)
