"""A link to the moment a claim was said in a broadcast: pure URL arithmetic, no Flask.

`https://tv.example/debate.mp4` at 872 s becomes `https://tv.example/debate.mp4#t=872` (a W3C media
fragment: browsers start <video>/<audio> there, and most players honour it); YouTube ignores the
fragment and reads `?t=872` (kept beside its other query parameters, `v=...`). A URL whose fragment
is a page anchor (`#transcript`) is left alone: the anchor is what its author linked to.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtu.be",
                           "www.youtu.be"})


def _is_media_fragment(fragment: str) -> bool:
    """`t=10`, `t=10&xywh=...`: name=value pairs, as the media-fragments syntax has them."""
    return all("=" in part for part in fragment.split("&") if part)


def moment_url(url: str | None, seconds: int | None) -> str | None:
    """`url` pointing at `seconds` from the start; unchanged when either is missing or it cannot say."""
    if not url or seconds is None or int(seconds) < 0:
        return url
    seconds = int(seconds)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return url
    if (parts.hostname or "").lower() in YOUTUBE_HOSTS:
        query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if key != "t"]
        return urlunsplit(parts._replace(query=urlencode([*query, ("t", str(seconds))])))
    if parts.fragment and not _is_media_fragment(parts.fragment):
        return url
    fragment = [part for part in parts.fragment.split("&") if part and not part.startswith("t=")]
    return urlunsplit(parts._replace(fragment="&".join([f"t={seconds}", *fragment])))
