"""Subtitle files (SRT, WebVTT) and `[hh:mm:ss]`-stamped transcripts read into a body and a time map.

Pure: no Flask, no database. The `srt` library reads SRT strictly (a malformed block is an error
with its position, never folded into the cue before it); `webvtt-py` reads WebVTT in strict mode
and keeps `<v Name>` voice tags. What this module adds is the desk's rules on top: which line is
wrong and why, cues in time order, overlapping cues accepted with a warning (roll-up captions and
cross-talk overlap in perfectly good files), and the stamps of a plain transcript.
"""
from __future__ import annotations

import re
from datetime import timedelta

import srt
import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from factcheck.errors import ValidationError
from factcheck.transcript_body import TimedText, Turn, clock, join_turns, split_turns

# `[mm:ss]` or `[hh:mm:ss]` (a fraction allowed) at the start of a line
STAMP = re.compile(r"^[ \t]*\[(?:(\d{1,3}):)?([0-5]?\d):([0-5]\d)(?:[.,]\d{1,3})?\][ \t]*", re.MULTILINE)
STAMP_LIKE = re.compile(r"^[ \t]*\[[\d:.,]+\]", re.MULTILINE)
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]*)>")
_VTT_TIMINGS = re.compile(r"^\s*(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}\s*-->\s*(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}(?=\s|$)")
MAX_WARNED = 3  # overlapping cues named in the warning; the rest are counted


def line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _hms(seconds: float) -> str:
    return clock(int(seconds)) + (f".{int(round(seconds % 1 * 1000)):03d}" if seconds % 1 else "")


# --- SRT --------------------------------------------------------------------------------------

def _srt_error(name: str, text: str, error: srt.SRTParseError) -> ValidationError:
    """Where the first unreadable block is, which cue it is, and what is wrong with it."""
    start = error.expected_start + len(text[error.expected_start:]) - len(text[error.expected_start:].lstrip())
    block = text[start:error.actual_start].strip("\n").split("\n")
    number = block[0].strip() if block and block[0].strip().isdigit() else None
    timing = next((i for i, line in enumerate(block) if "-->" in line), None)
    cue = f"cue {number}" if number else "a cue"
    if text.lstrip().startswith("WEBVTT"):
        return ValidationError(f"{name} is a WebVTT file (it starts with WEBVTT), not SRT: name it .vtt.")
    if timing is None:
        return ValidationError(f"{name}, line {line_of(text, start)}: {cue} has no timing line; each cue is a "
                               "number, then 'hh:mm:ss,mmm --> hh:mm:ss,mmm', then its text and a blank line.")
    line = line_of(text, start) + timing
    return ValidationError(f"{name}, line {line}: {cue} has malformed timestamps {block[timing].strip()!r}; "
                           "write them as hh:mm:ss,mmm --> hh:mm:ss,mmm.")


def timing_lines(text: str) -> list[int]:
    """The line number of each cue's timing line, in order (only timing lines hold "-->")."""
    return [i + 1 for i, line in enumerate(text.splitlines()) if "-->" in line]


def srt_cues(name: str, text: str) -> list[tuple[int, float, float, str, int]]:
    """(number, start, end, raw text, timing line) of every cue, in the file's order."""
    try:
        cues = list(srt.parse(text))
    except srt.SRTParseError as error:
        raise _srt_error(name, text, error) from None
    lines = timing_lines(text)
    return [(cue.index, cue.start / timedelta(seconds=1), cue.end / timedelta(seconds=1), cue.content,
             lines[i] if i < len(lines) else 0) for i, cue in enumerate(cues)]


# --- WebVTT -----------------------------------------------------------------------------------

def _vtt_error(name: str, text: str, error: MalformedCaptionError) -> ValidationError:
    lines = text.splitlines()
    blocks = re.findall(r"'((?:[^'\\]|\\.)*)'", str(error))
    timing = next((b for b in blocks if "-->" in b), blocks[0] if blocks else "")
    number = next((i + 1 for i, line in enumerate(lines) if line == timing), None)
    where = f"{name}, line {number}" if number else name
    if timing and not _VTT_TIMINGS.match(timing):
        return ValidationError(f"{where}: malformed cue timings {timing.strip()!r}; write them as "
                               "hh:mm:ss.ttt --> hh:mm:ss.ttt (or mm:ss.ttt).")
    return ValidationError(f"{where}: the cue {timing.strip()!r} is not separated from the one before it "
                           "by a blank line, or has no text.")


def vtt_cues(name: str, text: str) -> list[tuple[int, float, float, str, int]]:
    if not text.lstrip("\ufeff").startswith("WEBVTT"):
        raise ValidationError(f"{name} does not start with the WEBVTT header line that every WebVTT file "
                              "begins with" + (" (it looks like SRT: name it .srt)" if "," in text[:200] and
                                               "-->" in text[:200] else "") + ".")
    try:
        captions = webvtt.from_string(text.lstrip("\ufeff"), strict=True).captions
    except MalformedCaptionError as error:
        raise _vtt_error(name, text, error) from None
    except MalformedFileError:
        raise ValidationError(f"{name} is not a WebVTT file.") from None
    lines = timing_lines(text)
    return [(i, c.start_time.in_milliseconds() / 1000, c.end_time.in_milliseconds() / 1000, c.raw_text,
             lines[i - 1] if i <= len(lines) else 0) for i, c in enumerate(captions, 1)]


