"""Reading images: a claim's images with their look-alikes for the claim page, evidence images, and
who may see a stored file (the desk always; a reader only an image of a published verdict)."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from factcheck.errors import NotFound
from factcheck.models import AppearanceKind, Claim, ImageAsset, ImageUse, Verdict
from factcheck.services.images import LookAlike, claims_of, look_alikes
from factcheck.workflow import Role


@dataclass(frozen=True)
class Checked:
    claim_id: int
    slug: str | None = None  # its published verdict, if any
    headline: str | None = None
    retracted: bool = False


@dataclass(frozen=True)
class ImageView:
    image: ImageAsset
    look_alikes: list[tuple[LookAlike, list[Checked]]] = field(default_factory=list)


def of_claim(session: Session, claim: Claim) -> list[ImageAsset]:
    """The images where a claim appeared (its own, and the source images its appearances came from)."""
    appearance_ids = [a.id for a in claim.appearances]
    sources = sorted({a.article_id for a in claim.appearances if a.kind is AppearanceKind.IMAGE and a.article_id})
    if not appearance_ids and not sources:
        return []
    return list(session.scalars(select(ImageAsset).where(or_(
        ImageAsset.appearance_id.in_(appearance_ids or [-1]),
        (ImageAsset.use == ImageUse.SOURCE) & ImageAsset.article_id.in_(sources or [-1]))).order_by(ImageAsset.id)))


def of_evidence(session: Session, claim_id: int) -> dict[int, list[ImageAsset]]:
    rows = session.scalars(select(ImageAsset).where(ImageAsset.claim_id == claim_id,
                                                    ImageAsset.use == ImageUse.EVIDENCE).order_by(ImageAsset.id))
    found: dict[int, list[ImageAsset]] = {}
    for row in rows:
        found.setdefault(row.evidence_id, []).append(row)
    return found


def verdicts_of(session: Session, claim_ids: set[int]) -> dict[int, Checked]:
    if not claim_ids:
        return {}
    rows = session.execute(select(Verdict.claim_id, Verdict.slug, Verdict.headline, Verdict.retracted_at).where(
        Verdict.claim_id.in_(sorted(claim_ids)), Verdict.published_at.is_not(None)))
    return {row.claim_id: Checked(row.claim_id, row.slug, row.headline, row.retracted_at is not None) for row in rows}


def claim_images(session: Session, claim: Claim) -> list[ImageView]:
    """Each image of the claim with the look-alike images of *other* claims, and whether those are checked."""
    views = []
    for image in of_claim(session, claim):
        alikes = [a for a in look_alikes(session, image.phash, exclude=image.id)
                  if any(c != claim.id for c in a.claim_ids)]
        checked = verdicts_of(session, {c for a in alikes for c in a.claim_ids})
        views.append(ImageView(image, [(a, [checked.get(c, Checked(c)) for c in a.claim_ids if c != claim.id])
                                       for a in alikes]))
    return views


def is_public(session: Session, image: ImageAsset) -> bool:
    """An image belongs to a published (not retracted) verdict: readers may see it."""
    claim_ids = [image.claim_id] if image.use is ImageUse.EVIDENCE else list(claims_of(session, image))
    if not claim_ids or None in claim_ids:
        return False
    return session.scalar(select(Verdict.id).where(Verdict.claim_id.in_(claim_ids), Verdict.published_at.is_not(None),
                                                   Verdict.retracted_at.is_(None)).limit(1)) is not None


def viewable(session: Session, viewer, image_id: int) -> ImageAsset:
    """The image, if this person may see it: the desk always, a reader only a published verdict's.
    Anyone else is told there is no such image (404), so ids reveal nothing."""
    image = session.get(ImageAsset, image_id)
    desk = bool(getattr(viewer, "is_authenticated", False)) and viewer.active and viewer.role >= Role.REVIEWER
    if image is None or not (desk or is_public(session, image)):
        raise NotFound(f"There is no image {image_id}.")
    return image
