"""Names in one article: full names, surnames, roles, and entity mentions.

One pass over the body collects capitalised name sequences; a speaker written as a surname
("Kabulov") resolves to the fullest name that ends with it, preferring names used earlier.
"""
from __future__ import annotations

import bisect
import re

ROLE_NOUNS = (r"envoy|minister|president|spokesperson|spokesman|spokeswoman|secretary|official|"
              r"senator|governor|director|chief|ambassador|adviser|advisor|ceo|chairman|chairwoman|"
              r"chair|leader|commander|general|mayor|representative|congressman|congresswoman|"
              r"lawmaker|head|deputy|professor|analyst|expert|economist|researcher|judge|attorney|"
              r"prosecutor|lawyer|executive|founder|officer|diplomat|negotiator|candidate|king|queen|"
              r"chancellor|premier|editor|correspondent|manager|scientist|doctor|spokesman|member|"
              r"mp|aide|inspector|colonel|captain|sergeant|councillor|councilor|sheriff|superintendent|moderator|host")
_TITLE_RE = re.compile(rf"(?:{ROLE_NOUNS}|mr|mrs|ms|dr|sir|prof|sen|rep|gov|gen|lt|col|sgt)\.?$", re.IGNORECASE)
ROLE_NOUN_RE = re.compile(rf"\b(?:{ROLE_NOUNS})s?\b", re.IGNORECASE)
_NAME_TOKEN = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
NAME_RE = re.compile(rf"\b{_NAME_TOKEN}(?:\s+(?:[A-Z]\.\s+)?{_NAME_TOKEN}){{1,3}}\b")
ENTITY_RE = re.compile(r"\b(?:[A-Z][\w'’&/-]*[A-Za-z0-9](?:\s+(?:of\s+|for\s+|the\s+)?[A-Z][\w'’&/-]*[A-Za-z0-9])*|[A-Z]{2,}(?:-[A-Z])?)\b")
_STOP_LEAD = {"The", "A", "An", "In", "On", "At", "But", "And", "According", "Yes", "No", "It", "If",
              "When", "While", "After", "Before", "Since", "As", "So", "Many", "Last", "This", "That",
              "Mr", "Mrs", "Ms", "Dr", "Also", "Then", "For", "Of", "To", "By", "With", "From", "They",
              "He", "She", "We", "I", "Its", "Their", "His", "Her", "Our", "Some", "Other", "Former"}
_NOT_PERSON = re.compile(r"\b(?:States|State|Province|Republic|Union|Kingdom|Nations|Forces|Army|Airport|"
                         r"International|Ministry|Department|Council|Party|Agency|Radio|News|Times|Post|"
                         r"University|Bank|Company|Group|Islamic|Street|City|County|Court|House|Congress|"
                         r"Parliament|Senate|Committee|Organization|Organisation|Corporation|Inc|Ltd)\b")
_CALENDAR = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?$")
_PREPS = {"for", "of", "to", "in", "at", "from", "on", "with", "by"}
_ROLE_STOP = re.compile(r"[,;:()\"“”]|\b(?:said|says|told|claimed|and|that|who|which|was|is|were|are|"
                        r"has|had|have|by|according|with|as|when|while|after|before)\b", re.IGNORECASE)


_ROLE_STOP_LOWER = re.compile(_ROLE_STOP.pattern)


