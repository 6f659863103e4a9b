"""What the `ocr_image` job does with the text it read off an image.

The text is stored on the image row first (its own commit, so a later refusal keeps it). Then, by use:
where a claim appeared, it becomes that appearance's verbatim words, is indexed for matching (a
`match_documents` row of kind "image" standing for the claim) and is matched at once, so an image
whose text says an already-checked claim raises the banner; a source image's text becomes an article
whose claims are extracted as from any upload, each appearance of kind image.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.db import utcnow
from factcheck.documents import ArticleDraft
from factcheck.errors import DomainError, NotFound
from factcheck.extraction import extract_report
from factcheck.matching.index import Document, put
from factcheck.models import Appearance, AppearanceKind, Article, ImageAsset, ImageUse, OcrState, User
from factcheck.ocr import as_prose
from factcheck.services import intake
from factcheck.services.common import audit, commit, use_case
from factcheck.services.images import suggest_look_alikes
from factcheck.services.matching import index_and_suggest, suggest_for
from factcheck.services.settings import get_setting
from factcheck.services.transitions import get_claim


def get_image(session: Session, image_id: int) -> ImageAsset:
    image = session.get(ImageAsset, image_id)
    if image is None:
        raise NotFound(f"There is no image {image_id} (it may have been removed).")
    return image


def mark(session: Session, image_id: int, state: OcrState, error: str | None = None, text: str | None = None) -> None:
    image = get_image(session, image_id)
    image.ocr_state, image.ocr_error, image.ocr_at = state, (error or None) and error[:500], utcnow()
    if text is not None:
        image.ocr_text = text
    session.commit()


@use_case
def use_text(session: Session, actor: User | None, image_id: int, text: str, args: dict) -> dict:
    mark(session, image_id, OcrState.DONE, text=text)
    image = get_image(session, image_id)
    if image.use is ImageUse.APPEARANCE:
        return _appearance_text(session, image, text)
    if image.use is ImageUse.SOURCE:
        return _source_article(session, actor, image, text, args)
    return {"claim": image.claim_id, "characters": len(text)}


def index_image(session: Session, image: ImageAsset, claim_id: int, text: str) -> None:
    """The image's words stand for its claim in the matching index (kind "image", ref the image)."""
    put(session, Document("image", image.id, claim_id, as_prose(text)))


def _appearance_text(session: Session, image: ImageAsset, text: str) -> dict:
    appearance = session.get(Appearance, image.appearance_id)
    if appearance is None:
        raise DomainError(f"Image #{image.id} no longer belongs to an appearance.")
    claim = get_claim(session, appearance.claim_id)
    if not appearance.text:
        appearance.text = text
    found = []
    if text.strip():
        index_image(session, image, claim.id, text)
        found = suggest_for(session, claim, text=as_prose(text))
    session.flush()
    commit(session)
    return {"claim": claim.id, "characters": len(text), "matches": len(found)}


def _date(raw) -> date | None:
    try:
        return date.fromisoformat(str(raw)) if raw else None
    except ValueError:
        return None


def _source_article(session: Session, actor: User | None, image: ImageAsset, text: str, args: dict) -> dict:
    name = image.original_name or f"image #{image.id}"
    if not text.strip():
        raise DomainError(f"No text was found in {name}, so no claims could be extracted; enter them by hand.")
    draft = intake.validate(ArticleDraft(
        title=(args.get("title") or "").strip() or f"Image: {name}", body=as_prose(text), outlet=args.get("outlet"),
        url=args.get("url") or image.seen_url, author=args.get("author"), published_date=_date(args.get("published")),
        source_name=name))
    digest = intake.content_hash(draft.body)
    existing = intake.find_by_hash(session, digest)
    if existing is not None:
        image.article_id = image.article_id or existing.id
        commit(session)
        return {"article": existing.id, "already_on_the_desk": "yes"}
    article = Article(title=draft.title, outlet=draft.outlet or None, url=draft.url or None, author=draft.author or None,
                      published_date=draft.published_date, body=draft.body, content_hash=digest, source_name=name,
                      kind="article", ingested_by_id=actor.id if actor else None)
    report = extract_report(article, max_candidates=int(get_setting(session, "max_candidates", intake.MAX_CANDIDATES)))
    if report.refused:
        raise DomainError(f"The text read off {name} was not ingested: {report.refused}.")
    article.held_back, article.extraction_warnings = report.held_back, list(report.warnings)
    session.add(article)
    claims = [intake.claim_from(candidate, article, actor) for candidate in report.queued]
    for claim in claims:
        claim.appearances[0].kind = AppearanceKind.IMAGE  # read off the image, spans into the OCR text
        claim.appearances[0].url = image.seen_url or article.url
    session.add_all(claims)
    session.flush()
    image.article_id = article.id
    index_and_suggest(session, claims)
    suggest_look_alikes(session, claims, image.phash, exclude=image.id)
    audit(session, actor, "ingest", data={"article": article.id, "claims": len(claims), "image": image.id,
                                          "held_back": report.held_back})
    commit(session)
    return {"article": article.id, "claims": len(claims)}


def reindex_images(session: Session) -> int:
    """After `matching.reindex` (which rebuilds from the claim tables): put the images' words back."""
    count = 0
    for image in session.scalars(select(ImageAsset).where(ImageAsset.use == ImageUse.APPEARANCE,
                                                          ImageAsset.ocr_text.is_not(None))):
        appearance = session.get(Appearance, image.appearance_id) if image.appearance_id else None
        if appearance is not None and image.ocr_text.strip():
            index_image(session, image, appearance.claim_id, image.ocr_text)
            count += 1
    return count

