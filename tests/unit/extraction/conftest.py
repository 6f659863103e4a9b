import datetime as dt

import pytest

from factcheck.extraction import ArticleInput, extract

ARTICLE_DATE = dt.date(2023, 1, 20)   # a Friday


@pytest.fixture
def run():
    def _run(body, date=ARTICLE_DATE, outlet="The Daily Test"):
        return extract(ArticleInput(body=body, published_date=date, outlet=outlet))
    return _run


def find(claims, needle):
    hits = [c for c in claims if needle in c.text]
    assert hits, f"no candidate contains {needle!r}: {[c.text for c in claims]}"
    return hits[0]
