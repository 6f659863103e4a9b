"""The desk's triage decisions as scorer training data: accepted = check-worthy (1), dismissed = not (0)."""
from __future__ import annotations

import csv
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Claim
from factcheck.workflow import Status

# Every status a claim reaches only through `accept`; a duplicate says nothing about worthiness.
ACCEPTED = (Status.QUEUED, Status.RESEARCHING, Status.IN_REVIEW, Status.PUBLISHED, Status.RETRACTED)


def triage_decisions(session: Session) -> list[tuple[str, int]]:
    rows = session.execute(select(Claim.text, Claim.status).where(
        Claim.article_id.is_not(None),  # hand-entered claims were never triaged from the queue
        Claim.status.in_([s.value for s in ACCEPTED] + [Status.DISMISSED.value])).order_by(Claim.id))
    return [(text, 0 if status == Status.DISMISSED else 1) for text, status in rows]


def write_csv(decisions: list[tuple[str, int]], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(["text", "label"])
    writer.writerows(decisions)