class NameIndex:
    def __init__(self, body: str):
        self.body = body
        self.full: list[tuple[int, str]] = []          # (position, full name), text order
        self.roles: dict[str, str] = {}
        for m in NAME_RE.finditer(body):
            name = self._strip_lead(m.group(0))
            before = body[max(0, m.start() - 6):m.start()].split()
            if before and before[-1].lower() in _PREPS and len(name.split()) >= 3:
                name = name.split(" ", 1)[1]
            if name and len(name.split()) >= 2 and not _NOT_PERSON.search(name):
                self.full.append((m.start() + len(m.group(0)) - len(name), name))
        self.by_surname: dict[str, list[tuple[int, str]]] = {}
        for pos, name in self.full:
            same = self.by_surname.setdefault(name.split()[-1].lower(), [])
            if all(n != name for _, n in same):
                same.append((pos, name))
        self.full_set = {name for _, name in self.full}
        self.first_pos: dict[str, int] = {}
        for pos, name in self.full:
            self.first_pos.setdefault(name, pos)
        self.positions = [pos for pos, _ in self.full]
        for pos, name in self.full:
            if name not in self.roles:
                role = self._role_before(pos) or self._role_after(pos + len(name))
                if role:
                    self.roles[name] = role

    @staticmethod
    def _strip_lead(name: str) -> str:
        """Drop sentence-initial function words and titles: 'Senator Mark Holt' -> 'Mark Holt'."""
        toks = name.split()
        while toks and (toks[0] in _STOP_LEAD or len(toks) > 1 and _TITLE_RE.match(toks[0])):
            toks.pop(0)
        return " ".join(toks)

    def last_person_before(self, offset: int) -> tuple[str, str | None] | None:
        """The most recent full name mentioned before offset, for 'he'/'she'."""
        i = bisect.bisect_left(self.positions, offset)
        if i == 0:
            return None
        full = self.full[i - 1][1]
        return full, self.roles.get(full)

    def _role_before(self, pos: int) -> str | None:
        window = self.body[max(0, pos - 120):pos]
        low = window.lower()
        if len(low) == len(window):       # same matches, without IGNORECASE's cost
            cut = max((m.end() for m in _ROLE_STOP_LOWER.finditer(low)), default=0)
        else:
            cut = max((m.end() for m in _ROLE_STOP.finditer(window)), default=0)
        cut = max(cut, window.rfind(".") + 1 if window.rfind(". ") >= 0 else 0,
                  window.rfind("\n") + 1, window.rfind(".\n") + 1)       # a role never crosses a line
        phrase = window[cut:].strip()
        phrase = re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.IGNORECASE)
        if phrase and ROLE_NOUN_RE.search(phrase) and len(phrase.split()) <= 9:
            return phrase
        return None

    def _role_after(self, end: int) -> str | None:
        m = re.match(r",\s+(?:the\s+|a\s+|an\s+)?([^,.;\"“”]{3,90}?),", self.body[end:end + 120])
        if m and ROLE_NOUN_RE.search(m.group(1)):
            return m.group(1).strip()
        return None

    def trim(self, raw: str, before: str = "") -> str:
        """Drop leading words a greedy name match caught: 'for Afghanistan Zamir Kabulov' -> name."""
        toks = raw.split()
        prev = before.split()[-1:] if before.strip() else []
        if len(toks) >= 3 and prev and prev[0].lower() in _PREPS:
            toks = toks[1:]
        while len(toks) > 1 and (toks[0] in _STOP_LEAD or _TITLE_RE.match(toks[0])):
            toks = toks[1:]
        for k in range(min(len(toks) - 1, 4), 1, -1):
            if " ".join(toks[-k:]) in self.full_set:
                return " ".join(toks[-k:])
        return " ".join(toks)

    def resolve(self, raw: str, offset: int) -> str:
        """Surname (any case) -> fullest name ending with it, preferring earlier mentions."""
        key = raw.strip().lower()
        if not key or raw.strip() in self.full_set:
            return raw.strip()
        best = None
        for pos, full in self.by_surname.get(key.split()[-1], ()):
            low = full.lower()
            if low == key or low.endswith(" " + key.split()[-1]) and (" " not in key or low.endswith(key)):
                if best is None or (pos < offset) > (best[0] < offset) or len(full) > len(best[1]) and (pos < offset) == (best[0] < offset):
                    best = (pos, full)
        if best:
            return best[1]
        return raw.strip().title() if raw.isupper() and len(raw) > 3 else raw.strip()

    def role_of(self, name: str | None) -> str | None:
        return self.roles.get(name) if name else None

    def is_person(self, name: str) -> bool:
        return any(full == name for _, full in self.full) or (name[:1].isupper() and not _NOT_PERSON.search(name) and len(name.split()) <= 4)

    def by_description(self, desc: str, offset: int) -> tuple[str, str] | None:
        """'a Russian official' -> the most recent named person before offset whose role shares a word."""
        words = {w.lower() for w in re.findall(r"[\w-]+", desc)} - {"a", "an", "the", "official", "officials"}
        nouns = {m.group(0).lower().rstrip("s") for m in ROLE_NOUN_RE.finditer(desc)}
        best = None
        for full, role in self.roles.items():
            pos = self.first_pos.get(full, offset)
            if pos < offset:
                rwords = {w.lower() for w in re.findall(r"[\w-]+", role)}
                if words & rwords or nouns & {w.rstrip("s") for w in rwords}:
                    best = (full, role)
        return best


def entities(text: str) -> tuple[str, ...]:
    """Capitalised names and acronyms in a sentence, in order, without repeats."""
    seen: dict[str, None] = {}
    for raw in ENTITY_RE.findall(text):
        name = _ENTITY_NAMES.get(raw)
        if name is None:
            name = NameIndex._strip_lead(raw)
            name = name if name and len(name) > 1 and not _CALENDAR.match(name) else ""
            if len(_ENTITY_NAMES) > 100_000:
                _ENTITY_NAMES.clear()
            _ENTITY_NAMES[raw] = name
        if name:
            seen[name] = None
    return tuple(seen)


_ENTITY_NAMES: dict[str, str] = {}     # raw match -> entity name ("" = not one), bounded cache
