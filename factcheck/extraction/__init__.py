"""Claim extraction: article text in, candidate claims (with speaker, types, score, date) out."""
from .pipeline import extract
from .types import CLAIM_TYPE_LABELS, CLAIM_TYPES, ArticleInput, CandidateClaim

__all__ = ["extract", "ArticleInput", "CandidateClaim", "CLAIM_TYPES", "CLAIM_TYPE_LABELS"]
