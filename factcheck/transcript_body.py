"""Timed pieces of speech (subtitle cues, stamped transcript lines) joined into an article body that
reads like a transcript, with a time map: body character offset -> seconds from the start.

Pure: no Flask, no database. The body has one line per speaker turn, `NAME: words`, as the desk's
transcripts do, so extraction's speaker labels work on it; cues that continue a sentence are joined
into it with a space. The time map holds one [offset, seconds] pair per cue where its words begin;
the moment of any offset is that of the last pair at or before it (`seconds_at`).
"""
from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass

# `NAME:` at the start of a cue: capitals only (a cue reading "Note: ..." is speech, not a speaker)
NAME_PREFIX = re.compile(r"\A[ \t]*([A-Z][A-Z0-9.'\- ]{0,39}[A-Z.]):[ \t]+(?=\S)")
# the label forms extraction reads as speakers: ALL CAPS, or up to three Title-case words
_TITLE_LABEL = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z.]+){0,2}")
_CAPS_LABEL = re.compile(r"[A-Z][A-Z.'\- ]{1,40}")
_TAG = re.compile(r"<[^>]*>|\{\\[^}]*\}")  # HTML-ish styling (<i>, <font>) and SSA overrides ({\an8})
TERMINAL = (".", "?", "!", "…", '."', '?"', '!"', ".'", "?'", "!'", ".”", "?”", "!”")
UNIDENTIFIED = "UNIDENTIFIED SPEAKER"  # a `>>` speaker change that names nobody
PAUSE_SECONDS = 3.0   # a finished sentence followed by this long a silence starts a new paragraph
LONG_LINE = 1_200     # ... and so does a finished sentence once a paragraph is this long


@dataclass(frozen=True)
class TimedText:
    body: str
    time_map: tuple[tuple[int, int], ...]   # (body offset, whole seconds), both increasing
    warnings: tuple[str, ...] = ()          # for the article page (extraction_warnings)


@dataclass(frozen=True)
class Turn:
    """Words said from `seconds` on; `speaker` when the source names one, `change` when it marks a
    new speaker without naming one (a `>>` in broadcast captions)."""

    seconds: float
    text: str
    speaker: str | None = None
    change: bool = False
    gap: float = 0.0  # silence before it (the previous cue's end to this one's start)


def clean(text: str) -> str:
    """A cue's display text as plain words: tags dropped, entities decoded, line wraps joined."""
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def label_for(name: str) -> str:
    """The speaker as a label extraction reads: as written when it can, else in capitals."""
    name = " ".join(name.split()).strip(" :")
    return name if _TITLE_LABEL.fullmatch(name) or _CAPS_LABEL.fullmatch(name) else name.upper()


def split_turns(text: str, seconds: float, speaker: str | None = None, gap: float = 0.0) -> list[Turn]:
    """One cue's words, split where `>>` marks a speaker change and led by a `NAME:` when it has one."""
    pieces = text.split(">>")
    turns = []
    for i, piece in enumerate(pieces):
        words = clean(piece)
        if not words:
            continue
        named = NAME_PREFIX.match(words)
        if named:
            turns.append(Turn(seconds, words[named.end():], named.group(1).strip(), True, gap))
        else:
            turns.append(Turn(seconds, words, speaker if i == 0 else None, i > 0, gap))
    return turns


class BodyBuilder:
    """Appends turns to the body, keeping the time map beside it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.line_length = 0
        self.speaker: str | None = None
        self.time_map: list[tuple[int, int]] = []

    def _write(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)
        self.line_length = len(text) if text.startswith("\n") else self.line_length + len(text)

    def _mark(self, seconds: float) -> None:
        whole = int(seconds)
        if not self.time_map or self.time_map[-1][1] != whole:
            self.time_map.append((self.length, whole))

    def add(self, turn: Turn) -> None:
        label = None
        if turn.speaker and label_for(turn.speaker) != self.speaker:
            label = label_for(turn.speaker)
        elif turn.change and not turn.speaker:
            label = UNIDENTIFIED
        if label is not None or not self.parts:
            if self.parts:
                self._write("\n")
            self._mark(turn.seconds)
            self._write(f"{label}: {turn.text}" if label else turn.text)
            self.speaker = label or self.speaker
            return
        finished = self.parts[-1].endswith(TERMINAL)
        if finished and (turn.gap >= PAUSE_SECONDS or self.line_length >= LONG_LINE):
            self._write("\n")
            self._mark(turn.seconds)
            self._write(turn.text)
            return
        self._write(" ")
        self._mark(turn.seconds)
        self._write(turn.text)

    def result(self, warnings: tuple[str, ...] = ()) -> TimedText:
        return TimedText("".join(self.parts), tuple(self.time_map), warnings)


def join_turns(turns: list[Turn], warnings: tuple[str, ...] = ()) -> TimedText:
    builder = BodyBuilder()
    for turn in turns:
        builder.add(turn)
    return builder.result(warnings)


def seconds_at(time_map, offset: int | None) -> int | None:
    """The moment (whole seconds) of body offset `offset`: that of the cue it falls in, or None
    before the first timed piece (a headline above the first stamp) or without a time map."""
    if not time_map or offset is None:
        return None
    index = bisect_right([int(pair[0]) for pair in time_map], offset) - 1
    return int(time_map[index][1]) if index >= 0 else None


def shifted(time_map, cut: int) -> tuple[tuple[int, int], ...]:
    """The time map of the body with its first `cut` characters removed (a stripped header)."""
    if not cut:
        return tuple((int(o), int(s)) for o, s in time_map)
    out: list[tuple[int, int]] = []
    for offset, seconds in time_map:
        moved = max(0, int(offset) - cut)
        if out and out[-1][0] == moved:
            out[-1] = (moved, int(seconds))
        else:
            out.append((moved, int(seconds)))
    return tuple(out)


def clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
