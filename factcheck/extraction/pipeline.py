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
from .segment import header_date, looks_like_transcript, segment
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
    transcript = looks_like_transcript(body)
    attributor = Attributor(names, outlet, transcript)
    scorer = load_scorer()
    pieces = []
    seen: dict[str, _Memo] = {}
    for group in merge_quote_runs(segment(body, transcript)):
        start, end, kind = group[0].start, group[-1].end, group[0].kind
        att = attributor.attribute(body[start:end], start, kind, group[0].line_start)
        start += att.label_end
        text = body[start:end]
        memo = seen.get(text)
        if memo is None:
            memo = _Memo(dates.resolve_mentions(text, ref, start))
            if len(seen) < MEMO_SIZE and len(text) <= 600:
                seen[text] = memo
        pieces.append((start, end, kind, att, memo))
    anchors = dates.anchored_months([dm for p in pieces for dm in p[4].mentions])
    claims = [_candidate(body, p, ref, anchors, scorer) for p in pieces]
    return _dedupe(claims, [p[2] for p in pieces])


MEMO_SIZE = 20_000     # distinct sentences whose context-free analysis is kept per article


class _Memo:
    """What a sentence's text alone decides (dates, facts, model probability, entities), computed
    once per distinct text in an article: repeated lines (boilerplate, a transcript's stage
    directions) cost only their attribution. Date mention offsets are those of the first copy."""

    __slots__ = ("mentions", "facts", "p", "entities")

    def __init__(self, mentions):
        self.mentions = mentions
        self.facts = self.p = self.entities = None


def _candidate(body: str, piece, ref, anchors, scorer) -> CandidateClaim:
    start, end, kind, att, memo = piece
    text = body[start:end]
    mentions = memo.mentions
    if memo.facts is None:
        memo.facts = analyse(text, tuple(m.text for m in mentions))
    facts = memo.facts
    dm = next((m for m in mentions if m.date is not None), mentions[0] if mentions else None)
    warning = dates.consistency_warning(dm, anchors, ref) if dm else None
    if kind == "metadata":
        p = 0.0
    else:
        if memo.p is None:
            memo.p = scorer.probability(text, facts)
        p = memo.p
    reasons = reasons_for(facts, att, kind, bool(dm and dm.date))
    if warning:
        reasons.append("date looks inconsistent")
    return CandidateClaim(
        text=text, spans=((start, end),), speaker=att.speaker, speaker_role=att.role,
        attribution=att.how, claim_types=tuple(facts["types"]) if kind != "metadata" else (),
        score=adjust(p, facts, att, kind), reasons=tuple(reasons),
        claim_date=dm.date if dm else None, claim_date_text=dm.text if dm else None,
        claim_date_precision=dm.precision if dm and dm.date else None, date_warning=warning,
        entities=_entities(memo, text) if kind != "metadata" else (), numbers=facts["numbers"] if kind != "metadata" else (),
    )


def _entities(memo: _Memo, text: str) -> tuple[str, ...]:
    if memo.entities is None:
        memo.entities = entities(text)
    return memo.entities


def _dedupe(claims: list[CandidateClaim], kinds: list[str]) -> list[CandidateClaim]:
    merged = duplicate_of([(c.text, k == "headline") for c, k in zip(claims, kinds)])
    if not merged:
        return claims
    extra: dict[int, tuple[list, list, list]] = {}      # target -> (spans, scores, reasons), linear
    for i, j in merged.items():
        while j in merged:
            j = merged[j]
        gone = claims[i]
        spans, scores, reasons = extra.setdefault(j, ([], [], []))
        spans.extend(gone.spans)
        scores.append(gone.score)
        reasons.append(f"repeated at {gone.start}-{gone.end}" + (" (headline)" if kinds[i] == "headline" else ""))
    out = []
    for i, c in enumerate(claims):
        if i in merged:
            continue
        if i in extra:
            spans, scores, reasons = extra[i]
            c = replace(c, spans=c.spans + tuple(spans), score=max([c.score] + scores),
                        reasons=c.reasons + tuple(reasons))
        out.append(c)
    return out
