"""An offline schema.org vocabulary checker for the JSON-LD we publish.

Search engines silently ignore markup that uses a wrong type or a property on the wrong type,
so a typo would only show up as missing rich results weeks later. This checks our JSON-LD
against the vendored schema.org release instead (see ../shared/vendor-data/schemaorg/README.md):

    from tests.support.schemaorg import require_vocabulary, validate
    vocab = require_vocabulary()          # pytest.skip()s when the vendored data is absent
    assert validate(data, vocab) == []
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tests.support.shared import shared_dir

REPO_ROOT = Path(__file__).resolve().parents[2]
VOCABULARY_DIR = shared_dir() / "vendor-data" / "schemaorg"
VOCABULARY_FILE = "schemaorg-current-https.jsonld"
SCHEMA_PREFIXES = ("schema:", "https://schema.org/", "http://schema.org/")
SCHEMA_CONTEXTS = {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}
# Literal value types: a node cannot be one of these, and scalars are not range-checked.
DATA_TYPES = {"Text", "URL", "Number", "Integer", "Float", "Boolean", "Date", "DateTime", "Time",
              "DataType", "CssSelectorType", "XPathType", "PronounceableText"}


@dataclass(frozen=True)
class Vocabulary:
    """The parts of schema.org the checker needs, keyed by short names ("ClaimReview")."""

    lineages: dict[str, frozenset[str]]  # class -> itself and all its superclasses
    domains: dict[str, frozenset[str]]   # property -> domainIncludes
    ranges: dict[str, frozenset[str]]    # property -> rangeIncludes

    def is_class(self, name: str) -> bool:
        return name in self.lineages

    def ancestors(self, cls: str) -> frozenset[str]:
        """The class and every class it inherits from, via rdfs:subClassOf."""
        return self.lineages.get(cls, frozenset({cls}))


def short_name(term: str) -> str:
    """"schema:Claim" and "https://schema.org/Claim" are both "Claim"."""
    for prefix in SCHEMA_PREFIXES:
        if term.startswith(prefix):
            return term[len(prefix):]
    return term


def _ids(value: Any) -> frozenset[str]:
    """Short names from a {"@id": ...} reference or a list of them."""
    refs = value if isinstance(value, list) else [value] if value else []
    return frozenset(short_name(r["@id"]) for r in refs if isinstance(r, dict) and "@id" in r)


def _types_of(node: dict[str, Any]) -> list[str]:
    kinds = node.get("@type", [])
    return [kinds] if isinstance(kinds, str) else list(kinds)


@lru_cache(maxsize=4)
def load_vocabulary(directory: Path = VOCABULARY_DIR) -> Vocabulary:
    """Parse the vendored release once per process (the file is 1.5 MB)."""
    graph = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))["@graph"]
    superclasses: dict[str, frozenset[str]] = {}
    domains: dict[str, frozenset[str]] = {}
    ranges: dict[str, frozenset[str]] = {}
    for term in graph:
        name, kinds = short_name(term["@id"]), _types_of(term)
        if "rdfs:Class" in kinds:
            superclasses[name] = _ids(term.get("rdfs:subClassOf"))
        elif "rdf:Property" in kinds:
            domains[name] = _ids(term.get("schema:domainIncludes"))
            ranges[name] = _ids(term.get("schema:rangeIncludes"))
    lineages = {name: _ancestors(superclasses, name) for name in superclasses}
    return Vocabulary(lineages, domains, ranges)


def _ancestors(superclasses: dict[str, frozenset[str]], cls: str) -> frozenset[str]:
    seen: set[str] = set()
    pending = [cls]
    while pending:
        current = pending.pop()
        if current not in seen:
            seen.add(current)
            pending.extend(superclasses.get(current, ()))
    return frozenset(seen)


def require_vocabulary() -> Vocabulary:
    """The vocabulary, or skip the calling test when the vendored folder is not there."""
    import pytest

    if not VOCABULARY_DIR.is_dir():
        pytest.skip(f"schema.org vocabulary not vendored at {VOCABULARY_DIR}")
    return load_vocabulary()


def validate(data: Any, vocab: Vocabulary | None = None) -> list[str]:
    """Problems with a JSON-LD tree (empty list = valid), each naming the path to the fault."""
    vocab = vocab or load_vocabulary()
    problems: list[str] = []
    if isinstance(data, dict) and data.get("@context") not in SCHEMA_CONTEXTS:
        problems.append(f"$: @context is {data.get('@context')!r}, not https://schema.org")
    _check_value(data, vocab, "$", None, problems)
    return problems


def _check_value(value: Any, vocab: Vocabulary, path: str, prop: str | None, problems: list[str]) -> None:
    if isinstance(value, list):
        for index, item in enumerate(value):
            _check_value(item, vocab, f"{path}[{index}]", prop, problems)
    elif isinstance(value, dict) and "@value" not in value:
        _check_node(value, vocab, path, prop, problems)


def _check_node(node: dict[str, Any], vocab: Vocabulary, path: str, prop: str | None,
                problems: list[str]) -> None:
    """One node: its types exist, fit the property it hangs from, and allow each property."""
    types = [short_name(t) for t in _types_of(node)]
    for kind in types:
        if not vocab.is_class(kind) or kind in DATA_TYPES:
            problems.append(f"{path}: @type {kind!r} is not a schema.org class")
    # With an unknown type we cannot tell which properties belong, so only existence is checked.
    known = bool(types) and all(map(vocab.is_class, types))
    lineage = frozenset().union(*map(vocab.ancestors, types)) if known else frozenset()
    if prop and known and not _fits_range(vocab.ranges.get(prop, frozenset()), lineage):
        problems.append(f"{path}: a {'/'.join(types)} is not an allowed value of {prop!r}")
    for key, value in node.items():
        if key.startswith("@"):
            continue
        name = short_name(key)
        problems.extend(_property_problems(name, types, lineage, vocab, f"{path}.{key}"))
        _check_value(value, vocab, f"{path}.{key}", name, problems)


def _property_problems(name: str, types: Iterable[str], lineage: frozenset[str],
                       vocab: Vocabulary, path: str) -> list[str]:
    if name not in vocab.domains:
        return [f"{path}: {name!r} is not a schema.org property"]
    if lineage and not vocab.domains[name] & lineage:
        return [f"{path}: {name!r} is not a property of {'/'.join(types)}"]
    return []


def _fits_range(allowed: frozenset[str], lineage: frozenset[str]) -> bool:
    """A node fits if it is (a subclass of) a range class; an empty range means unknown."""
    return not allowed or bool(allowed & lineage)
