from showcase.models.commitments import Commitment, CommitmentUpdate
from showcase.models.demos import Claim, Demo, Enterprise, EvidenceLink, Representative
from showcase.models.problems import Problem, TechnologyGroup
from showcase.models.verifications import ClaimAnswer, Verification

__all__ = [
    "Claim",
    "ClaimAnswer",
    "Commitment",
    "CommitmentUpdate",
    "Demo",
    "Enterprise",
    "EvidenceLink",
    "Problem",
    "Representative",
    "TechnologyGroup",
    "Verification",
]
