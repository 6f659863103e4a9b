import datetime as dt
from pathlib import Path

import pytest

from factcheck.extraction import CLAIM_TYPES, ArticleInput, extract

from .conftest import find

SEED = Path(__file__).resolve().parents[3] / "seeds" / "000_65ea208533dae351.txt"
ROLE = "Russian special presidential envoy for Afghanistan"


@pytest.fixture(scope="module")
def claims():
    return extract(ArticleInput(body=SEED.read_text(encoding="utf-8"), outlet="Seed Outlet"))


def test_header_date_is_used_and_header_is_not_a_claim(claims):
    header = claims[0]
    assert header.text == "date 2023-01-20"
    assert header.score <= 0.02 and "metadata line" in header.reasons
    assert max(c.score for c in claims) > 0.8


def test_stripped_header_with_explicit_date_gives_same_dates():
    body = SEED.read_text(encoding="utf-8").split("2023-01-20", 1)[1]
    got = extract(ArticleInput(body=body, published_date=dt.date(2023, 1, 20)))
    assert not any("metadata line" in c.reasons for c in got)
    assert find(got, "On Jan.19").claim_date == dt.date(2023, 1, 19)


def test_envoy_accusations_are_attributed_to_kabulov_with_role(claims):
    for needle in ("secretly sponsored", "They [the US authorities]", "avenge their shameful",
                   "Anglo-Saxons secretly sponsor", "established ties"):
        c = find(claims, needle)
        assert c.speaker == "Zamir Kabulov", needle
        assert c.speaker_role == ROLE, needle
    assert "intent" in find(claims, "secretly sponsored").claim_types


def test_first_claim_is_relayed_by_tass_and_dated_thursday(claims):
    c = find(claims, "secretly sponsored")
    assert "according to the state-affiliated agency Tass" in c.attribution
    assert c.claim_date == dt.date(2023, 1, 19) and c.claim_date_text == "Thursday, January 19"


def test_casualty_figures_are_quantities(claims):
    for needle in ("killed 13 US service members", "more than 150 people", "one Afghan police officer"):
        c = find(claims, needle)
        assert "quantity" in c.claim_types, needle
        assert "contains a number" in c.reasons
    assert {"13", "170"} <= set(find(claims, "killed 13").numbers)


def test_jan19_resolves(claims):
    c = find(claims, "On Jan.19")
    assert (c.claim_date, c.claim_date_text, c.claim_date_precision) == (dt.date(2023, 1, 19), "Jan.19", "day")


def test_last_august_is_flagged_against_august_2021(claims):
    c = find(claims, "last August")
    assert c.claim_date == dt.date(2022, 8, 1) and c.claim_date_precision == "month"
    assert "2021" in c.date_warning


def test_month_forms(claims):
    assert find(claims, "In October").claim_date == dt.date(2022, 10, 1)
    assert find(claims, "Last month").claim_date == dt.date(2022, 12, 1)


def test_headline_repeating_the_quote_is_merged_into_one_candidate(claims):
    assert not any(c.text.startswith("US will 'do everything") for c in claims)
    c = find(claims, "Anglo-Saxons")
    assert len(c.spans) == 2
    body = SEED.read_text(encoding="utf-8")
    assert body[c.spans[1][0]:c.spans[1][1]].startswith("US will 'do everything")


def test_outlet_statements_and_types_are_valid(claims):
    assert find(claims, "In October").speaker == "Seed Outlet"
    assert all(set(c.claim_types) <= set(CLAIM_TYPES) for c in claims)
    assert [c.start for c in claims] == sorted(c.start for c in claims)
    assert all(isinstance(c.to_dict()["spans"], list) for c in claims)
