"""Intake: an article comes in, is stored once, and its candidate claims join the queue as `new`."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace
from urllib.parse import urlparse

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.documents import ArticleDraft, is_transcript, with_defaults
from factcheck.errors import ValidationError
from factcheck.extraction import extract_report
from factcheck.models import Appearance, AppearanceKind, Article, Claim, User
from factcheck.services.common import audit, commit, require_role, use_case
from factcheck.services.matching import index_and_suggest
from factcheck.services.settings import get_setting
from factcheck.transcript_body import seconds_at, shifted
from factcheck.workflow import Role

LIMITS = {"title": 300, "outlet": 200, "author": 200, "url": 2000}
MAX_BODY_CHARS = 2_000_000
MAX_CANDIDATES = 200  # setting "max_candidates": more than this from one article is implausible


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool
    claims: int


def content_hash(body: str) -> str:
    """Same text, same hash: whitespace and Unicode normal form do not make a new article."""
    normal = re.sub(r"\s+", " ", unicodedata.normalize("NFC", body)).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def validate(draft: ArticleDraft) -> ArticleDraft:
    if not draft.body or not draft.body.strip():
        raise ValidationError("The article has no text: paste the text or upload a file.")
    original = draft.body
    draft = with_defaults(draft)
    if draft.time_map:  # the offsets follow the body when its date header or blank lead is cut
        draft = replace(draft, time_map=shifted(draft.time_map, max(0, original.find(draft.body))))
    if not draft.body:
        raise ValidationError("The article has no text after its date header.")
    if len(draft.body) > MAX_BODY_CHARS:
        raise ValidationError(f"The article is longer than {MAX_BODY_CHARS:,} characters.")
    for field, limit in LIMITS.items():
        value = getattr(draft, field)
        if value and len(value) > limit:
            raise ValidationError(f"The {field} is longer than {limit} characters.")
    if draft.url and urlparse(draft.url).scheme not in {"http", "https"}:
        raise ValidationError("The article's URL must start with http:// or https://.")
    return draft


def find_by_hash(session: Session, digest: str) -> Article | None:
    return session.scalar(select(Article).where(Article.content_hash == digest))


def clipped(model: type, **values):
    """Cut text to its column's length: an engine's long guess must not fail the whole intake."""
    for name, value in values.items():
        length = getattr(model.__table__.c[name].type, "length", None)
        if isinstance(value, str) and length and len(value) > length:
            values[name] = value[: length - 1] + "…"
    return values


def claim_from(candidate, article: Article, actor: User | None) -> Claim:
    """A new claim and its original appearance: the sentence where it was found, which never changes."""
    claim = Claim(**clipped(
        Claim, text=candidate.text, speaker=candidate.speaker,
        speaker_role=candidate.speaker_role, attribution=candidate.attribution,
        claim_types=list(candidate.claim_types), score=round(float(candidate.score), 4),
        reasons=list(candidate.reasons), claim_date=candidate.claim_date,
        claim_date_text=candidate.claim_date_text, claim_date_precision=candidate.claim_date_precision,
        date_warning=candidate.date_warning, entities=list(candidate.entities),
        numbers=list(candidate.numbers), created_by_id=actor.id if actor else None,
    ))
    claim.add_appearance(appearance_from(candidate, article, actor))
    return claim


def appearance_from(candidate, article: Article, actor: User | None) -> Appearance:
    start, end = candidate.spans[0] if candidate.spans else (None, None)
    kind = AppearanceKind.TRANSCRIPT if article.kind == "transcript" else AppearanceKind.ARTICLE
    return Appearance(kind=kind, article=article, **clipped(
        Appearance, span_start=start, span_end=end, extra_spans=[list(span) for span in candidate.spans[1:]],
        text=candidate.text, speaker_as_written=candidate.speaker, url=article.url,
        appeared_on=article.published_date, at_seconds=seconds_at(article.time_map, start),
        created_by_id=actor.id if actor else None))


@use_case
def ingest(session: Session, actor: User | None, draft: ArticleDraft) -> IngestResult:
    """Store the article and its claims in one transaction; identical text returns the existing one."""
    if actor is not None:
        require_role(actor, Role.REVIEWER, "Adding articles")
    draft = validate(draft)
    digest = content_hash(draft.body)
    existing = find_by_hash(session, digest)
    if existing is not None:
        return IngestResult(existing, created=False, claims=len(existing.claims))
    article = Article(title=draft.title, outlet=draft.outlet or None, url=draft.url or None,
                      author=draft.author or None, published_date=draft.published_date, body=draft.body,
                      content_hash=digest, source_name=draft.source_name,
                      kind="transcript" if draft.time_map or is_transcript(draft.body) else "article",
                      time_map=[list(pair) for pair in draft.time_map] or None,
                      ingested_by_id=actor.id if actor else None)
    report = extract_report(article, max_candidates=int(get_setting(session, "max_candidates", MAX_CANDIDATES)))
    if report.refused:
        raise ValidationError(f"Nothing was ingested: {report.refused}.")
    article.held_back, article.extraction_warnings = report.held_back, [*draft.warnings, *report.warnings]
    session.add(article)
    claims = [claim_from(candidate, article, actor) for candidate in report.queued]
    session.add_all(claims)
    session.flush()
    index_and_suggest(session, claims)  # "already checked" and repeats are found at ingest
    audit(session, actor, "ingest", data={"article": article.id, "claims": len(claims),
                                          "held_back": report.held_back})
    commit(session)
    return IngestResult(article, created=True, claims=len(claims))
