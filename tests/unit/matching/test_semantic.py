"""The semantic extra: off by default, switched on by FACTCHECK_MATCHING_SEMANTIC=1, and only with
the checked weights; the light path runs without it. Tests needing the model skip without the extra."""
import pytest

from factcheck.matching import rerank, semantic
from factcheck.matching.text import terms


@pytest.fixture
def fresh_switch(monkeypatch):
    saved = dict(semantic._state)
    semantic._state["enabled"] = None
    yield monkeypatch
    semantic._state.clear()
    semantic._state.update(saved)


def test_off_unless_the_environment_says_so(fresh_switch):
    fresh_switch.delenv(semantic.ENVIRONMENT, raising=False)
    assert semantic.enabled() is False
    assert semantic.embed_one("anything") is None and semantic.embed_many(["a", "b"]) == [None, None]


def test_the_environment_is_read_once(fresh_switch):
    fresh_switch.setenv(semantic.ENVIRONMENT, "0")
    assert semantic.enabled() is False
    fresh_switch.setenv(semantic.ENVIRONMENT, "1")
    assert semantic.enabled() is False  # decided on first use


def test_cosine_of_missing_or_mismatched_vectors_is_none():
    assert semantic.cosine(None, b"\0" * 8) is None and semantic.cosine(b"\0" * 8, b"\0" * 4) is None


def test_a_memoised_document_analysis_is_the_analysis():
    text = "The government didn't cut the health budget by 13 percent in 2021."
    assert rerank.analyse_document(text, "Jane Smith", None) == rerank.analyse(text, "Jane Smith", None)
    assert set(rerank.analyse(text).counts) == set(terms(text))


def test_with_the_extra_a_paraphrase_is_closer_than_another_claim(fresh_switch):
    fresh_switch.setenv(semantic.ENVIRONMENT, "1")
    if not semantic.enabled():
        pytest.skip("the semantic extra is not installed (pip install 'factcheck[semantic]')")
    claim, paraphrase, other = semantic.embed_many([
        "The government cut the health budget by 13 percent.",
        "Health spending was slashed by the government by 13%.",
        "Bananas are the most popular fruit at school lunches."])
    assert semantic.cosine(claim, paraphrase) > semantic.cosine(claim, other) + 0.2
