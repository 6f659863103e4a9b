"""Corrections and retractions through the editorial doors (services.editorial), against a real database:
the public log, slugs, and the editorial gate (two-person rule, rating panel, a draft's limits)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from factcheck.errors import PermissionDenied, StaleVersion, ValidationError
from factcheck.models import AmendmentStatus, Claim, Correction, RatingLevel, SlugRedirect, Verdict, VerdictRevision
from factcheck.services import editorial, review
from factcheck.services.editorial import Change
from factcheck.services.public import verdicts
from factcheck.services.settings import update_settings


def version_of(session, verdict):
    session.expire_all()
    return session.get(Claim, verdict.claim_id).version


def test_correction_adds_a_revision_a_dated_note_and_moves_date_modified(session, publish):
    verdict = publish("Old headline")
    published_at, slug = verdict.published_at, verdict.slug
    editorial.correct(session, publish.editor, verdict.claim_id, version_of(session, verdict),
                  Change(note="Headline overstated the rise.", headline="New headline"))
    session.expire_all()
    corrected = session.get(Verdict, verdict.id)
    assert corrected.slug == slug and corrected.headline == "New headline"
    assert corrected.modified_at > published_at
    assert [r.number for r in session.scalars(select(VerdictRevision).where(VerdictRevision.verdict_id == verdict.id))] == [1, 2]
    [entry] = session.scalars(select(Correction).where(Correction.verdict_id == verdict.id))
    assert (entry.kind, entry.note) == ("correction", "Headline overstated the rise.")
    assert session.scalar(select(SlugRedirect.old_slug).where(SlugRedirect.verdict_id == verdict.id)) == "new-headline"
    assert verdicts.find(session, "new-headline").redirect_to == slug


def test_a_headline_slug_taken_by_another_verdict_is_not_claimed(session, publish):
    publish("Taken headline")
    verdict = publish("Other headline")
    editorial.correct(session, publish.editor, verdict.claim_id, version_of(session, verdict),
                  Change(note="Clearer.", headline="Taken headline"))
    assert session.scalar(select(SlugRedirect).where(SlugRedirect.old_slug == "taken-headline")) is None


def test_nothing_changed_and_reviewers_are_refused(session, publish, make_user):
    verdict = publish()
    with pytest.raises(ValidationError, match="Nothing was changed"):
        editorial.correct(session, publish.editor, verdict.claim_id, version_of(session, verdict),
                      Change(note="n", headline=verdict.headline))
    with pytest.raises(PermissionDenied):
        editorial.correct(session, make_user("reviewer"), verdict.claim_id, version_of(session, verdict),
                      Change(note="n", headline="Other"))


def test_retraction_keeps_the_row_and_logs_it(session, publish):
    verdict = publish()
    editorial.retract(session, publish.editor, verdict.claim_id, version_of(session, verdict), "The data was wrong.")
    session.expire_all()
    assert session.get(Verdict, verdict.id).retracted_at is not None
    assert verdicts.find(session, verdict.slug).key.retracted
    assert session.get(Claim, verdict.claim_id).status == "retracted"


@pytest.fixture
def drafted_by_editor(session, make_user, make_claim):
    """A verdict drafted by an editor (`author`) and published by another (`publisher`)."""
    from datetime import date

    from factcheck.models import Evidence
    from factcheck.services import research

    author, publisher = make_user("editor", name="Drafting Editor"), make_user("editor", name="Second Editor")
    claim = make_claim("queued")
    research.take(session, author, claim.id, claim.version)
    false = session.scalar(select(RatingLevel.id).where(RatingLevel.slug == "false"))
    research.save_draft(session, author, claim.id, version_of_claim(session, claim.id), research.DraftInput(
        rating_id=false, headline="Crime did not rise by half", summary="It rose by 3%.", body="See [1]."))
    session.add(Evidence(claim_id=claim.id, number=1, url="https://stats.example.org/c", title="Crime",
                         publisher="Stats", published_date=date(2024, 1, 1), source_kind="primary", added_by_id=author.id))
    session.commit()
    research.submit(session, author, claim.id, version_of_claim(session, claim.id))
    verdict = editorial.publish(session, publisher, claim.id, version_of_claim(session, claim.id))
    return verdict, author, publisher


def version_of_claim(session, claim_id):
    session.expire_all()
    return session.get(Claim, claim_id).version


def level_id(session, slug):
    return session.scalar(select(RatingLevel.id).where(RatingLevel.slug == slug))


def public_state(session, verdict_id):
    session.expire_all()
    verdict = session.get(Verdict, verdict_id)
    return verdict.rating_label, verdict.headline, verdict.retracted_at


@pytest.mark.parametrize("act", ["re-rate", "retract", "text"])
def test_the_drafting_editor_cannot_amend_alone_and_the_page_waits(session, drafted_by_editor, act):
    verdict, author, publisher = drafted_by_editor
    before = public_state(session, verdict.id)
    version = version_of_claim(session, verdict.claim_id)
    if act == "retract":
        amendment = editorial.retract(session, author, verdict.claim_id, version, "Our source was forged.")
    else:
        change = (Change("Re-rated.", rating_id=level_id(session, "mostly-false")) if act == "re-rate"
                  else Change("Clearer headline.", headline="Crime rose by 3%, not by half"))
        amendment = editorial.correct(session, author, verdict.claim_id, version, change)
    assert amendment.status is AmendmentStatus.PENDING
    assert public_state(session, verdict.id) == before  # readers see nothing yet
    assert session.scalars(select(Correction).where(Correction.verdict_id == verdict.id)).all() == []
    with pytest.raises(PermissionDenied, match="Two-person rule"):
        editorial.approve(session, author, amendment.id, version_of_claim(session, verdict.claim_id))
    editorial.approve(session, publisher, amendment.id, version_of_claim(session, verdict.claim_id))
    after = public_state(session, verdict.id)
    assert after != before
    [entry] = session.scalars(select(Correction).where(Correction.verdict_id == verdict.id))
    assert entry.created_by_id == author.id  # the public log credits who proposed it


def test_another_editor_corrects_at_once(session, drafted_by_editor):
    verdict, _author, publisher = drafted_by_editor
    amendment = editorial.correct(session, publisher, verdict.claim_id, version_of_claim(session, verdict.claim_id),
                                  Change("Re-rated.", rating_id=level_id(session, "mostly-false")))
    assert amendment.status is AmendmentStatus.APPLIED
    assert public_state(session, verdict.id)[0] == "Mostly false"


def test_a_stale_form_cannot_sign_off_and_a_rejected_proposal_changes_nothing(session, drafted_by_editor):
    verdict, author, publisher = drafted_by_editor
    stale = version_of_claim(session, verdict.claim_id)
    amendment = editorial.correct(session, author, verdict.claim_id, stale, Change("n", summary="It rose by 3.1%."))
    with pytest.raises(StaleVersion):  # the proposal moved the claim's version on
        editorial.approve(session, publisher, amendment.id, stale)
    editorial.reject(session, publisher, amendment.id, version_of_claim(session, verdict.claim_id), "Not needed.")
    assert session.get(Verdict, verdict.id).summary == "It rose by 3%."
    with pytest.raises(ValidationError, match="already rejected"):
        editorial.approve(session, publisher, amendment.id, version_of_claim(session, verdict.claim_id))


def test_the_rating_panel_decides_a_rating_change(session, drafted_by_editor, make_user):
    verdict, author, publisher = drafted_by_editor
    update_settings(session, make_user("admin"), {"rating_panel_size": 3})
    mostly, half = level_id(session, "mostly-false"), level_id(session, "half-true")
    amendment = editorial.correct(session, publisher, verdict.claim_id, version_of_claim(session, verdict.claim_id),
                                  Change("Re-rated.", rating_id=mostly))
    assert amendment.status is AmendmentStatus.PENDING
    with pytest.raises(ValidationError, match="three editors' votes"):
        editorial.approve(session, publisher, amendment.id, version_of_claim(session, verdict.claim_id))
    with pytest.raises(PermissionDenied):
        review.vote_on_amendment(session, author, amendment.id, mostly)
    for editor, choice in ((publisher, half), (make_user("editor"), half), (make_user("editor"), mostly)):
        review.vote_on_amendment(session, editor, amendment.id, choice)
    editorial.approve(session, publisher, amendment.id, version_of_claim(session, verdict.claim_id))
    assert public_state(session, verdict.id)[0] == "Half true"  # the majority, not the proposal


@pytest.mark.parametrize("change, message", [
    (Change("n", headline="x" * 75), "headline is longer than 74"),
    (Change("n", summary="x" * 1001), "summary is longer than 1,000"),
    (Change("n", body="See [1] and [7]."), r"cites \[7\]"),
    (Change("", summary="Fixed."), "public note"),
])
def test_a_correction_is_held_to_a_drafts_limits(session, drafted_by_editor, change, message):
    verdict, _author, publisher = drafted_by_editor
    with pytest.raises(ValidationError, match=message):
        editorial.correct(session, publisher, verdict.claim_id, version_of_claim(session, verdict.claim_id), change)
    assert session.scalars(select(Correction).where(Correction.verdict_id == verdict.id)).all() == []


def test_publish_refuses_a_dangling_citation(session, make_user, make_claim):
    from factcheck.models import Evidence
    from factcheck.services import research

    reviewer, editor = make_user("reviewer"), make_user("editor")
    claim = make_claim("queued")
    research.take(session, reviewer, claim.id, claim.version)
    research.save_draft(session, reviewer, claim.id, version_of_claim(session, claim.id), research.DraftInput(
        rating_id=level_id(session, "false"), headline="H", summary="S", body="See [1] and [2]."))
    for n in (1, 2):
        session.add(Evidence(claim_id=claim.id, number=n, url=f"https://a.example.org/{n}", title="T",
                             publisher=f"P{n}", source_kind="primary", added_by_id=reviewer.id))
    session.commit()
    research.submit(session, reviewer, claim.id, version_of_claim(session, claim.id))
    session.get(Evidence, session.scalar(select(Evidence.id).where(Evidence.number == 2))).removed_at = \
        session.get(Claim, claim.id).created_at  # removed behind the review's back (the desk refuses this)
    session.commit()
    with pytest.raises(ValidationError, match=r"cites \[2\]"):
        editorial.publish(session, editor, claim.id, version_of_claim(session, claim.id))
    assert session.get(Claim, claim.id).status == "in_review"


def test_renaming_a_level_keeps_published_labels_unless_asked(session, drafted_by_editor, make_user):
    from factcheck.services import ratings
    from factcheck.services.ratings import LevelInput

    verdict, _author, _publisher = drafted_by_editor
    admin = make_user("admin")
    level = session.get(RatingLevel, level_id(session, "false"))
    with pytest.raises(ValidationError, match="1 published verdict shows"):
        ratings.update(session, admin, level.id, LevelInput("Wrong", level.description, level.colour, level.value))
    ratings.update(session, admin, level.id, LevelInput("Wrong", level.description, level.colour, level.value),
                   published="keep")
    assert public_state(session, verdict.id)[0] == "False"
    ratings.update(session, admin, level.id, LevelInput("Incorrect", level.description, level.colour, level.value),
                   published="relabel")
    assert public_state(session, verdict.id)[0] == "Incorrect"
    [entry] = session.scalars(select(Correction).where(Correction.verdict_id == verdict.id))
    assert entry.kind == "update" and "“False” is now called “Incorrect”" in entry.note  # the label readers saw
