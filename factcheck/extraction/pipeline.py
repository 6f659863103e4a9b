"""The entry point: extract(article) -> list[CandidateClaim], chaining the stages in order."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from . import dates
from .attribution import Attributor, merge_quote_runs
from .dedupe import duplicate_of
from .features import analyse
from .names import NameIndex, entities
from .scorer import load_scorer
from .scoring import adjust, reasons_for
from .segment import header_date, segment
from .types import CandidateClaim


def _article_fields(article) -> tuple[str, dt.date | None, str | None]:
    body = getattr(article, "body", "")
    body = body if isinstance(body, str) else ("" if body is None else str(body))
    ref = getattr(article, "published_date", None)
    if isinstance(ref, dt.datetime):
        ref = ref.date()
    if not isinstance(ref, dt.date):
        ref = None
    if ref is None and header_date(body):
        try:
            ref = dt.date.fromisoformat(header_date(body))
        except ValueError:
            ref = None
    outlet = getattr(article, "outlet", None)
    return body, ref, outlet if isinstance(outlet, str) and outlet.strip() else None


def extract(article) -> list[CandidateClaim]:
    """Every segmented piece of article.body as a scored candidate, in text order."""
    body, ref, outlet = _article_fields(article)
    if not body.strip():
        return []
    names = NameIndex(body)
    attributor = Attributor(names, outlet)
    scorer = load_scorer()
    pieces = []
    for group in merge_quote_runs(segment(body)):
        start, end, kind = group[0].start, group[-1].end, group[0].kind
        att = attributor.attribute(body[start:end], start, kind, group[0].line_start)
        start += att.label_end
        pieces.append((start, end, kind, att, dates.resolve_mentions(body[start:end], ref, start)))
    anchors = dates.anchored_months([dm for p in pieces for dm in p[4]])
    claims = [_candidate(body, p, ref, anchors, scorer) for p in pieces]
    return _dedupe(claims, [p[2] for p in pieces])


def _candidate(body: str, piece, ref, anchors, scorer) -> CandidateClaim:
    start, end, kind, att, mentions = piece
    text = body[start:end]
    facts = analyse(text, tuple(m.text for m in mentions))
    dm = next((m for m in mentions if m.date is not None), mentions[0] if mentions else None)
    warning = dates.consistency_warning(dm, anchors, ref) if dm else None
    p = scorer.probability(text, facts) if kind != "metadata" else 0.0
    reasons = reasons_for(facts, att, kind, bool(dm and dm.date))
    if warning:
        reasons.append("date looks inconsistent")
    return CandidateClaim(
        text=text, spans=((start, end),), speaker=att.speaker, speaker_role=att.role,
        attribution=att.how, claim_types=tuple(facts["types"]) if kind != "metadata" else (),
        score=adjust(p, facts, att, kind), reasons=tuple(reasons),
        claim_date=dm.date if dm else None, claim_date_text=dm.text if dm else None,
        claim_date_precision=dm.precision if dm and dm.date else None, date_warning=warning,
        entities=entities(text) if kind != "metadata" else (), numbers=facts["numbers"] if kind != "metadata" else (),
    )


def _dedupe(claims: list[CandidateClaim], kinds: list[str]) -> list[CandidateClaim]:
    merged = duplicate_of([(c.text, k == "headline") for c, k in zip(claims, kinds)])
    out = list(claims)
    for i, j in merged.items():
        while j in merged:
            j = merged[j]
        keep, gone = out[j], claims[i]
        out[j] = replace(keep, spans=keep.spans + gone.spans, score=max(keep.score, gone.score),
                         reasons=keep.reasons + (f"repeated at {gone.start}-{gone.end}"
                                                 + (" (headline)" if kinds[i] == "headline" else ""),))
    return [c for i, c in enumerate(out) if i not in merged]
