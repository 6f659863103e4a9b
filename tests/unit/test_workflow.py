"""Every (state, action, role) triple of the state machine, allowed and refused."""
import itertools

import pytest

from factcheck.errors import InvalidTransition, PermissionDenied
from factcheck.workflow import ACTIONS, RULES, Role, Status, Who, allowed_actions, next_status

# The table of DESIGN.md, written out independently of RULES: (from, action) -> (to, minimum role, who)
EXPECTED = {
    ("new", "accept"): ("queued", Role.REVIEWER, "anyone"),
    ("new", "dismiss"): ("dismissed", Role.REVIEWER, "anyone"),
    ("new", "mark_duplicate"): ("duplicate", Role.REVIEWER, "anyone"),
    ("queued", "mark_duplicate"): ("duplicate", Role.REVIEWER, "anyone"),
    ("dismissed", "reopen"): ("new", Role.EDITOR, "anyone"),
    ("duplicate", "reopen"): ("new", Role.EDITOR, "anyone"),
    ("queued", "take"): ("researching", Role.REVIEWER, "anyone"),
    ("queued", "assign"): ("researching", Role.EDITOR, "anyone"),
    ("researching", "release"): ("queued", Role.REVIEWER, "assignee_or_editor"),
    ("researching", "submit"): ("in_review", Role.REVIEWER, "assignee"),
    ("in_review", "return"): ("researching", Role.EDITOR, "anyone"),
    ("in_review", "publish"): ("published", Role.EDITOR, "anyone"),
    ("published", "correct"): ("published", Role.EDITOR, "anyone"),
    ("published", "retract"): ("retracted", Role.EDITOR, "anyone"),
}

TRIPLES = list(itertools.product(Status, ACTIONS, Role, [False, True]))


def expected_outcome(status, action, role, is_assignee):
    rule = EXPECTED.get((status.value, action))
    if rule is None:
        return InvalidTransition
    to, minimum, who = rule
    if role < minimum:
        return PermissionDenied
    if who == "assignee" and not is_assignee:
        return PermissionDenied
    if who == "assignee_or_editor" and not (is_assignee or role >= Role.EDITOR):
        return PermissionDenied
    return Status(to)


@pytest.mark.parametrize("status,action,role,is_assignee", TRIPLES,
                         ids=[f"{s.value}-{a}-{r.label}-{'assignee' if i else 'other'}" for s, a, r, i in TRIPLES])
def test_every_transition_is_allowed_or_refused_as_designed(status, action, role, is_assignee):
    outcome = expected_outcome(status, action, role, is_assignee)
    if isinstance(outcome, Status):
        assert next_status(status, action, role, is_assignee=is_assignee) is outcome
    else:
        with pytest.raises(outcome):
            next_status(status, action, role, is_assignee=is_assignee)


def test_the_table_has_exactly_the_designed_arrows():
    assert {(s.value, a) for s, a in RULES} == set(EXPECTED)


def test_refusal_names_the_state_and_the_action():
    with pytest.raises(InvalidTransition, match="Cannot publish a claim that is new"):
        next_status(Status.NEW, "publish", Role.ADMIN)
    with pytest.raises(PermissionDenied, match="reopen .* editor role"):
        next_status(Status.DISMISSED, "reopen", Role.REVIEWER)


def test_allowed_actions_for_a_reviewer_on_a_new_claim():
    assert allowed_actions(Status.NEW, Role.REVIEWER) == ["accept", "dismiss", "mark_duplicate"]
    assert allowed_actions(Status.RESEARCHING, Role.REVIEWER) == []
    assert allowed_actions(Status.RESEARCHING, Role.REVIEWER, is_assignee=True) == ["release", "submit"]


def test_unknown_role_name_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="reviewer, editor, admin"):
        Role.parse("owner")
    assert Who.ASSIGNEE.value == "assignee"
