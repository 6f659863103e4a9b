"""Every table of the desk. Import models from here."""
from factcheck.models.accounts import User
from factcheck.models.appearances import Appearance, AppearanceKind
from factcheck.models.articles import Article, Claim, SpeakerKind
from factcheck.models.audit import AuditEvent, Setting
from factcheck.models.images import ImageAsset, ImageHash, ImageUse, OcrState
from factcheck.models.jobs import Job, JobState
from factcheck.models.matching import ClaimMatch, ExternalFactCheck, MatchDocument, MatchTerm
from factcheck.models.research import Evidence, Note
from factcheck.models.sources import ArticleArchive, SourceItem, SourceState, WatchedSource
from factcheck.models.tips import BlockedSubmitter, Tip, TipContact, TipStatus
from factcheck.models.verdicts import (
                                      Amendment,
                                      AmendmentKind,
                                      AmendmentStatus,
                                      AmendmentVote,
                                      Correction,
                                      RatingLevel,
                                      RatingVote,
                                      SlugRedirect,
                                      Verdict,
                                      VerdictRevision,
)

__all__ = [
    "User", "Article", "Claim", "AuditEvent", "Setting", "Evidence", "Note",
    "Amendment", "AmendmentKind", "AmendmentStatus", "AmendmentVote", "Correction", "RatingLevel", "RatingVote", "SlugRedirect", "Verdict", "VerdictRevision",
    "ClaimMatch", "ExternalFactCheck", "MatchDocument", "MatchTerm",
    "Appearance", "AppearanceKind", "SpeakerKind",
    "Tip", "TipContact", "TipStatus", "BlockedSubmitter",
    "Job", "JobState",
    "ArticleArchive", "WatchedSource", "SourceItem", "SourceState",
    "ImageAsset", "ImageHash", "ImageUse", "OcrState",
]
