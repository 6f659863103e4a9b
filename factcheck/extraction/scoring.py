"""Stage 4b: the check-worthiness score and the reasons a reviewer reads.

score = the model's probability (scorer.py) adjusted by structural rules the model cannot
see in one sentence: metadata lines, announcing headlines, transcript/attribution context.
"""
from __future__ import annotations

from .attribution import Attribution
from .types import CLAIM_TYPE_LABELS


def reasons_for(facts: dict, att: Attribution, kind: str, has_date: bool) -> list[str]:
    out: list[str] = []
    if kind == "metadata":
        return ["metadata line"]
    if facts["numbers"] and "quantity" in facts["types"]:
        out.append("contains a number")
    for t, word in facts["types"].items():
        label = "accusation" if t == "intent" and word.lower().startswith("accus") else CLAIM_TYPE_LABELS[t]
        out.append(f"{label}: '{word}'" if t != "quantity" else f"{label}: '{word}'")
    if att.named and att.role:
        out.append(f"attributed to a named official ({att.role})")
    elif att.named:
        out.append("attributed to a named speaker")
    if att.relay:
        out.append(f"relayed by: {att.relay}")
    if has_date:
        out.append("gives a date")
    out.extend(_negative_reasons(facts, kind, att))
    return out


def _negative_reasons(facts: dict, kind: str, att: Attribution) -> list[str]:
    out: list[str] = []
    if facts["question"]:
        out.append("question")
    if facts["opinion"]:
        out.append(f"opinion word: '{facts['opinion'][0]}'")
        if not facts["types"] and not facts["numbers"]:
            out.append("pure opinion: nothing checkable")
    if facts["hedge"]:
        out.append(f"hedged: '{facts['hedge'][0]}'")
    if kind == "headline" and not att.named:
        out.append("headline that only announces")
    if facts["words"] < 5:
        out.append("too short to be a claim")
    if att.how and "unsourced" in att.how:
        out.append("unsourced report")
    return out


def adjust(p: float, facts: dict, att: Attribution, kind: str) -> float:
    """Structural caps and nudges on top of the model probability, kept few and documented."""
    if kind == "metadata":
        return min(p, 0.02)
    if facts["words"] < 3:
        p = min(p, 0.1)
    if kind == "headline" and not att.named:
        p *= 0.6
    if facts["question"]:
        p = min(p, 0.3)
    if facts["opinion"] and not facts["types"] and not facts["numbers"]:
        p = min(p, 0.3)
    if att.named and facts["types"]:
        p = p + (1.0 - p) * 0.15
    return round(max(0.0, min(1.0, p)), 4)