def vtt_pieces(raw: str) -> list[tuple[str | None, str]]:
    """A cue's text split at its `<v Name>` voice tags: (voice or None, text)."""
    found = list(_VOICE.finditer(raw))
    if not found:
        return [(None, raw)]
    pieces = [(None, raw[: found[0].start()])] if raw[: found[0].start()].strip() else []
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(raw)
        pieces.append((match.group(1).strip() or None, raw[match.end():end]))
    return pieces


# --- both -------------------------------------------------------------------------------------

def check_times(name: str, cues) -> tuple[str, ...]:
    """Refuse a cue that ends before it starts or starts before the cue before it (a broken file);
    accept overlaps, with a warning naming the first few."""
    overlaps = []
    for before, cue in zip([None, *cues], cues):
        number, start, end, _raw, line = cue
        at = f"{name}, line {line}: cue {number}" if line else f"{name}: cue {number}"
        if end < start:
            raise ValidationError(f"{at} ends ({_hms(end)}) before it starts ({_hms(start)}).")
        if before is None:
            continue
        if start < before[1]:
            raise ValidationError(f"{at} starts at {_hms(start)}, before cue {before[0]} ({_hms(before[1])}): "
                                  "the cues are out of order.")
        if start < before[2]:
            overlaps.append(f"cue {number} starts at {_hms(start)} before cue {before[0]} ends at {_hms(before[2])}")
    if not overlaps:
        return ()
    more = f" and {len(overlaps) - MAX_WARNED} more" if len(overlaps) > MAX_WARNED else ""
    plural = "s" if len(overlaps) > 1 else ""
    return (f"{len(overlaps)} overlapping subtitle cue{plural}, kept in time order: "
            f"{'; '.join(overlaps[:MAX_WARNED])}{more}",)


def subtitle_text(name: str, kind: str, text: str) -> TimedText:
    """An SRT (`kind` "srt") or WebVTT ("vtt") file's words as a transcript body with its time map."""
    cues = srt_cues(name, text) if kind == "srt" else vtt_cues(name, text)
    if not cues:
        raise ValidationError(f"{name} has no subtitle cues in it.")
    warnings = check_times(name, cues)
    turns: list[Turn] = []
    previous_end = None
    for _number, start, end, raw, _line in cues:
        gap = start - previous_end if previous_end is not None else 0.0
        for voice, piece in (vtt_pieces(raw) if kind == "vtt" else [(None, raw)]):
            turns += split_turns(piece, start, voice, gap)
        previous_end = end
    if not turns:
        raise ValidationError(f"{name} has subtitle cues but no words in them.")
    return join_turns(turns, warnings)


# --- `[hh:mm:ss]` stamped transcripts ----------------------------------------------------------

def has_stamps(text: str) -> bool:
    """A plain text is a timestamped transcript when at least two lines start with a `[..:..]` stamp."""
    found = STAMP_LIKE.finditer(text)
    return next(found, None) is not None and next(found, None) is not None


def _stamp_seconds(name: str, text: str, match: re.Match | None, at: int) -> float:
    if match is None:
        bad = STAMP_LIKE.match(text, at).group(0).strip()
        raise ValidationError(f"{name}, line {line_of(text, at)}: the stamp {bad} is not a time; write it as "
                              "[mm:ss] or [hh:mm:ss].")
    hours, minutes, seconds = match.group(1), match.group(2), match.group(3)
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)


def stamped_text(name: str, text: str) -> TimedText:
    """A transcript whose lines start with `[mm:ss]`/`[hh:mm:ss]` (on the speaker's line or on a line
    of their own): the stamps come out of the body and into the time map."""
    body: list[str] = []
    length, pending, last = 0, None, None
    time_map: list[tuple[int, int]] = []
    for line_match in re.finditer(r"[^\n]*\n?", text):
        line, at = line_match.group(0), line_match.start()
        if not line:
            break
        if STAMP_LIKE.match(line):
            stamp = STAMP.match(line)
            seconds = _stamp_seconds(name, text, stamp, at)
            if last is not None and seconds < last:
                raise ValidationError(f"{name}, line {line_of(text, at)}: the stamp {line[:stamp.end()].strip()} "
                                      f"goes back in time (the one before it is {clock(int(last))}).")
            pending, last, line = seconds, seconds, line[stamp.end():]
            if not line.strip():
                continue
        if pending is not None and line.strip():
            lead = len(line) - len(line.lstrip())
            if time_map and time_map[-1][0] == length + lead:
                time_map.pop()
            time_map.append((length + lead, int(pending)))
            pending = None
        body.append(line)
        length += len(line)
    return TimedText("".join(body), tuple(time_map))
