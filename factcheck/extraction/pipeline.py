"""The entry point: extract(article) -> list[CandidateClaim], chaining the stages in order."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from . import dates
from .attribution import Attributor, merge_quote_runs
from .dedupe import duplicate_of
from .features import analyse
from .names import NameIndex, entities
from .noise import MIN_REPEATS, NOISE_CAP, noise_reason, salad_like
from .scorers import active_scorer
from .scoring import adjust, reasons_for
from .segment import header_date, looks_like_transcript, segment
from .types import CandidateClaim, ExtractionResult


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


MAX_CANDIDATES = 200   # an article yielding more keeps its best this many; the rest is held back
MAX_CHARS = 10_500_000  # longer bodies are refused (the desk's upload limit is 10 MB)


def extract(article, max_candidates: int | None = MAX_CANDIDATES) -> list[CandidateClaim]:
    """Every segmented piece of article.body as a scored candidate, in text order; beyond
    max_candidates the lowest-scored are marked held_back (see extract_report)."""
    return extract_report(article, max_candidates).claims


def extract_report(article, max_candidates: int | None = MAX_CANDIDATES) -> ExtractionResult:
    """extract() with what the intake stores beside the claims: how many were held back, the
    warnings to show on the article page, and a refusal if the body is not text."""
    try:
        body, ref, outlet = _article_fields(article)
        refusal = _refusal(body)
        if refusal:
            return ExtractionResult([], 0, (refusal,), refusal)
        if not body.strip():
            return ExtractionResult([], 0, (), None)
        claims, warnings = _extract(body, ref, outlet)
    except Exception as exc:        # noqa: BLE001 -- a bad article must never take the intake down
        msg = f"extraction failed on this text ({type(exc).__name__}); nothing was extracted"
        return ExtractionResult([], 0, (msg,), msg)
    claims, held = hold_back(claims, max_candidates)
    if held:
        warnings.append(f"{len(claims) - held} candidates kept of {len(claims)}: this article yielded more "
                        f"than {max_candidates}, the {held} lowest-scored are held back")
    return ExtractionResult(claims, held, tuple(warnings), None)


def _refusal(body: str) -> str | None:
    if len(body) > MAX_CHARS:
        return f"text too long to extract ({len(body):,} characters; the limit is {MAX_CHARS:,})"
    sample = body[:20_000]
    bad = sum(1 for c in sample if (c < " " and c not in "\t\n\r") or c == "\ufffd")
    if sample and bad / len(sample) > 0.1:
        return f"binary-looking input ({bad / len(sample):.0%} control or replacement characters): not extracted"
    return None


def hold_back(claims: list[CandidateClaim], limit: int | None) -> tuple[list[CandidateClaim], int]:
    """Mark all but the limit best-scored candidates held_back (text order kept)."""
    if not limit or len(claims) <= limit:
        return claims, 0
    order = sorted(range(len(claims)), key=lambda i: (-claims[i].score, i))
    surplus = set(order[limit:])
    note = f"held back: the article yielded {len(claims)} candidates, over the limit of {limit}"
    return [replace(c, held_back=True, reasons=c.reasons + (note,)) if i in surplus else c
            for i, c in enumerate(claims)], len(surplus)


def _extract(body: str, ref, outlet) -> tuple[list[CandidateClaim], list[str]]:
    names = NameIndex(body)
    transcript = looks_like_transcript(body)
    attributor = Attributor(names, outlet, transcript)
    scorer = active_scorer()[1]
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
            memo.noise = noise_reason(text, kind)
            if len(seen) < MEMO_SIZE and len(text) <= 600:
                seen[text] = memo
        memo.count += 1
        pieces.append((start, end, kind, att, memo))
    warnings = _mark_salad_article(body, pieces)
    if hasattr(scorer, "prime"):          # the encoder scores the article's sentences in batches
        scorer.prime(list({body[p[0]:p[1]] for p in pieces if p[2] != "metadata" and not p[4].noise}))
    anchors = dates.anchored_months([dm for p in pieces for dm in p[4].mentions])
    claims = [_candidate(body, p, ref, anchors, scorer) for p in pieces]
    return _dedupe(claims, [p[2] for p in pieces]), warnings


def _mark_salad_article(body: str, pieces) -> list[str]:
    """An article whose long sentences are mostly word salad is salad throughout: the rest of its
    long sentences are held to a looser bound, and the article gets a warning."""
    long_ = [p for p in pieces if p[2] == "sentence" and p[1] - p[0] >= 60]
    salad = [p for p in long_ if p[4].noise == "not a sentence"]
    if len(long_) < 8 or len(salad) < 0.5 * len(long_):
        return []
    for p in pieces:
        if p[2] == "sentence" and p[4].noise is None and salad_like(body[p[0]:p[1]]):
            p[4].noise = "not a sentence"
    n = sum(1 for p in pieces if p[4].noise == "not a sentence")
    return [f"{n} of {len(pieces)} pieces read as word salad, not prose: they are scored low"]


MEMO_SIZE = 20_000     # distinct sentences whose context-free analysis is kept per article


class _Memo:
    """What a sentence's text alone decides (dates, facts, model probability, entities), computed
    once per distinct text in an article: repeated lines (boilerplate, a transcript's stage
    directions) cost only their attribution. Date mention offsets are those of the first copy."""

    __slots__ = ("mentions", "facts", "p", "entities", "noise", "count")

    def __init__(self, mentions):
        self.mentions = mentions
        self.facts = self.p = self.entities = self.noise = None
        self.count = 0


def _candidate(body: str, piece, ref, anchors, scorer) -> CandidateClaim:
    start, end, kind, att, memo = piece
    text = body[start:end]
    mentions = memo.mentions
    if memo.facts is None:
        memo.facts = analyse(text, tuple(m.text for m in mentions))
    facts = memo.facts
    dm = next((m for m in mentions if m.date is not None), mentions[0] if mentions else None)
    warning = dates.consistency_warning(dm, anchors, ref) if dm else None
    if kind == "metadata" or memo.noise:
        p = 0.0                           # not prose: no model is asked (the reason says why)
    else:
        if memo.p is None:
            memo.p = scorer.probability(text, facts)
        p = memo.p
    reasons = reasons_for(facts, att, kind, bool(dm and dm.date))
    if warning:
        reasons.append("date looks inconsistent")
    if kind != "metadata" and getattr(scorer, "was_truncated", None) and scorer.was_truncated(text):
        reasons.append(f"long sentence: the encoder read only its first {scorer.max_length} word pieces")
    score = adjust(p, facts, att, kind)
    noise = memo.noise or (f"repeated line ({memo.count} times in the article)"
                           if memo.count >= MIN_REPEATS and len(text) <= 600 else None)
    if noise:
        score = min(score, NOISE_CAP)
        reasons = [noise] + [r for r in reasons if r != "metadata line"]
    return CandidateClaim(
        text=text, spans=((start, end),), speaker=att.speaker, speaker_role=att.role,
        attribution=att.how, claim_types=tuple(facts["types"]) if kind != "metadata" else (),
        score=score, reasons=tuple(reasons),
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
