"""Services move claims along the workflow against a real database: audit, version, refusals."""
import pytest
from sqlalchemy import select

from factcheck.errors import InvalidTransition, PermissionDenied, StaleVersion, ValidationError
from factcheck.models import AuditEvent, Claim, Evidence, RatingLevel
from factcheck.services import editorial, research, triage
from tests.conftest import claim_status


def events(session, claim_id):
    session.expire_all()
    return list(session.scalars(select(AuditEvent).where(AuditEvent.claim_id == claim_id).order_by(AuditEvent.id)))


def test_accept_writes_one_audit_event_and_bumps_the_version(session, make_user, make_claim):
    reviewer, claim = make_user("reviewer"), make_claim("new")
    triage.accept(session, reviewer, claim.id, claim.version)
    [event] = events(session, claim.id)
    assert (event.action, event.from_status, event.to_status, event.actor_id) == ("accept", "new", "queued", reviewer.id)
    assert session.get(Claim, claim.id).version == 2


def test_stale_version_is_refused_and_nothing_is_written(session, make_user, make_claim):
    reviewer, claim = make_user("reviewer"), make_claim("new")
    triage.accept(session, reviewer, claim.id, 1)
    with pytest.raises(StaleVersion, match="version 1"):
        triage.dismiss(session, reviewer, claim.id, 1, "opinion")
    assert claim_status(session, claim.id) == "queued"
    assert len(events(session, claim.id)) == 1


def test_a_concurrent_writer_loses_instead_of_overwriting(app, make_user, make_claim):
    """Two sessions read version 1; the second commit is refused by the UPDATE's version check."""
    maker = app.extensions["factcheck.sessionmaker"]
    claim, reviewer = make_claim("new"), make_user("reviewer")
    first, second = maker(), maker()
    second.get(Claim, claim.id)  # loaded at version 1 before the first commit
    triage.accept(first, first.get(type(reviewer), reviewer.id), claim.id, 1)
    with pytest.raises(StaleVersion):
        triage.dismiss(second, second.get(type(reviewer), reviewer.id), claim.id, 1, "opinion")
    first.close(), second.close()
    check = maker()
    assert check.get(Claim, claim.id).status == "queued"
    assert [e.action for e in check.scalars(select(AuditEvent).where(AuditEvent.claim_id == claim.id))] == ["accept"]


def test_reviewer_cannot_reopen_but_editor_can(session, make_user, make_claim):
    claim = make_claim("dismissed")
    with pytest.raises(PermissionDenied):
        editorial.reopen(session, make_user("reviewer"), claim.id, claim.version)
    editorial.reopen(session, make_user("editor"), claim.id, claim.version)
    assert claim_status(session, claim.id) == "new"


def test_impossible_transition_names_state_and_action(session, make_user, make_claim):
    claim = make_claim("published")
    with pytest.raises(InvalidTransition, match="Cannot accept a claim that is published"):
        triage.accept(session, make_user("editor"), claim.id, claim.version)


def test_dismiss_needs_a_known_reason_and_other_needs_text(session, make_user, make_claim):
    reviewer, claim = make_user("reviewer"), make_claim("new")
    with pytest.raises(ValidationError, match="Choose a reason"):
        triage.dismiss(session, reviewer, claim.id, 1, "boring")
    with pytest.raises(ValidationError, match="Other"):
        triage.dismiss(session, reviewer, claim.id, 1, "other", "  ")
    triage.dismiss(session, reviewer, claim.id, 1, "other", "satire site")
    session.expire_all()
    assert session.get(Claim, claim.id).dismiss_reason == "Other: satire site"


def test_duplicate_of_itself_or_of_a_duplicate_is_refused(session, make_user, make_claim):
    reviewer = make_user("reviewer")
    original, copy, third = make_claim("new"), make_claim("new"), make_claim("new")
    with pytest.raises(ValidationError, match="itself"):
        triage.mark_duplicate(session, reviewer, copy.id, 1, copy.id)
    triage.mark_duplicate(session, reviewer, copy.id, 1, original.id)
    with pytest.raises(ValidationError, match="itself a duplicate"):
        triage.mark_duplicate(session, reviewer, third.id, 1, copy.id)
    assert claim_status(session, third.id) == "new"


def test_only_the_assignee_submits_and_only_a_complete_draft(session, make_user, make_claim):
    author, other = make_user("reviewer"), make_user("reviewer")
    claim = make_claim("queued")
    research.take(session, author, claim.id, 1)
    with pytest.raises(PermissionDenied, match="assigned"):
        research.submit(session, other, claim.id, 2)
    with pytest.raises(ValidationError, match="a rating, a summary, at least one piece of evidence"):
        research.submit(session, author, claim.id, 2)
    assert claim_status(session, claim.id) == "researching"


def full_draft(session, author, claim):
    rating = session.scalar(select(RatingLevel).where(RatingLevel.slug == "false"))
    research.save_draft(session, author, claim.id, session.get(Claim, claim.id).version, research.DraftInput(rating_id=rating.id,
                        headline="Crime did not rise", summary="It fell.", body="See [1]."))
    session.add(Evidence(claim_id=claim.id, number=1, url="https://stats.example.org/crime", title="Crime stats",
                         source_kind="official_data", stance="refutes"))
    session.commit()
    research.submit(session, author, claim.id, session.get(Claim, claim.id).version)


def test_two_person_rule_and_publication(session, make_user, make_claim):
    author_editor, other_editor = make_user("editor"), make_user("editor")
    claim = make_claim("queued")
    research.take(session, author_editor, claim.id, 1)
    full_draft(session, author_editor, claim)
    version = session.get(Claim, claim.id).version
    with pytest.raises(PermissionDenied, match="Two-person rule"):
        editorial.publish(session, author_editor, claim.id, version)
    assert claim_status(session, claim.id) == "in_review"
    verdict = editorial.publish(session, other_editor, claim.id, version)
    assert verdict.slug == "crime-did-not-rise" and verdict.published_at is not None
    assert [e.action for e in events(session, claim.id)] == ["take", "submit", "publish"]


def test_retract_keeps_the_verdict_and_logs_it_publicly(session, make_user, make_claim):
    author, editor = make_user("reviewer"), make_user("editor")
    claim = make_claim("queued")
    research.take(session, author, claim.id, 1)
    full_draft(session, author, claim)
    editorial.publish(session, editor, claim.id, session.get(Claim, claim.id).version)
    with pytest.raises(ValidationError, match="public note"):
        editorial.retract(session, editor, claim.id, session.get(Claim, claim.id).version, "")
    editorial.retract(session, editor, claim.id, session.get(Claim, claim.id).version, "Source was forged.")
    assert claim_status(session, claim.id) == "retracted"
    verdict = editorial.draft_of(session, session.get(Claim, claim.id))
    assert verdict.retracted_at is not None and verdict.corrections[-1].kind == "retraction"
