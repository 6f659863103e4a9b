"""The pure re-ranker: a near-paraphrase that says something else is related, never the same claim."""
from datetime import date

import pytest

from factcheck.matching import rerank
from factcheck.matching.rerank import analyse, compare
from factcheck.matching.text import numbers, terms, years

CLAIM = "The government cut the health budget by 13 percent in 2021."


def flat(term: str) -> float:
    return 1.0


def verdict_of(query: str, doc: str = CLAIM, **query_fields) -> rerank.Comparison:
    return compare(analyse(query, **query_fields), analyse(doc, speaker=query_fields.get("doc_speaker")), flat)


def test_a_rewording_of_the_same_claim_scores_above_the_high_threshold():
    found = verdict_of("In 2021 the government cut the health budget by 13 percent, a minister said.")
    assert found.score >= rerank.HIGH and found.differs == ()


def test_an_unrelated_sentence_scores_below_the_low_threshold():
    assert verdict_of("Bananas are the most popular fruit at school lunches.").score < rerank.LOW


@pytest.mark.parametrize("query, differs, detail", [
    ("The government did not cut the health budget by 13 percent in 2021.", "negation", None),
    ("The government never cut the health budget by 13 percent in 2021.", "negation", None),
    ("The government didn't cut the health budget by 13 percent in 2021.", "negation", None),
    ("The government cut the health budget by 31 percent in 2021.", "number", "31 / 13"),
    ("The government cut the health budget by thirty percent in 2021.", "number", "30 / 13"),
    ("The government cut the health budget by 13 percent in 2019.", "year", "2019 / 2021"),
])
def test_a_different_meaning_is_named(query, differs, detail):
    found = verdict_of(query)
    assert found.differs == (differs,)
    if detail:
        assert found.details == (detail,)


def test_a_double_negation_is_not_a_difference():
    assert verdict_of("It is not true that the government did not cut the health budget by 13 percent in 2021."
                      ).differs == ()


def test_half_and_a_third_are_different_numbers():
    found = compare(analyse("Half of the nurses quit last year."), analyse("A third of the nurses quit last year."), flat)
    assert found.differs == ("number",) and found.details == ("1/2 / 1/3",)


def test_another_speaker_is_a_difference_but_the_same_surname_is_not():
    doc = analyse(CLAIM, speaker="Jane Smith")
    assert compare(analyse(CLAIM, speaker="Bob Jones"), doc, flat).differs == ("speaker",)
    assert compare(analyse(CLAIM, speaker="Minister Smith"), doc, flat).differs == ()


def test_a_relative_year_is_read_against_the_claim_date():
    query = analyse("The government cut the health budget by 13 percent last year.", claim_date=date(2020, 5, 1))
    assert compare(query, analyse(CLAIM), flat).differs == ("year",)


def test_an_extra_number_in_a_longer_retelling_is_not_a_contradiction():
    found = verdict_of("The government cut the health budget by 13 percent in 2021, closing 4 hospitals.")
    assert "number" not in found.differs


def test_thousands_separators_and_years_are_read_as_numbers_and_years():
    assert numbers("It cost 1,200 dollars in 2020") == {1200}
    assert years("It cost 1,200 dollars in 2020, and in 1999.") == {2020, 1999}


@pytest.mark.parametrize("query", [
    "", "   ", "the of and is", "!!! ??? ...", "😀🙈🔥", '"NEAR(a b)" * : - ^ ( )', "'; DROP TABLE claims; --",
    "x" * 100_000, "word " * 20_000, "\x00\x01", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
])
def test_hostile_text_gives_a_score_not_an_exception(query):
    found = compare(analyse(query), analyse(CLAIM), flat)
    assert 0.0 <= found.score <= 1.0


def test_only_stop_words_and_punctuation_have_no_terms():
    assert terms("the of and is it") == [] and terms("?!,.;") == []
