from .conftest import find


def test_factual_statistic_outscores_question_and_opinion(run):
    claims = run("Unemployment fell to 3.5 percent in December, the lowest rate since 1969. "
                 "Is this good news? What a wonderful, beautiful day it is.")
    fact = find(claims, "Unemployment")
    question = find(claims, "good news")
    opinion = find(claims, "wonderful")
    assert fact.score > 0.7
    assert question.score < 0.3 and "question" in question.reasons
    assert opinion.score < 0.3 and "opinion word: 'wonderful'" in opinion.reasons
    assert "contains a number" in fact.reasons


def test_reasons_name_accusation_and_named_official(run):
    c = find(run("Defence minister Ana Ruiz accused the rebels of shelling the hospital."), "accused")
    assert "accusation: 'accus'" in c.reasons
    assert "attributed to a named official (Defence minister)" in c.reasons


def test_hedged_claim_says_so(run):
    c = find(run("The virus may have killed 200 people in the region."), "virus")
    assert "hedged: 'may'" in c.reasons


def test_metadata_line_is_low_with_reason(run):
    c = find(run("date 2023-01-20\nThe minister resigned on Thursday."), "date 2023")
    assert c.score <= 0.02 and c.reasons == ("metadata line",)


def test_announcing_headline_is_low(run):
    claims = run("Here is everything you need to know\nThe council raised taxes by 4 percent in 2022.")
    head = find(claims, "everything you need")
    assert head.score < 0.3 and "headline that only announces" in head.reasons


def test_scores_are_deterministic_and_bounded(run):
    body = "The dam cost $2 billion. Critics said it was a waste. Will it last?"
    a, b = run(body), run(body)
    assert [c.score for c in a] == [c.score for c in b]
    assert all(0.0 <= c.score <= 1.0 for c in a)
