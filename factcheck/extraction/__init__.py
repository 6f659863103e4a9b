"""Claim extraction: article text in, candidate claims (with speaker, types, score, date) out."""
from .pipeline import MAX_CANDIDATES, extract, extract_report
from .types import CLAIM_TYPE_LABELS, CLAIM_TYPES, ArticleInput, CandidateClaim, ExtractionResult

__all__ = ["extract", "extract_report", "ExtractionResult", "MAX_CANDIDATES", "ArticleInput", "CandidateClaim", "CLAIM_TYPES", "CLAIM_TYPE_LABELS"]
