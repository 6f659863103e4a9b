"""The matching index: one `match_documents` row per claim, published verdict and external fact-check.

The services call these functions inside their own transaction (nothing here commits). The database
keeps the full-text index of the rows itself (migration 0005m); `match_terms` counts the documents
holding each word, for the re-ranker's word weights.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from sqlalchemy import delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from factcheck.db import utcnow
from factcheck.matching import candidates, semantic
from factcheck.matching.text import terms
from factcheck.models import Claim, ExternalFactCheck, MatchDocument, MatchTerm, Verdict

TOTAL = ""  # the match_terms row counting every document


@dataclass(frozen=True)
class Document:
    kind: str
    ref_id: int
    claim_id: int | None
    body: str
    speaker: str | None = None
    claim_date: date | None = None


def vocabulary(body: str) -> set[str]:
    return set(terms(body)) | {TOTAL}


def bump(session: Session, deltas: Counter) -> None:
    """Add each delta to its word's document count (one statement; words sorted so writers never deadlock)."""
    rows = [{"term": term, "df": n} for term, n in sorted(deltas.items()) if n]
    if not rows:
        return
    candidates.forget(session)
    dialect_insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(MatchTerm)
    session.execute(statement.on_conflict_do_update(index_elements=["term"],
                                                    set_={"df": MatchTerm.df + statement.excluded.df}), rows)


def _existing(session: Session, kind: str, ref_id: int) -> MatchDocument | None:
    return session.scalar(select(MatchDocument).where(MatchDocument.kind == kind, MatchDocument.ref_id == ref_id))


def put(session: Session, document: Document) -> None:
    """Insert or refresh one document, keeping the word counts right."""
    row = _existing(session, document.kind, document.ref_id)
    deltas = Counter({term: 1 for term in vocabulary(document.body)})
    if row is None:
        row = MatchDocument(kind=document.kind, ref_id=document.ref_id)
        session.add(row)
    else:
        deltas.subtract({term: 1 for term in vocabulary(row.body)})
    if row.body != document.body or row.embedding is None:
        row.embedding = semantic.embed_one(document.body)
    row.claim_id, row.body, row.speaker = document.claim_id, document.body, document.speaker
    row.claim_date, row.indexed_at = document.claim_date, utcnow()
    bump(session, deltas)
    session.flush()


def remove(session: Session, kind: str, ref_id: int) -> None:
    row = _existing(session, kind, ref_id)
    if row is not None:
        bump(session, Counter({term: -1 for term in vocabulary(row.body)}))
        session.delete(row)
        session.flush()


def claim_document(claim: Claim) -> Document:
    return Document("claim", claim.id, claim.id, claim.text or "", claim.speaker, claim.claim_date)


def verdict_document(verdict: Verdict, claim: Claim) -> Document:
    body = f"{verdict.headline or ''}\n{claim.text or ''}".strip()
    return Document("verdict", verdict.id, claim.id, body, claim.speaker, claim.claim_date)


def external_document(external: ExternalFactCheck) -> Document:
    return Document("external", external.id, None, external.claim_reviewed or "", external.claimant,
                    external.date_published)


def is_public(verdict: Verdict) -> bool:
    return verdict.published_at is not None and verdict.retracted_at is None


def index_claim(session: Session, claim: Claim) -> None:
    """(Re)index a claim after it was created or its text, speaker or date changed; its verdict too."""
    if claim.id is None:
        session.flush()
    put(session, claim_document(claim))
    verdict = session.scalar(select(Verdict).where(Verdict.claim_id == claim.id))
    if verdict is not None:
        index_verdict(session, verdict)


def index_verdict(session: Session, verdict: Verdict) -> None:
    """Call after publish, correct, retract, reopen: only a published, unretracted verdict is indexed."""
    if not is_public(verdict):
        remove(session, "verdict", verdict.id)
        return
    put(session, verdict_document(verdict, session.get(Claim, verdict.claim_id)))


def index_external(session: Session, external: ExternalFactCheck) -> None:
    if external.id is None:
        session.flush()
    put(session, external_document(external))


def unindex_claim(session: Session, claim_id: int) -> None:
    remove(session, "claim", claim_id)


def unindex_verdict(session: Session, verdict_id: int) -> None:
    remove(session, "verdict", verdict_id)


def unindex_external(session: Session, external_id: int) -> None:
    remove(session, "external", external_id)


def add_many(session: Session, documents: Iterable[Document], batch: int = 2000) -> int:
    """Bulk insert of new documents (reindex, benchmarks): one counted pass, batched inserts."""
    deltas: Counter = Counter()
    count, chunk = 0, []
    for document in documents:
        deltas.update(vocabulary(document.body))
        chunk.append(document)
        if len(chunk) >= batch:
            count += _insert(session, chunk)
            chunk = []
    count += _insert(session, chunk)
    bump(session, deltas)
    return count


def _insert(session: Session, documents: list[Document]) -> int:
    if not documents:
        return 0
    vectors = semantic.embed_many([d.body for d in documents])
    session.execute(insert(MatchDocument), [
        {"kind": d.kind, "ref_id": d.ref_id, "claim_id": d.claim_id, "body": d.body, "speaker": d.speaker,
         "claim_date": d.claim_date, "embedding": vector}
        for d, vector in zip(documents, vectors)])
    return len(documents)


def reindex(session: Session) -> dict[str, int]:
    """Rebuild every document and word count from the tables (in the caller's transaction)."""
    session.execute(delete(MatchDocument))
    session.execute(delete(MatchTerm))
    claims = {row.id: row for row in session.execute(select(Claim.id, Claim.text, Claim.speaker, Claim.claim_date))}
    published = session.execute(select(Verdict.id, Verdict.claim_id, Verdict.headline).where(
        Verdict.published_at.is_not(None), Verdict.retracted_at.is_(None)))
    documents = [claim_document(c) for c in claims.values()]
    documents += [verdict_document(v, claims[v.claim_id]) for v in published if v.claim_id in claims]
    documents += [external_document(e) for e in session.scalars(select(ExternalFactCheck))]
    add_many(session, documents)
    session.flush()
    return dict(Counter(d.kind for d in documents)) | {"documents": len(documents)}


def document_count(session: Session) -> int:
    return session.scalar(select(func.coalesce(MatchTerm.df, 0)).where(MatchTerm.term == TOTAL)) or 0


__all__ = ["index_claim", "index_verdict", "index_external", "unindex_claim", "unindex_verdict",
           "unindex_external", "reindex", "add_many", "Document"]
