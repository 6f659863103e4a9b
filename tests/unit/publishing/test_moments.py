"""Links to the moment a claim was said: media fragments, YouTube's ?t=, and what is left alone."""
import pytest

from factcheck.publishing.moments import moment_url


@pytest.mark.parametrize("url,seconds,expected", [
    ("https://tv.example/debate.mp4", 872, "https://tv.example/debate.mp4#t=872"),
    ("https://tv.example/watch?id=9", 872, "https://tv.example/watch?id=9#t=872"),
    ("https://tv.example/debate.mp4#t=10", 872, "https://tv.example/debate.mp4#t=872"),  # ours replaces theirs
    ("https://tv.example/debate.mp4#t=10&xywh=160,120,320,240", 5,
     "https://tv.example/debate.mp4#t=5&xywh=160,120,320,240"),
    ("https://www.youtube.com/watch?v=abc123&list=PL9", 872, "https://www.youtube.com/watch?v=abc123&list=PL9&t=872"),
    ("https://youtu.be/abc123?si=x&t=5", 872, "https://youtu.be/abc123?si=x&t=872"),
    ("https://m.youtube.com/watch?v=abc123", 0, "https://m.youtube.com/watch?v=abc123&t=0"),
    ("https://YouTube.com/watch?v=abc123", 61, "https://YouTube.com/watch?v=abc123&t=61"),
])
def test_a_timed_appearance_links_to_its_moment(url, seconds, expected):
    assert moment_url(url, seconds) == expected


@pytest.mark.parametrize("url,seconds", [
    ("https://news.example/debate#transcript", 872),  # a page anchor is what its author linked to
    ("https://tv.example/debate.mp4", None),          # not timed
    ("ftp://tv.example/debate.mp4", 872),             # not a web link
    ("https://tv.example/debate.mp4", -3),
    (None, 872),
    ("", 872),
])
def test_nothing_is_added_where_the_link_cannot_say_it(url, seconds):
    assert moment_url(url, seconds) == url


def test_a_host_that_merely_contains_youtube_gets_a_media_fragment():
    assert moment_url("https://notyoutube.com/v/1", 9) == "https://notyoutube.com/v/1#t=9"
