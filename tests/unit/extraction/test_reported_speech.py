"""Reported speech credits the speaker, not the outlet; the outlet only when it asserts the claim itself."""
from pathlib import Path

import pytest

from factcheck.extraction import ArticleInput, extract

ROWS = [tuple(ln.split("\t")) for ln in Path(__file__).with_name("data").joinpath("reported_speech.tsv")
        .read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
INTRO = "Council member Jane Roe spoke at the meeting on Monday.\n\n"


def _norm(name):
    name = (name or "").strip()
    return name[4:] if name.lower().startswith("the ") else name


@pytest.mark.parametrize("speaker,how,sentence", ROWS, ids=[r[2][:40] for r in ROWS])
def test_reported_speech_is_credited_to_who_said_it(speaker, how, sentence):
    claim = extract(ArticleInput(body=INTRO + sentence, outlet="The Daily Test"))[-1]
    assert claim.text == sentence
    assert _norm(claim.speaker).lower() == _norm(speaker).lower()
    assert how in (claim.attribution or "")


def test_outlet_is_never_credited_with_a_sentence_someone_else_said():
    said = [r for r in ROWS if r[0] != "The Daily Test"]
    body = INTRO + "\n\n".join(r[2] for r in said)
    claims = [c for c in extract(ArticleInput(body=body, outlet="The Daily Test")) if c.text in {r[2] for r in said}]
    assert len(claims) == len(said)
    assert not [c.text for c in claims if c.speaker == "The Daily Test"]
