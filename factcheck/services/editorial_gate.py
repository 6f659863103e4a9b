"""The editorial gate, as rules: who may publish, and when a correction or retraction waits for a
second editor or the rating panel. Pure functions over plain values; services.editorial applies them."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy.orm import Session

from factcheck.errors import PermissionDenied, ValidationError
from factcheck.services.settings import get_setting

PANEL_VOTES = 3


@dataclass(frozen=True)
class Gate:
    """The desk's rules as they stand (settings read once per use case)."""

    two_person: bool
    panel: int  # 1: the acting editor decides the rating; 3: the majority of three editors' votes

    def check_publisher(self, actor_id: int, author_id: int | None) -> None:
        if self.two_person and author_id == actor_id:
            raise PermissionDenied("Two-person rule: an editor cannot publish a verdict they drafted. "
                                   "Ask another editor to publish it.")

    def waits_for(self, actor_id: int, author_id: int | None, changes_rating: bool) -> str | None:
        """Why an amendment cannot be applied by `actor` alone, in words; None when it can."""
        if self.panel == PANEL_VOTES and changes_rating:
            return "the rating panel: three editors vote on the new rating"
        if self.two_person and author_id == actor_id:
            return "a second editor's sign-off (two-person rule: you drafted this verdict)"
        return None

    def check_approver(self, actor_id: int, author_id: int | None) -> None:
        if self.two_person and author_id == actor_id:
            raise PermissionDenied("Two-person rule: the editor who drafted this verdict cannot sign off its "
                                   "correction or retraction. Ask another editor.")


def gate(session: Session) -> Gate:
    panel = PANEL_VOTES if int(get_setting(session, "rating_panel_size", 1) or 1) == PANEL_VOTES else 1
    return Gate(two_person=bool(get_setting(session, "two_person_rule", True)), panel=panel)


def majority(rating_ids: list[int]) -> int | None:
    """The rating more than half of the votes agree on, if any."""
    if not rating_ids:
        return None
    rating_id, count = Counter(rating_ids).most_common(1)[0]
    return rating_id if count * 2 > len(rating_ids) else None


def panel_decision(rating_ids: list[int]) -> int:
    """The rating three panel votes decide, or ValidationError saying what is missing."""
    if len(rating_ids) < PANEL_VOTES:
        raise ValidationError(f"The rating panel needs three editors' votes; there are {len(rating_ids)} so far.")
    decided = majority(rating_ids[:PANEL_VOTES])
    if decided is None:
        raise ValidationError("The three votes all differ: discuss, and change a vote to reach a majority.")
    return decided
