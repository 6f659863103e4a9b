"""Value types of the extraction pipeline: the input article and the candidate claim."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

CLAIM_TYPES = (
    "quantity",
    "comparison",
    "causal",
    "prediction",
    "rule",
    "personal_experience",
    "intent",
    "event",
)

CLAIM_TYPE_LABELS = {
    "quantity": "quantity/statistic",
    "comparison": "comparison",
    "causal": "cause and effect",
    "prediction": "prediction",
    "rule": "rule or law",
    "personal_experience": "personal experience",
    "intent": "attribution of intent or accusation",
    "event": "event report",
}


@dataclass(frozen=True)
class ArticleInput:
    """The minimum extract() needs; any object with these attributes works too."""

    body: str = ""
    published_date: dt.date | None = None
    title: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class CandidateClaim:
    """One sentence (or quote in context) proposed to the desk, with why and how checkable."""

    text: str
    spans: tuple[tuple[int, int], ...]
    speaker: str | None = None
    speaker_role: str | None = None
    attribution: str | None = None
    claim_types: tuple[str, ...] = ()
    score: float = 0.0
    reasons: tuple[str, ...] = ()
    claim_date: dt.date | None = None
    claim_date_text: str | None = None
    claim_date_precision: str | None = None
    date_warning: str | None = None
    entities: tuple[str, ...] = field(default=())
    numbers: tuple[str, ...] = field(default=())
    held_back: bool = False      # over the article's candidate limit: stored, not queued

    @property
    def start(self) -> int:
        return self.spans[0][0] if self.spans else 0

    @property
    def end(self) -> int:
        return self.spans[0][1] if self.spans else 0

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "spans": [list(s) for s in self.spans],
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker,
            "speaker_role": self.speaker_role,
            "attribution": self.attribution,
            "claim_types": list(self.claim_types),
            "score": self.score,
            "reasons": list(self.reasons),
            "claim_date": self.claim_date.isoformat() if self.claim_date else None,
            "claim_date_text": self.claim_date_text,
            "claim_date_precision": self.claim_date_precision,
            "date_warning": self.date_warning,
            "entities": list(self.entities),
            "numbers": list(self.numbers),
            "held_back": self.held_back,
        }


@dataclass(frozen=True)
class ExtractionResult:
    """extract_report(): the claims (held-back ones flagged), and what the article page shows."""

    claims: list[CandidateClaim]
    held_back: int = 0                       # how many claims are marked held_back
    warnings: tuple[str, ...] = ()           # sentences for the article page
    refused: str | None = None               # why nothing was extracted (binary, too long), else None

    @property
    def queued(self) -> list[CandidateClaim]:
        return [c for c in self.claims if not c.held_back]
