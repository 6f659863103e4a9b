"""Claim matching: "have we (or a partner) checked this already?"

`similar(session, text, ...)` asks the database's full-text index for candidates and re-ranks them in
Python (factcheck.matching.rerank; optionally with stored sentence embeddings, .semantic). The index
is kept by `index_claim`, `index_verdict`, `index_external` and their `unindex_*` twins, which the
services call inside their transaction; `reindex(session)` rebuilds it from the tables.
No Flask here.
"""
from factcheck.matching.index import (
                                      index_claim,
                                      index_external,
                                      index_verdict,
                                      reindex,
                                      unindex_claim,
                                      unindex_external,
                                      unindex_verdict,
)
from factcheck.matching.rerank import HIGH, LOW
from factcheck.matching.search import Match, MatchKind, similar

__all__ = ["similar", "Match", "MatchKind", "HIGH", "LOW", "index_claim", "index_verdict", "index_external",
           "unindex_claim", "unindex_verdict", "unindex_external", "reindex"]
