"""Stored images: a screenshot where a claim appeared, an image attached to evidence, or an image that
came in as a source (its OCR text became an article). The file itself is in the media store
(factcheck.storage) under `storage_key`; this row says what it is, where it belongs and what OCR read.

`ImageHash` holds the perceptual hashes look-alikes are found by: the whole image (variant 0) and
its one-side crops (factcheck.images.CROP_STEPS), each split into four indexed 16-bit bands.
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.db import Base, str_enum, utcnow
from factcheck.models.accounts import User


class ImageUse(enum.StrEnum):
    APPEARANCE = "appearance"  # where a claim appeared (a screenshot, a meme)
    EVIDENCE = "evidence"      # attached to a piece of evidence
    SOURCE = "source"          # came in as a source: its text was read and claims extracted from it

    @property
    def label(self) -> str:
        return {"appearance": "where the claim appeared", "evidence": "evidence", "source": "a source"}[self.value]


class OcrState(enum.StrEnum):
    QUEUED = "queued"
    DONE = "done"
    FAILED = "failed"
    UNAVAILABLE = "unavailable"  # no tesseract on this server

    @property
    def label(self) -> str:
        return {"queued": "waiting for OCR", "done": "read", "failed": "OCR failed",
                "unavailable": "OCR unavailable"}[self.value]


class ImageAsset(Base):
    __tablename__ = "images"

    id: Mapped[int] = mapped_column(primary_key=True)
    use: Mapped[ImageUse] = mapped_column(str_enum(ImageUse, lambda u: u.value))
    storage_key: Mapped[str] = mapped_column(String(120))
    thumbnail_key: Mapped[str] = mapped_column(String(120))
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # of the re-encoded file
    mime: Mapped[str] = mapped_column(String(20))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    bytes: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str | None] = mapped_column(String(300))
    seen_url: Mapped[str | None] = mapped_column(String(2000))  # where it was seen, when someone said
    phash: Mapped[int] = mapped_column(BigInteger)  # the whole image's, signed 64-bit
    dhash: Mapped[int] = mapped_column(BigInteger)
    ocr_state: Mapped[OcrState] = mapped_column(str_enum(OcrState, lambda s: s.value), default=OcrState.QUEUED)
    ocr_text: Mapped[str | None] = mapped_column(Text)
    ocr_error: Mapped[str | None] = mapped_column(String(500))
    ocr_at: Mapped[datetime | None]
    ocr_job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id"))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    appearance_id: Mapped[int | None] = mapped_column(ForeignKey("appearances.id"), index=True)
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id"), index=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)  # a source's article
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    uploaded_by: Mapped[User | None] = relationship()

    @property
    def dimensions(self) -> str:
        return f"{self.width} × {self.height}"


class ImageHash(Base):
    __tablename__ = "image_hashes"
    # one index per band, covering what a look-up reads (the hash and its image): no table row is fetched
    __table_args__ = tuple(Index(f"ix_image_hashes_b{i}", f"b{i}", "phash", "image_id") for i in range(4))

    id: Mapped[int] = mapped_column(primary_key=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"), index=True)
    variant: Mapped[int] = mapped_column(SmallInteger)  # 0: the whole image; then the crops in order
    phash: Mapped[int] = mapped_column(BigInteger)
    b0: Mapped[int] = mapped_column(Integer)
    b1: Mapped[int] = mapped_column(Integer)
    b2: Mapped[int] = mapped_column(Integer)
    b3: Mapped[int] = mapped_column(Integer)


__all__ = ["ImageAsset", "ImageHash", "ImageUse", "OcrState"]
