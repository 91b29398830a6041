from awards.models.judging import Assignment, AwardLog, Score, ScoreChange, ScoreSheet
from awards.models.nominations import (
    MAX_ATTACHMENT_BYTES,
    Attachment,
    Conflict,
    Nomination,
    RoundEntry,
)
from awards.models.panels import Judge, Panel
from awards.models.setup import Award, Category, Criterion, Round

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "Assignment",
    "Attachment",
    "Award",
    "AwardLog",
    "Category",
    "Conflict",
    "Criterion",
    "Judge",
    "Nomination",
    "Panel",
    "Round",
    "RoundEntry",
    "Score",
    "ScoreChange",
    "ScoreSheet",
]
