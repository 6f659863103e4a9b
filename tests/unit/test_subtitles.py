"""Subtitle files and stamped transcripts read into a transcript body and a time map (pure)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.documents import read_document
from factcheck.errors import ValidationError
from factcheck.extraction import ArticleInput, extract
from factcheck.subtitles import has_stamps, stamped_text, subtitle_text
from factcheck.transcript_body import seconds_at

LIMIT = 1_000_000

DEBATE_SRT = """1
00:00:01,000 --> 00:00:03,500
MODERATOR: Good evening. Our first

2
00:00:03,600 --> 00:00:05,000
question is on the economy.

3
00:14:32,000 --> 00:14:36,000
>> HART: When I took office, unemployment
in this state was <i>7.1%</i>.

4
00:14:36,200 --> 00:14:39,000
Today it is 3.8%.

5
00:14:41,000 --> 00:14:45,000
>> MORALES: Wages here grew by 9% while prices rose by 17%.
"""


def moment_of(timed, words: str) -> int | None:
    return seconds_at(timed.time_map, timed.body.index(words))


def test_srt_cues_become_one_line_per_speaker_with_the_moment_of_each_cue():
    timed = subtitle_text("debate.srt", "srt", DEBATE_SRT)
    assert timed.body.splitlines() == [
        "MODERATOR: Good evening. Our first question is on the economy.",  # a sentence split over two cues
        "HART: When I took office, unemployment in this state was 7.1%. Today it is 3.8%.",
        "MORALES: Wages here grew by 9% while prices rose by 17%.",
    ]
    assert moment_of(timed, "question is") == 3
    assert moment_of(timed, "When I took") == moment_of(timed, "unemployment") == 14 * 60 + 32
    assert moment_of(timed, "Today it is") == 14 * 60 + 36
    assert moment_of(timed, "Wages here") == 14 * 60 + 41
    assert timed.warnings == ()


def test_extraction_on_the_body_finds_the_speakers_and_each_claim_maps_to_its_cue():
    timed = subtitle_text("debate.srt", "srt", DEBATE_SRT)
    claims = {c.text: c for c in extract(ArticleInput(body=timed.body))}
    today = claims["Today it is 3.8%."]
    assert today.speaker == "Hart" and seconds_at(timed.time_map, today.start) == 872 + 4
    wages = claims["Wages here grew by 9% while prices rose by 17%."]
    assert wages.speaker == "Morales" and seconds_at(timed.time_map, wages.start) == 881


def test_vtt_voice_tags_name_the_speakers_even_two_in_one_cue():
    vtt = ("WEBVTT\n\nNOTE recorded live\n\nintro\n00:01.000 --> 00:04.000 align:start\n"
           "<v Jane Doe>We created 3 million jobs &amp; cut taxes.</v>\n\n"
           "01:02:03.500 --> 01:02:06.000\n<v Bob O'Neil>That is false.</v> <v Jane Doe>It is true.\n")
    timed = subtitle_text("town-hall.vtt", "vtt", vtt)
    assert timed.body.splitlines() == ["Jane Doe: We created 3 million jobs & cut taxes.",
                                       "BOB O'NEIL: That is false.", "Jane Doe: It is true."]
    assert moment_of(timed, "We created") == 1
    assert moment_of(timed, "That is false") == moment_of(timed, "It is true") == 3723


def test_a_bare_speaker_change_is_not_given_to_the_previous_speaker():
    srt = "1\n00:00:01,000 --> 00:00:03,000\nHART: Crime fell by 20%.\n>> That is not true.\n"
    body = subtitle_text("x.srt", "srt", srt).body
    assert body.splitlines() == ["HART: Crime fell by 20%.", "UNIDENTIFIED SPEAKER: That is not true."]


def test_overlapping_cues_are_kept_in_order_with_a_warning_naming_them():
    srt = ("1\n00:00:01,000 --> 00:00:05,000\nHART: We cut crime by 20%.\n\n"
           "2\n00:00:04,000 --> 00:00:06,000\nMORALES: That is false.\n")
    timed = subtitle_text("x.srt", "srt", srt)
    assert "MORALES: That is false." in timed.body
    assert len(timed.warnings) == 1
    assert "cue 2 starts at 00:00:04 before cue 1 ends at 00:00:05" in timed.warnings[0]


@pytest.mark.parametrize("name,text,message", [
    ("a.srt", "1\n00:00:01,000 --> 00:00:03,500\nHello.\n\n2\n00:00:04,000 --> 00:0x:06,000\nBad.\n",
     "a.srt, line 6: cue 2 has malformed timestamps '00:00:04,000 --> 00:0x:06,000'"),
    ("b.srt", "1\n00:00:05,000 --> 00:00:02,000\nBackwards.\n", r"b.srt, line 2: cue 1 ends \(00:00:02\) before it starts \(00:00:05\)"),
    ("c.srt", "1\n00:00:05,000 --> 00:00:06,000\nx\n\n2\n00:00:01,000 --> 00:00:02,000\ny\n",
     r"c.srt, line 6: cue 2 starts at 00:00:01, before cue 1 \(00:00:05\): the cues are out of order"),
    ("d.srt", "Just some words\nwith no cues.\n", "d.srt, line 1: a cue has no timing line"),
    ("e.srt", "WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", "e.srt is a WebVTT file.*name it .vtt"),
    ("f.srt", "1\n00:00:01,000 --> 00:00:02,000\n\n", "f.srt has subtitle cues but no words"),
    ("g.vtt", "00:01.000 --> 00:02.000\nhello\n", "g.vtt does not start with the WEBVTT header"),
    ("h.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nok\n\n00:03.500 --> 00:0x.000\nno\n",
     r"h.vtt, line 6: malformed cue timings '00:03.500 --> 00:0x.000'"),
    ("i.vtt", "WEBVTT\n\n", "i.vtt has no subtitle cues"),
    ("j.srt", "\n\n  \n", "j.srt has no subtitle cues"),
])
def test_broken_subtitles_are_refused_naming_the_line_and_the_fault(name, text, message):
    with pytest.raises(ValidationError, match=message):
        subtitle_text(name, name[-3:], text)


@pytest.mark.parametrize("name,data,message", [
    ("empty.srt", b"", "empty"),
    ("binary.srt", b"\x00\x01\x02\xff" * 50, "binary"),
    ("latin1.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nCaf\xe9\n".encode("latin-1"), "not UTF-8"),
    ("huge.srt", b"1\n00:00:01,000 --> 00:00:02,000\n" + b"a" * LIMIT, "limit"),
])
def test_files_that_are_not_subtitle_text_are_refused_before_parsing(name, data, message):
    with pytest.raises(ValidationError, match=message):
        read_document(name, data, LIMIT)


def test_a_subtitle_file_reads_into_a_draft_titled_after_the_file():
    draft = read_document("second_debate.srt", DEBATE_SRT.encode("utf-8-sig"), LIMIT)
    assert draft.title == "second debate" and draft.source_name == "second_debate.srt"
    assert draft.body.startswith("MODERATOR: Good evening.")
    assert seconds_at(draft.time_map, draft.body.index("Wages")) == 881


STAMPED = """date 2024-09-12
Second gubernatorial debate

