import datetime as dt

import pytest

from factcheck.extraction.dates import anchored_months, consistency_warning, resolve_mentions

REF = dt.date(2023, 1, 20)   # Friday


@pytest.mark.parametrize("text, words, expected, precision", [
    ("It happened on Thursday, January 19, in Kabul.", "Thursday, January 19", dt.date(2023, 1, 19), "day"),
    ("On Jan.19, a blast hit the city.", "Jan.19", dt.date(2023, 1, 19), "day"),
    ("On Jan. 19, a blast hit the city.", "Jan. 19", dt.date(2023, 1, 19), "day"),
    ("The blast came last August during the drawdown.", "last August", dt.date(2022, 8, 1), "month"),
    ("In October, the group attacked a mosque.", "In October", dt.date(2022, 10, 1), "month"),
    ("Last month, it was reported that troops left.", "Last month", dt.date(2022, 12, 1), "month"),
    ("Kabul fell in August 2021.", "August 2021", dt.date(2021, 8, 1), "month"),
    ("He spoke on 5 March 2020 in Rome.", "5 March 2020", dt.date(2020, 3, 5), "day"),
    ("The law passed yesterday.", "yesterday", dt.date(2023, 1, 19), "day"),
    ("The vote was on Tuesday.", "on Tuesday", dt.date(2023, 1, 17), "day"),
    ("Prices rose last year.", "last year", dt.date(2022, 1, 1), "year"),
    ("The plant opened in 1998.", "in 1998", dt.date(1998, 1, 1), "year"),
    ("date 2023-01-20", "2023-01-20", dt.date(2023, 1, 20), "day"),
])
def test_date_forms_resolve_against_the_article_date(text, words, expected, precision):
    m = resolve_mentions(text, REF)[0]
    assert (m.text, m.date, m.precision) == (words, expected, precision)


def test_day_without_year_after_the_article_date_goes_to_previous_year():
    assert resolve_mentions("It started on December 28.", REF)[0].date == dt.date(2022, 12, 28)


def test_modal_may_is_not_a_month():
    assert resolve_mentions("Prices may rise.", REF) == []


def test_relative_date_without_article_date_keeps_words_but_no_date():
    m = resolve_mentions("It happened last August.", None)[0]
    assert m.text == "last August" and m.date is None


def test_wrong_weekday_is_flagged():
    m = resolve_mentions("It happened on Wednesday, January 19.", REF)[0]
    assert "Thursday" in consistency_warning(m, {}, REF)


def test_relative_month_contradicting_the_texts_own_year_is_flagged():
    mentions = resolve_mentions("Kabul fell in August 2021. The airport blast came last August.", REF)
    warning = consistency_warning(mentions[1], anchored_months(mentions), REF)
    assert "August 2022" in warning and "2021" in warning


def test_consistent_relative_month_is_not_flagged():
    mentions = resolve_mentions("Talks began in March 2022. In October, they failed.", REF)
    assert consistency_warning(mentions[1], anchored_months(mentions), REF) is None
