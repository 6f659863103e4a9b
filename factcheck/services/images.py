"""Images on the desk: one door per use (where a claim appeared, evidence, a source), the OCR outcome,
look-alikes by perceptual hash, and who may see a stored file.

Nothing is half-stored: the file and its thumbnail go to the media store first, the row is committed
after; if the row fails, the objects this call created are deleted again (an object another row
already shared is left alone). OCR is never done here in a request: `queue_ocr` hands it to the
`ocr_image` job (factcheck.image_jobs), which calls `read_image`.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from factcheck import images as pictures
from factcheck.errors import ValidationError
from factcheck.models import (
    Appearance,
    AppearanceKind,
    Claim,
    ClaimMatch,
    Evidence,
    ImageAsset,
    ImageHash,
    ImageUse,
    Job,
    OcrState,
    User,
)
from factcheck.rendering.markdown import safe_url
from factcheck.services import jobs
from factcheck.services.common import audit, commit, get_or_404, require_role, use_case
from factcheck.services.evidence import open_claim
from factcheck.services.transitions import get_claim
from factcheck.storage import Storage, key_for
from factcheck.workflow import Role, Status

# Hamming distance (of 64 pHash bits) at or under which two images are look-alikes: a re-compression
# at JPEG quality 40 stays within 2, a crop between two stored crop steps within 8 (median 2); unrelated
# photos and memes were never closer than 14 (docs/intake.md "Images" has the measurements).
LOOK_ALIKE_BITS = 6
MAX_CANDIDATES = 5_000


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes
    seen_url: str = ""
    where: str = ""


@dataclass(frozen=True)
class LookAlike:
    image: ImageAsset
    bits: int
    claim_ids: tuple[int, ...]


def _seen_url(raw: str) -> str | None:
    if not (raw or "").strip():
        return None
    url = safe_url(raw.strip())
    if url is None or len(url) > 2000:
        raise ValidationError("Where the image was seen must be a web address starting with http:// or https://.",
                              field="seen_url")
    return url


def _store(store: Storage, prepared: pictures.Prepared) -> tuple[str, str, list[str]]:
    """Put the file and its thumbnail; returns their keys and the keys this call created."""
    key = key_for("image", prepared.sha256, prepared.extension)
    thumb = key_for("thumb", prepared.sha256, ".jpg")
    created: list[str] = []
    try:
        for name, data in ((key, prepared.data), (thumb, prepared.thumbnail)):
            if store.put(name, data):
                created.append(name)
    except Exception:
        _undo(store, created)
        raise
    return key, thumb, created


def _undo(store: Storage, created: list[str]) -> None:
    for name in created:
        try:
            store.delete(name)
        except Exception:  # nosec B110
            # the original failure is what the person needs to see
            pass


def _row(prepared: pictures.Prepared, use: ImageUse, key: str, thumb: str, upload: Upload, actor: User | None,
         **links) -> ImageAsset:
    marks = prepared.fingerprints
    row = ImageAsset(use=use, storage_key=key, thumbnail_key=thumb, sha256=prepared.sha256, mime=prepared.mime,
                     width=prepared.width, height=prepared.height, bytes=len(prepared.data),
                     original_name=(upload.name or "")[:300] or None, seen_url=_seen_url(upload.seen_url),
                     phash=pictures.to_signed(marks.phash), dhash=pictures.to_signed(marks.dhash),
                     ocr_state=OcrState.QUEUED, uploaded_by_id=actor.id if actor else None, **links)
    return row


def _hash_rows(image: ImageAsset, marks: pictures.Fingerprints) -> list[ImageHash]:
    rows = []
    for variant, value in enumerate((marks.phash, *marks.variants)):
        b = pictures.bands(value)
        rows.append(ImageHash(image_id=image.id, variant=variant, phash=pictures.to_signed(value),
                              b0=b[0], b1=b[1], b2=b[2], b3=b[3]))
    return rows


def _save(session: Session, store: Storage, prepared: pictures.Prepared, build) -> ImageAsset:
    """Store the objects, then let `build(key, thumb)` add the rows, then commit; undo the objects on failure."""
    key, thumb, created = _store(store, prepared)
    try:
        image = build(key, thumb)
        session.flush()
        session.add_all(_hash_rows(image, prepared.fingerprints))
        session.flush()
        commit(session)
    except Exception:
        session.rollback()
        _undo(store, created)
        raise
    return image


def prepared_upload(upload: Upload, limits: pictures.Limits) -> pictures.Prepared:
    _seen_url(upload.seen_url)  # refused before anything is stored
    if len(upload.where or "") > 200:
        raise ValidationError("Where it was seen is longer than 200 characters.", field="where")
    return pictures.prepare(upload.name or "The image", upload.data, limits)


@use_case
def add_to_claim(session: Session, actor: User, claim_id: int, upload: Upload, limits: pictures.Limits,
                 store: Storage) -> ImageAsset:
    """"Add an image where this claim appeared": a new appearance of kind image, its text read later."""
    require_role(actor, Role.REVIEWER, "Adding an image")
    claim = get_claim(session, claim_id)
    if claim.status is Status.DUPLICATE:
        raise ValidationError(f"Claim {claim.id} is a repeat of claim {claim.duplicate_of_id}: "
                              "add the image there.")
    prepared = prepared_upload(upload, limits)

    def build(key: str, thumb: str) -> ImageAsset:
        appearance = claim.add_appearance(Appearance(
            kind=AppearanceKind.IMAGE, text="", url=_seen_url(upload.seen_url), where=(upload.where or "").strip()
            or None, created_by_id=actor.id))
        session.flush()
        image = _row(prepared, ImageUse.APPEARANCE, key, thumb, upload, actor, claim_id=claim.id,
                     appearance_id=appearance.id)
        session.add(image)
        session.flush()
        found = suggest_look_alikes(session, [claim], prepared.fingerprints.phash, exclude=image.id)
        audit(session, actor, "image_add", claim_id=claim.id,
              data={"image": image.id, "appearance": appearance.id, "look_alikes": found, "notes": list(prepared.notes)})
        return image

    return _save(session, store, prepared, build)


@use_case
def add_to_evidence(session: Session, actor: User, claim_id: int, evidence_id: int, upload: Upload,
                    limits: pictures.Limits, store: Storage) -> ImageAsset:
    claim = open_claim(session, actor, claim_id)
    row = get_or_404(session, Evidence, evidence_id, "evidence")
    if row.claim_id != claim.id or row.removed_at is not None:
        raise ValidationError(f"Evidence {evidence_id} is not among this claim's sources.")
    prepared = prepared_upload(upload, limits)

    def build(key: str, thumb: str) -> ImageAsset:
        image = _row(prepared, ImageUse.EVIDENCE, key, thumb, upload, actor, claim_id=claim.id, evidence_id=row.id)
        session.add(image)
        session.flush()
        audit(session, actor, "evidence_image_add", claim_id=claim.id, data={"evidence": row.number, "image": image.id})
        return image

    return _save(session, store, prepared, build)


@use_case
def add_source(session: Session, actor: User | None, upload: Upload, limits: pictures.Limits,
               store: Storage) -> ImageAsset:
    """An image that is itself the source: its text becomes an article once the OCR job has read it."""
    if actor is not None:
        require_role(actor, Role.REVIEWER, "Adding articles")
    prepared = prepared_upload(upload, limits)

    def build(key: str, thumb: str) -> ImageAsset:
        image = _row(prepared, ImageUse.SOURCE, key, thumb, upload, actor)
        session.add(image)
        session.flush()
        audit(session, actor, "image_source_add", data={"image": image.id, "name": image.original_name})
        return image

    return _save(session, store, prepared, build)


def queue_ocr(session: Session, actor: User | None, image: ImageAsset, dispatch, extra: dict | None = None) -> Job:
    """Hand the image to the `ocr_image` job (immediate under TESTING: it has run when this returns)."""
    job = jobs.enqueue(session, actor, "ocr_image", {"image": image.id, **(extra or {})},
                       f"Read the text of {image.original_name or f'image #{image.id}'}", dispatch)
    fresh = session.get(ImageAsset, image.id)
    if fresh.ocr_job_id is None:
        fresh.ocr_job_id = job.id
        session.commit()
    return session.get(Job, job.id)


# -- look-alikes ------------------------------------------------------------------------------------

def candidates(session: Session, phash: int) -> list[tuple[int, int]]:
    """(image id, bits apart) of every stored hash within LOOK_ALIKE_BITS of `phash`.

    Each band is probed with its own value and the 16 values one bit away (indexed equality): any hash
    within 7 bits agrees with one of those on some band, so nothing within the threshold is missed.
    """
    phash = pictures.to_unsigned(phash)
    wanted = pictures.bands(phash)
    columns = (ImageHash.b0, ImageHash.b1, ImageHash.b2, ImageHash.b3)
    query = (select(ImageHash.image_id, ImageHash.phash)
             .where(or_(*(column.in_(pictures.band_neighbours(band)) for column, band in zip(columns, wanted))))
             .limit(MAX_CANDIDATES))
    found = []
    for image_id, stored in session.execute(query):
        bits = pictures.distance(phash, stored)
        if bits <= LOOK_ALIKE_BITS:
            found.append((image_id, bits))
    return found


def claims_of(session: Session, image: ImageAsset) -> tuple[int, ...]:
    """The claims an image stands for now (appearances move when claims are merged)."""
    if image.use is ImageUse.APPEARANCE and image.appearance_id is not None:
        claim_id = session.scalar(select(Appearance.claim_id).where(Appearance.id == image.appearance_id))
        return (claim_id,) if claim_id else ()
    if image.use is ImageUse.SOURCE and image.article_id is not None:
        return tuple(sorted(set(session.scalars(select(Appearance.claim_id).where(
            Appearance.article_id == image.article_id, Appearance.kind == AppearanceKind.IMAGE)))))
    return (image.claim_id,) if image.claim_id else ()


def look_alikes(session: Session, phash: int, *, exclude: int | None = None) -> list[LookAlike]:
    """Stored images (where claims appeared, or sources) that look like `phash`, nearest first."""
    best: dict[int, int] = {}
    for image_id, bits in candidates(session, phash):
        if image_id != exclude:
            best[image_id] = min(bits, best.get(image_id, 64))
    if not best:
        return []
    rows = session.scalars(select(ImageAsset).where(ImageAsset.id.in_(sorted(best)),
                                                    ImageAsset.use != ImageUse.EVIDENCE))
    found = [LookAlike(row, best[row.id], claims_of(session, row)) for row in rows]
    return sorted(found, key=lambda item: (item.bits, item.image.id))


def suggest_look_alikes(session: Session, claims: list[Claim], phash: int, *, exclude: int) -> list[int]:
    """A look-alike image's claims become suggested matches of each claim (the "already checked"
    banner when one is published); a pair already suggested, confirmed or rejected is left as it is."""
    made: list[int] = []
    for alike in look_alikes(session, phash, exclude=exclude):
        for claim in claims:
            for other in alike.claim_ids:
                if other == claim.id or _paired(session, claim.id, other):
                    continue
                session.add(ClaimMatch(claim_id=claim.id, other_claim_id=other, score=round(1 - alike.bits / 64, 4),
                                       kind="same_claim", status="suggested", differs=[],
                                       reason=f"look-alike image: image #{alike.image.id} is {alike.bits} of 64 "
                                              "bits from this one (perceptual hash)"))
                session.flush()
                made.append(other)
    return sorted(set(made))


def _paired(session: Session, claim_id: int, other: int) -> bool:
    return session.scalar(select(ClaimMatch.id).where(or_(
        (ClaimMatch.claim_id == claim_id) & (ClaimMatch.other_claim_id == other),
        (ClaimMatch.claim_id == other) & (ClaimMatch.other_claim_id == claim_id))).limit(1)) is not None