[00:00] MODERATOR: Good evening.
[14:32]
HART: When I took office, unemployment was 7.1%.
Today it is 3.8%.
[1:02:05] MORALES: Rents have doubled since 2015.
"""


def test_stamped_transcript_stamps_leave_the_body_for_the_time_map():
    assert has_stamps(STAMPED)
    draft = read_document("debate.txt", STAMPED.encode(), LIMIT)
    assert "[" not in draft.body and str(draft.published_date) == "2024-09-12"
    assert draft.title == "Second gubernatorial debate"
    assert draft.body.splitlines()[2:] == ["MODERATOR: Good evening.", "HART: When I took office, unemployment was 7.1%.",
                                           "Today it is 3.8%.", "MORALES: Rents have doubled since 2015."]
    at = {line: seconds_at(draft.time_map, draft.body.index(line)) for line in draft.body.splitlines() if line}
    assert at["Second gubernatorial debate"] is None  # above the first stamp: not timed
    assert at["MODERATOR: Good evening."] == 0
    assert at["HART: When I took office, unemployment was 7.1%."] == at["Today it is 3.8%."] == 14 * 60 + 32
    assert at["MORALES: Rents have doubled since 2015."] == 3725


def test_a_text_with_one_bracketed_time_is_an_ordinary_article():
    draft = read_document("notes.txt", b"[10:30] The council met.\nIt approved the budget.\n", LIMIT)
    assert draft.time_map == () and draft.body.startswith("[10:30]")


@pytest.mark.parametrize("text,message", [
    ("[00:10] A: x\n[00:05] B: y\n", r"t.txt, line 2: the stamp \[00:05\] goes back in time"),
    ("[00:10] A: x\n[00:75] B: y\n", r"t.txt, line 2: the stamp \[00:75\] is not a time"),
])
def test_bad_stamps_are_refused_naming_the_line(text, message):
    with pytest.raises(ValidationError, match=message):
        stamped_text("t.txt", text)


# Whatever a file holds, reading it either succeeds or says why (ValidationError, a 422): never a crash.
_PIECES = st.sampled_from(["1", "2", "\n", "\n\n", " --> ", "00:00:01,000", "00:0x:01,000", "00:01.000",
                           "WEBVTT", ">>", "HART: ", "<v Ann>", "</v>", "<i>", "[00:10]", "[1:02:03] ", "-->",
                           "words.", "\r\n", "\ufeff", "&amp;", "{\\an8}"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40), st.sampled_from(["a.srt", "a.vtt", "a.txt"]))
def test_any_text_is_read_or_refused_with_a_reason(pieces, name):
    try:
        draft = read_document(name, "".join(pieces).encode("utf-8", "replace"), LIMIT)
    except ValidationError as error:
        assert error.message
        return
    offsets = [offset for offset, _ in draft.time_map]
    assert offsets == sorted(offsets) and all(0 <= offset <= len(draft.body) for offset in offsets)
    assert [s for _, s in draft.time_map] == sorted(s for _, s in draft.time_map)


def test_windows_line_endings_read_the_same():
    unix = subtitle_text("a.srt", "srt", DEBATE_SRT)
    assert subtitle_text("a.srt", "srt", DEBATE_SRT.replace("\n", "\r\n")) == unix
