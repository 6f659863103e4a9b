import pytest

from factcheck.extraction.claimtypes import classify


@pytest.mark.parametrize("text, kind", [
    ("The attack killed 13 service members.", "quantity"),
    ("Thousands of commandos fled.", "quantity"),
    ("Crime is higher than it was in 1990.", "comparison"),
    ("The floods happened because the dam failed.", "causal"),
    ("Inflation will reach 5 percent next year.", "prediction"),
    ("The new law bans the sale of fireworks.", "rule"),
    ("I worked in that factory for ten years.", "personal_experience"),
    ("He accused Washington of secretly sponsoring the group.", "intent"),
    ("The group carried out an attack on a mosque.", "event"),
])
def test_each_claim_type(text, kind):
    assert kind in classify(text)


def test_several_types_can_apply():
    types = classify("The blast killed more than 150 people because security failed.")
    assert {"quantity", "causal", "event"} <= set(types)


def test_day_of_month_is_not_a_quantity():
    assert "quantity" not in classify("On Jan. 19 the envoy spoke.", None, ("Jan. 19",))


def test_at_least_is_not_a_comparison():
    assert "comparison" not in classify("The blast left at least 170 people injured.")


def test_plain_statement_has_no_types():
    assert classify("Good evening and welcome.") == {}
