"""The rating scale (admin): ordered levels; a level in use is retired, never deleted."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from factcheck.errors import NotFound, ValidationError
from factcheck.models import RatingLevel, RatingVote, User, Verdict, VerdictRevision
from factcheck.services import editorial
from factcheck.services.common import audit, commit, get_or_404, require_role, use_case
from factcheck.slugs import slugify
from factcheck.workflow import Role

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class LevelInput:
    label: str
    description: str = ""
    colour: str = "#777777"
    value: int | None = None  # ClaimReview ratingValue, only for levels on the true–false scale


PUBLISHED_CHOICES = {
    "keep": "Keep the label they were published with",
    "relabel": "Show the new label, with a dated public update on each",
}


def scale(session: Session) -> list[RatingLevel]:
    return list(session.scalars(select(RatingLevel).order_by(RatingLevel.position, RatingLevel.id)))


def usable_levels(session: Session) -> list[RatingLevel]:
    return [level for level in scale(session) if not level.retired]


def in_use(session: Session, level_id: int) -> bool:
    uses = [select(Verdict.id).where(Verdict.rating_id == level_id),
            select(VerdictRevision.id).where(VerdictRevision.rating_id == level_id),
            select(RatingVote.id).where(RatingVote.rating_id == level_id)]
    return any(session.scalar(query.limit(1)) is not None for query in uses)


def _checked(session: Session, entry: LevelInput, level_id: int | None = None) -> LevelInput:
    label = " ".join((entry.label or "").split())
    if not label or len(label) > 60:
        raise ValidationError("A level needs a label of at most 60 characters.")
    if len(entry.description or "") > 2000:
        raise ValidationError("The description is longer than 2,000 characters.")
    if not COLOUR.match(entry.colour or ""):
        raise ValidationError("The colour is a hex code like #1a7f37.")
    if entry.value is not None and not 1 <= entry.value <= 100:
        raise ValidationError("The numeric value is a whole number from 1 (false) upward, or empty for "
                              "a level outside the true–false scale.")
    clash = session.scalar(select(RatingLevel).where(or_(func.lower(RatingLevel.label) == label.lower(),
                                                         RatingLevel.slug == slugify(label, fallback="level")),
                                                     RatingLevel.id != (level_id or 0)))
    if clash is not None:
        raise ValidationError(f"There is already a level called {clash.label!r}.")
    return LevelInput(label, (entry.description or "").strip(), entry.colour.lower(), entry.value)


@use_case
def create(session: Session, actor: User, entry: LevelInput) -> RatingLevel:
    require_role(actor, Role.ADMIN, "Changing the rating scale")
    entry = _checked(session, entry)
    position = (session.scalar(select(func.max(RatingLevel.position))) or 0) + 1
    level = RatingLevel(label=entry.label, slug=slugify(entry.label, fallback="level"), description=entry.description,
                        colour=entry.colour, value=entry.value, position=position, retired=False)
    session.add(level)
    session.flush()
    audit(session, actor, "rating_create", data={"level": level.id, "label": level.label})
    commit(session)
    return level


def shown_on(session: Session, level_id: int) -> list[Verdict]:
    """The published, standing verdicts whose readers see this level."""
    return list(session.scalars(select(Verdict).where(Verdict.rating_id == level_id, Verdict.published_at.is_not(None),
                                                      Verdict.retracted_at.is_(None)).order_by(Verdict.id)))


@use_case
def update(session: Session, actor: User, level_id: int, entry: LevelInput, *,
           published: str | None = None) -> RatingLevel:
    """The slug stays: published verdicts and feeds refer to it. A published verdict keeps the label and
    colour it was published with unless `published="relabel"`: then each gets a dated public update
    through the editorial door (services.editorial.relabel)."""
    require_role(actor, Role.ADMIN, "Changing the rating scale")
    level = get_or_404(session, RatingLevel, level_id, "rating level")
    entry = _checked(session, entry, level.id)
    before = {"label": level.label, "value": level.value, "colour": level.colour}
    shown = shown_on(session, level.id) if (entry.label, entry.colour) != (level.label, level.colour) else []
    if shown and published not in PUBLISHED_CHOICES:
        raise ValidationError(f"{len(shown)} published verdict{'s show' if len(shown) != 1 else ' shows'} "
                              f"“{level.label}”: choose whether they keep it or get the new label as a public "
                              "update.", field="published")
    level.label, level.description, level.colour, level.value = entry.label, entry.description, entry.colour, entry.value
    session.flush()
    after = {"label": level.label, "value": level.value, "colour": level.colour}
    audit(session, actor, "rating_update", data={"level": level.id, "before": before, "after": after,
                                                 "published": published if shown else None})
    if published == "relabel":
        for verdict in shown:
            editorial.relabel(session, actor, verdict, verdict.rating_label or before["label"], level.label)
    commit(session)
    return level


@use_case
def set_retired(session: Session, actor: User, level_id: int, retired: bool) -> RatingLevel:
    require_role(actor, Role.ADMIN, "Changing the rating scale")
    level = get_or_404(session, RatingLevel, level_id, "rating level")
    level.retired = retired
    audit(session, actor, "rating_retire" if retired else "rating_restore", data={"level": level.id})
    commit(session)
    return level


@use_case
def delete(session: Session, actor: User, level_id: int) -> str:
    require_role(actor, Role.ADMIN, "Changing the rating scale")
    level = get_or_404(session, RatingLevel, level_id, "rating level")
    if in_use(session, level.id):
        raise ValidationError(f"{level.label!r} is used by verdicts or votes and cannot be deleted; retire it "
                              "instead (it stays on what was published, and cannot be chosen any more).")
    label = level.label
    audit(session, actor, "rating_delete", data={"level": level.id, "label": label})
    session.delete(level)
    commit(session)
    return label


@use_case
def move(session: Session, actor: User, level_id: int, step: int) -> RatingLevel:
    """Swap a level with its neighbour above (step -1) or below (step +1)."""
    require_role(actor, Role.ADMIN, "Changing the rating scale")
    levels = scale(session)
    index = next((i for i, level in enumerate(levels) if level.id == level_id), None)
    if index is None:
        raise NotFound(f"There is no rating level {level_id}.")
    other = index + (1 if step > 0 else -1)
    if not 0 <= other < len(levels):
        raise ValidationError(f"{levels[index].label!r} is already at the {'bottom' if step > 0 else 'top'}.")
    for position, level in enumerate(levels, start=1):
        level.position = position
    levels[index].position, levels[other].position = levels[other].position, levels[index].position
    audit(session, actor, "rating_move", data={"level": level_id, "step": step})
    commit(session)
    return levels[index]
