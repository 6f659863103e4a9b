"""Background jobs as the desk sees them: what was asked, its state, and why it failed.

The task queue (huey, `factcheck.tasks`) only carries a job's id; this row is the truth the UI shows
(queued, running, done, failed with the reason) and what the retry button re-queues.
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.db import Base, str_enum, utcnow
from factcheck.models.accounts import User


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return self.value


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state", "state", "id"), Index("ix_jobs_kind", "kind", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(300))  # what the desk sees: "Fetch https://…", "OCR photo.png"
    args: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[JobState] = mapped_column(str_enum(JobState, lambda s: s.value), default=JobState.QUEUED)
    error: Mapped[str | None] = mapped_column(Text)     # the reason, in words a reviewer can act on
    result: Mapped[dict | None] = mapped_column(JSON)   # what it made: {"article": 12, "claims": 4}
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    created_by: Mapped[User | None] = relationship()
