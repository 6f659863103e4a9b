"""The claim's state machine: one table of every allowed arrow, pure Python (no Flask, no database).

Every transition the desk can make is a row of RULES; anything not in the table is refused.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from factcheck.errors import InvalidTransition, PermissionDenied


class Status(StrEnum):
    NEW = "new"
    QUEUED = "queued"
    RESEARCHING = "researching"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    DISMISSED = "dismissed"
    DUPLICATE = "duplicate"
    RETRACTED = "retracted"

    @property
    def label(self) -> str:
        """In words, for people: "in review"."""
        return STATUS_LABELS[self]


class Role(IntEnum):
    """Ordered: an editor can do what a reviewer can, an admin what an editor can."""

    REVIEWER = 1
    EDITOR = 2
    ADMIN = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    def __str__(self) -> str:  # f-strings and templates show "editor", not "2"
        return self.label

    def __format__(self, spec: str) -> str:
        return format(self.label, spec)

    @classmethod
    def parse(cls, name: str) -> "Role":
        try:
            return cls[name.strip().upper()]
        except KeyError:
            choices = ", ".join(r.label for r in cls)
            raise ValueError(f"unknown role {name!r}: choose one of {choices}") from None


STATUS_LABELS: dict[Status, str] = {
    Status.NEW: "new", Status.QUEUED: "queued", Status.RESEARCHING: "researching",
    Status.IN_REVIEW: "in review", Status.PUBLISHED: "published", Status.DISMISSED: "dismissed",
    Status.DUPLICATE: "duplicate", Status.RETRACTED: "retracted",
}


class Who(StrEnum):
    """Beyond the role: whose claim it must be."""

    ANYONE = "anyone"            # anyone with the role
    ASSIGNEE = "assignee"        # only the person the claim is assigned to
    ASSIGNEE_OR_EDITOR = "assignee_or_editor"


@dataclass(frozen=True)
class Rule:
    to: Status
    role: Role
    who: Who = Who.ANYONE
    needs_note: bool = False


S = Status
RULES: dict[tuple[Status, str], Rule] = {
    (S.NEW, "accept"): Rule(S.QUEUED, Role.REVIEWER),
    (S.NEW, "dismiss"): Rule(S.DISMISSED, Role.REVIEWER, needs_note=True),
    (S.NEW, "mark_duplicate"): Rule(S.DUPLICATE, Role.REVIEWER),
    (S.QUEUED, "mark_duplicate"): Rule(S.DUPLICATE, Role.REVIEWER),
    (S.DISMISSED, "reopen"): Rule(S.NEW, Role.EDITOR),
    (S.DUPLICATE, "reopen"): Rule(S.NEW, Role.EDITOR),
    (S.QUEUED, "take"): Rule(S.RESEARCHING, Role.REVIEWER),
    (S.QUEUED, "assign"): Rule(S.RESEARCHING, Role.EDITOR),
    (S.RESEARCHING, "release"): Rule(S.QUEUED, Role.REVIEWER, Who.ASSIGNEE_OR_EDITOR),
    (S.RESEARCHING, "submit"): Rule(S.IN_REVIEW, Role.REVIEWER, Who.ASSIGNEE),
    (S.IN_REVIEW, "return"): Rule(S.RESEARCHING, Role.EDITOR, needs_note=True),
    (S.IN_REVIEW, "publish"): Rule(S.PUBLISHED, Role.EDITOR),
    (S.PUBLISHED, "correct"): Rule(S.PUBLISHED, Role.EDITOR, needs_note=True),
    (S.PUBLISHED, "retract"): Rule(S.RETRACTED, Role.EDITOR, needs_note=True),
}

ACTIONS: tuple[str, ...] = tuple(dict.fromkeys(action for _, action in RULES))

ACTION_LABELS: dict[str, str] = {
    "accept": "accept", "dismiss": "dismiss", "mark_duplicate": "mark as duplicate",
    "reopen": "reopen", "take": "take", "assign": "assign", "release": "release",
    "submit": "submit", "return": "return", "publish": "publish", "correct": "correct",
    "retract": "retract",
}

# audit events that are not workflow transitions, in words
EVENT_LABELS: dict[str, str] = {
    "activate": "reactivate account", "change_role": "change role", "create_account": "create account",
    "deactivate": "deactivate account",
    "end_sessions": "log out everywhere",
    "enter": "enter claim", "ingest": "ingest article", "note": "add note",
    "edit_claim": "edit claim",
    "appearances_joined": "another claim's appearances joined this one", "appearances_left": "appearances moved back",
    "appearances_restored": "appearances moved back here", "match_confirmed": "confirm a match",
    "match_rejected": "not the same claim",
    "evidence_add": "add evidence", "evidence_edit": "edit evidence", "evidence_remove": "remove evidence",
    "rating_create": "add rating level", "rating_delete": "delete rating level", "rating_move": "move rating level",
    "rating_retire": "retire rating level", "rating_update": "edit rating level", "setting": "change setting",
    "vote": "vote on rating",
    "rating_restore": "restore rating level",
    "change_password": "change own password",
    "tip": "reader's tip", "tip_spam": "mark tip as spam", "reveal_contact": "see a tipster's contact",
}


def action_label(action: str) -> str:
    """Any audit event's action in words; an unknown one is shown as it is stored."""
    return ACTION_LABELS.get(action) or EVENT_LABELS.get(action) or action


def next_status(status: Status | str, action: str, role: Role, *, is_assignee: bool = False) -> Status:
    """The status after `action`, or InvalidTransition / PermissionDenied saying why not."""
    status = Status(status)
    rule = RULES.get((status, action))
    label = ACTION_LABELS.get(action, action)
    if rule is None:
        raise InvalidTransition(f"Cannot {label} a claim that is {status.label}.")
    if role < rule.role:
        raise PermissionDenied(f"To {label} a claim needs the {rule.role.label} role.")
    if rule.who is Who.ASSIGNEE and not is_assignee:
        raise PermissionDenied(f"Only the person assigned to this claim can {label} it.")
    if rule.who is Who.ASSIGNEE_OR_EDITOR and not (is_assignee or role >= Role.EDITOR):
        raise PermissionDenied(f"Only the assignee or an editor can {label} this claim.")
    return rule.to


def allowed_actions(status: Status | str, role: Role, *, is_assignee: bool = False) -> list[str]:
    """The actions this person may take on a claim in `status`, in table order."""
    allowed = []
    for action in ACTIONS:
        try:
            next_status(status, action, role, is_assignee=is_assignee)
        except (InvalidTransition, PermissionDenied):
            continue
        allowed.append(action)
    return allowed


def needs_note(status: Status | str, action: str) -> bool:
    rule = RULES.get((Status(status), action))
    return bool(rule and rule.needs_note)
