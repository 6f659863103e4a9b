from factcheck.extraction.segment import header_date, segment


def texts(body):
    return [s.text for s in segment(body)]


def test_abbreviations_do_not_split_sentences():
    body = "On Jan. 19 the U.S. envoy met Dr. Smith in Kabul. Then he left."
    assert texts(body) == ["On Jan. 19 the U.S. envoy met Dr. Smith in Kabul.", "Then he left."]


def test_offsets_index_into_the_body():
    body = "  First one here.\n\nSecond, with U.S. in it. Third?"
    for s in segment(body):
        assert body[s.start:s.end] == s.text


def test_metadata_header_is_its_own_piece_even_on_the_first_line():
    pieces = segment(" date 2023-01-20 The United States said so. More text.")
    assert (pieces[0].text, pieces[0].kind) == ("date 2023-01-20", "metadata")
    assert pieces[1].text == "The United States said so."
    assert header_date(" date 2023-01-20 The United States said so.") == "2023-01-20"


def test_headline_line_without_full_stop_is_separate():
    pieces = segment("Envoy says US backs militants\nThe envoy said on Thursday that the US backs them.")
    assert pieces[0].kind == "headline"
    assert pieces[0].text == "Envoy says US backs militants"
    assert pieces[1].text.startswith("The envoy said")


def test_transcript_lines_are_split_even_without_punctuation():
    body = "SMITH: We cut taxes by 20 percent\nJONES: No you did not\n"
    assert texts(body) == ["SMITH: We cut taxes by 20 percent", "JONES: No you did not"]


def test_hard_wrapped_prose_lines_are_joined():
    body = ("The minister said that unemployment fell to 4 percent in the last quarter of\n"
            "the year, the lowest level since 1990.")
    assert len(segment(body)) == 1


def test_text_without_punctuation_is_cut_into_bounded_pieces():
    body = " ".join(["word"] * 5000)
    pieces = segment(body)
    assert len(pieces) > 5
    assert max(len(p.text) for p in pieces) <= 600
