"""Stage 2: who says it and how: quotes, reported speech, "according to", transcript labels.

Speakers are resolved within the article: a surname becomes the fullest name used for it
("Kabulov" -> "Zamir Kabulov"), "he"/"she" the most recent named speaker, and a descriptor
("a Russian official") the named person whose role shares its words. Roles come from the
words around a name ("Russian special presidential envoy for Afghanistan Zamir Kabulov").
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .names import ROLE_NOUNS, NameIndex
from .segment import label_allowed

VERBS = (r"said|says|say|told|tells|claimed|claims|claim|stated|states|asserted|asserting|asserts|"
         r"added|adding|adds|argued|argues|insisted|insists|alleged|alleges|accused|accuses|denied|"
         r"denies|announced|announces|warned|warns|wrote|writes|tweeted|noted|notes|explained|"
         r"confirmed|confirms|declared|declares|maintained|suggested|estimated|predicted|promised|"
         r"vowed|acknowledged|admitted|conceded|contended|charged|hinted|stressed|emphasized|"
         r"reported|reports|told\s+reporters")
_CAP = r"[A-Z][\w'’.-]*"
# bodies that speak for themselves ("the council said"): credited as written, never to the outlet
ORG_NOUNS = (r"council|ministry|department|government|police|agency|company|firm|court|committee|commission|"
             r"office|board|authority|authorities|union|party|campaign|army|military|administration|"
             r"regulator|watchdog|hospital|university|school|district|city|county|state|bank|group|coalition")
_SPK = (rf"(?P<spk>(?:[Hh]e|[Ss]he|[Tt]hey)|(?:[Aa]n?|[Tt]he)\s+(?:[\w-]+\s+){{0,4}}?(?:{ROLE_NOUNS})s?"
        rf"|(?:[Aa]n?|[Tt]he)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{ORG_NOUNS})(?:'s\s+(?:office|spokesperson))?"
        rf"|{_CAP}(?:\s+{_CAP}){{0,4}}(?:\s+(?:terrorists|officials|militants|authorities|spokesperson))?)")
_ORG_NAME = re.compile(r"\b(?:Office|Ministry|Department|Bureau|Agency|Institute|Council|Commission|Authority|"
                       r"Board|Service|Bank|University|Committee|Statistics|Association|Federation|Foundation)\b")
_ORG_END = re.compile(rf"\b(?:{ORG_NOUNS})(?:'s\s+(?:office|spokesperson))?$")
SPEAKER_VERB_RE = re.compile(rf"{_SPK}\s+(?:has\s+|had\s+|also\s+|previously\s+|later\s+)?(?P<verb>{VERBS})\b")
VERB_SPEAKER_RE = re.compile(rf"(?P<verb>{VERBS})\s+{_SPK}")
ACCORDING_RE = re.compile(r"\b[Aa]ccording\s+to\s+(?P<src>[^,.;:!?\"“”]{2,120})")
# "according to <material> <published/accessed/...> by <publisher>": the publisher is the source
PUBLISHER_RE = re.compile(
    r"(?:(?:the|a|an|new|latest|official|recent|preliminary|leaked|\w+'s)\s+)*(?:[\w-]+\s+){0,2}?"
    r"(?:figures|data|statistics|stats|numbers|estimates?|reports?|survey|study|studies|poll|polls|"
    r"documents?|messages|emails|records|research|analysis|filings?|statements?|results|projections?)\b"
    r"[^,;:]*?\b(?:by|from)\s+(?P<pub>(?!the\s+(?:end|time)\b)[^,;:]{2,80})$", re.IGNORECASE)
REPORTED_RE = re.compile(r"\b(?:it\s+(?:was|is|has\s+been)\s+(?:also\s+)?(?:reported|claimed|alleged|said)"
                         r"|reportedly|allegedly)\b", re.IGNORECASE)
QUOTE_RE = re.compile(r"[\"“](?P<q>[^\"“”]{1,2000})[\"”]|(?<![\w])['‘](?P<sq>[^'‘’\n]{6,300})['’](?![\w])")
LABEL_RE = re.compile(r"\s*(?P<label>[A-Z][A-Z.'\- ]{1,40}|[A-Z][a-z]+(?: [A-Z][a-z.]+){0,2})\s*:\s+(?=\S)")
HEADLINE_SPEAKER_RE = re.compile(r":\s*(?P<spk>[^:]{3,60})$")
# cheap word-set gates in front of the speaker/verb patterns (exact: a match needs one of these words)
_VERB_WORDS = frozenset(v.split("\\")[0] for v in VERBS.split("|"))
_REPORTED_WORDS = frozenset({"reported", "claimed", "alleged", "said", "reportedly", "allegedly"})
_LOWER_WORD = re.compile(r"[a-z]+")
_VERB_RE = re.compile(rf"(?:{VERBS})\b")
_RUN = re.compile(r"\S+")
_SPK_FIRST = frozenset("HhSsTtAaABCDEFGHIJKLMNOPQRSTUVWXYZ")   # what a SPEAKER_VERB_RE match starts with


def speaker_verb_matches(text: str) -> list[re.Match]:
    """SPEAKER_VERB_RE.finditer(text), trying only the few start positions that can match.

    A match ends with a verb after whitespace and starts at most 7 whitespace-separated runs
    before it (speaker of <= 6 words, one adverb), so only the 8 runs before each such verb are
    tried, left to right after the previous match: the same matches as finditer, without running
    the slow speaker alternation at every position of the sentence.
    """
    # lower-case runs that are verbs, after whitespace: every verb SPEAKER_VERB_RE can end with
    verbs = [m.start() for m in _LOWER_WORD.finditer(text)
             if m.group() in _VERB_WORDS and m.start() and text[m.start() - 1].isspace()]
    if not verbs:
        return []
    runs = [m.start() for m in _RUN.finditer(text)]     # starts of whitespace-separated runs
    out: list[re.Match] = []
    pos = 0
    match = SPEAKER_VERB_RE.match
    for v in verbs:
        if v < pos:
            continue
        k = bisect.bisect_left(runs, v)                   # runs[k] == v: a verb starts a run
        p = max(pos, runs[k - 8] if k >= 8 else 0)
        while p <= v:
            if text[p] in _SPK_FIRST:
                m = match(text, p)
                if m is not None:
                    out.append(m)
                    pos = p = m.end()
                    continue
            p += 1
    return out
_PRONOUNS = {"he", "she"}


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    role: str | None
    how: str | None
    named: bool = False          # a named person (not the outlet, a pronoun left unresolved, a group)
    label_end: int = 0           # chars of a transcript label to drop from the claim text
    relay: str | None = None     # "according to" source relaying a named speaker's claim


def mask_quotes(text: str) -> str:
    """The text with quoted words blanked (same length) so verbs inside quotes are ignored."""
    if '"' not in text and "“" not in text and "'" not in text and "‘" not in text:
        return text
    return QUOTE_RE.sub(lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], text)


def quotes(text: str) -> list[str]:
    return [m.group("q") or m.group("sq") for m in QUOTE_RE.finditer(text)]


class Attributor:
    """Walks the sentences in order, remembering speakers for pronouns and surnames."""

    def __init__(self, names: NameIndex, outlet: str | None, transcript: bool = True):
        self.names = names
        self.outlet = outlet
        self.transcript = transcript      # Title-case `Name:` line labels count only in transcripts
        self.last_person: tuple[str, str | None] | None = None
        self.last_label: str | None = None

    def attribute(self, text: str, offset: int, kind: str, line_start: bool) -> Attribution:
        if kind == "metadata":
            return Attribution(None, None, "metadata")
        if line_start:
            lab = self._label(text, offset)
            if lab:
                return lab
        elif self.last_label and kind == "sentence":
            return Attribution(self.last_label, self.names.role_of(self.last_label), "transcript", True)
        if kind == "headline":
            return self._headline(text, offset)
        return self._speech(text, offset)

    def _label(self, text: str, offset: int) -> Attribution | None:
        m = LABEL_RE.match(text)
        if m and not label_allowed(m.group("label").strip(), self.transcript):
            return None
        if not m or len(m.group("label").split()) > 4:
            if self.last_label and not text.startswith((" ", "(")):
                return Attribution(self.last_label, self.names.role_of(self.last_label),
                                   "transcript (unlabelled line, previous speaker)", True)
            return None
        full = self.names.resolve(m.group("label").strip(), offset)
        self.last_label = full
        return Attribution(full, self.names.role_of(full), "transcript", True, label_end=m.end())

    def _headline(self, text: str, offset: int) -> Attribution:
        m = HEADLINE_SPEAKER_RE.search(text)
        if m and quotes(text):
            return self._person(m.group("spk").strip(), "headline quote", offset)
        return Attribution(self.outlet, None, "outlet (headline)")

    def _speech(self, text: str, offset: int) -> Attribution:
        masked = mask_quotes(text)
        relay = ACCORDING_RE.search(masked)
        m = self._speaker_verb(masked, bool(quotes(text)))
        if m:
            att = self._person(m.group("spk"), m.group("verb").split()[0], offset + m.start("spk"), masked, m.start("spk"))
            if relay and relay.start() > m.start():
                src = relay.group("src").strip()
                return Attribution(att.speaker, att.role, f"{att.how}, according to {src}", att.named, relay=src)
            return att
        if relay:
            src, at = relay.group("src").strip(), relay.start("src")
            pub = PUBLISHER_RE.match(src)
            if pub:                  # "figures published on Thursday by the national grid operator"
                return self._publisher(pub.group("pub").strip(), offset + at + pub.start("pub"))
            src = re.sub(r"^(?:the|a)\s+", "", src)
            return self._person(src, "according to", offset + at)
        if not _REPORTED_WORDS.isdisjoint(_LOWER_WORD.findall(masked.lower())) and REPORTED_RE.search(masked):
            return Attribution(self.outlet, None, "outlet (unsourced report)")
        return Attribution(self.outlet, None, "outlet")

    def _publisher(self, pub: str, offset: int) -> Attribution:
        """The body that published the figures/messages/report an "according to" cites."""
        name = re.sub(r"^(?:the|a|an)\s+", "", pub)
        if not name[:1].isupper():
            return Attribution(pub, None, "according to")            # "the national grid operator"
        full = self.names.resolve(name, offset)
        named = self.names.is_person(full)
        if named:
            self.last_person = (full, self.names.role_of(full))
        return Attribution(full, self.names.role_of(full), "according to", named)

    def _speaker_verb(self, masked: str, has_quote: bool):
        if _VERB_WORDS.isdisjoint(_LOWER_WORD.findall(masked)):
            return None
        cands = speaker_verb_matches(masked)
        if '"' in masked or "”" in masked or "'" in masked or "’" in masked:   # _after_quote needs one
            cands += [m for m in VERB_SPEAKER_RE.finditer(masked) if _after_quote(masked, m.start())]
        cands = [m for m in cands if _plausible(m.group("spk"))]
        if not cands:
            return None
        if has_quote:
            near = [m for m in cands if _after_quote(masked, m.start())]
            if near:
                return near[0]
        return min(cands, key=lambda m: m.start())

    def _person(self, raw: str, how: str, offset: int, masked: str = "", at: int = 0) -> Attribution:
        if how == "according to" and _ORG_NAME.search(raw):  # "the Office for National Statistics"
            return Attribution(re.sub(r"^(?:the|a|an)\s+", "", raw.strip().rstrip(".,;:")), None, how)
        raw = self.names.trim(raw.rstrip(".,;:"), masked[:at])
        low = raw.lower()
        if low in _PRONOUNS:
            found = self.last_person or self.names.last_person_before(offset)
            if found:
                return Attribution(found[0], found[1], how, True)
            return Attribution(None, None, how)
        if low == "they":
            return Attribution(None, None, how)
        if low.split()[0] in ("a", "an", "the"):
            if _ORG_END.search(low):                    # "the council said": the body, not a member of it
                return Attribution(raw, None, how)
            found = self.names.by_description(raw, offset)
            if found:
                self.last_person = found
                return Attribution(found[0], found[1], how, True)
            return Attribution(raw, None, how)
        full = self.names.resolve(raw, offset)
        role = self.names.role_of(full)
        named = self.names.is_person(full)
        if named:
            self.last_person = (full, role)
        return Attribution(full, role, how, named)


def _after_quote(masked: str, pos: int) -> bool:
    head = masked[:pos].rstrip(" ,")
    return head.endswith(("\"", "”", "'", "’"))


_NOT_SPEAKERS = {"it", "this", "that", "there", "which", "who", "what", "we", "i", "you", "media", "reports"}


def _plausible(spk: str) -> bool:
    return spk.lower() not in _NOT_SPEAKERS and spk.split()[0].lower() not in ("it", "this", "that", "which")


def merge_quote_runs(sentences: list) -> list[list]:
    """Group consecutive sentences that one open quotation mark spans ("Yes. There is," he said)."""
    groups: list[list] = []
    i = 0
    while i < len(sentences):
        group = [sentences[i]]
        depth = _quote_balance(sentences[i].text)
        while depth and i + 1 < len(sentences) and len(group) < 6 and sentences[i + 1].kind == "sentence" \
                and not sentences[i + 1].line_start:
            i += 1
            group.append(sentences[i])
            depth = (depth + _quote_balance(sentences[i].text)) % 2
        groups.append(group)
        i += 1
    return groups


def _quote_balance(text: str) -> int:
    return (text.count('"') + text.count("“") + text.count("”")) % 2
