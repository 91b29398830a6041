"""Reads about nominations: an enterprise's own, the organisers' list, one dossier, and who may
download an attachment."""

from django.db.models import Count, Prefetch, Q

from awards.models import (
    Assignment,
    Attachment,
    Award,
    AwardLog,
    Conflict,
    Nomination,
    RoundEntry,
)
from awards.selectors.judging import judge_of, visible_entries
from awards.storage import private_path
from forum.vietnamese import search_key
from registration import roles
from registration.selectors import user_roles

NOMINATION_FILTERS = ("q", "category", "status", "eligibility")


def is_organiser(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_superuser or roles.ORGANISER in user_roles(user=user))
    )


def nominations_of_owner(*, award: Award, user) -> list[Nomination]:
    return list(
        Nomination.objects.filter(award=award, owner=user)
        .select_related("category")
        .annotate(attachment_count=Count("attachments"))
        .order_by("-created_at", "-id")
    )


def nomination_of_owner(*, award: Award, user, nomination_id: int) -> Nomination | None:
    """The user's own nomination, else None (another enterprise's is never found)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Nomination.objects.filter(award=award, owner=user, pk=nomination_id)
        .select_related("category", "award")
        .prefetch_related("attachments")
        .first()
    )


def nomination_list(*, award: Award, filters: dict):
    """The organisers' list: search by company, product or tax code (accents and case ignored),
    category, status and screening result."""
    nominations = Nomination.objects.filter(award=award).select_related("category", "owner")
    query = filters.get("q")
    if query:
        key = search_key(query)
        digits = "".join(ch for ch in query if ch.isdigit())
        condition = Q(company_key__contains=key) | Q(product_key__contains=key)
        if len(digits) >= 4:
            condition |= Q(tax_code__contains=digits[:10])
        nominations = nominations.filter(condition)
    if filters.get("category"):
        nominations = nominations.filter(category_id=filters["category"])
    if filters.get("status"):
        nominations = nominations.filter(status=filters["status"])
    if filters.get("eligibility"):
        nominations = nominations.filter(eligibility=filters["eligibility"])
    return nominations.annotate(attachment_count=Count("attachments")).order_by(
        "category__position", "status", "product_key", "id"
    )


def nomination_for_organiser(*, award: Award, nomination_id: int) -> Nomination | None:
    return (
        Nomination.objects.filter(award=award, pk=nomination_id)
        .select_related("category", "owner", "screened_by", "decided_by")
        .prefetch_related(
            "attachments",
            Prefetch(
                "entries",
                queryset=RoundEntry.objects.select_related("round").order_by("round__position"),
            ),
            Prefetch("conflicts", queryset=Conflict.objects.select_related("judge")),
            Prefetch(
                "log", queryset=AwardLog.objects.select_related("actor").order_by("-at", "-id")
            ),
        )
        .first()
    )


def nomination_assignments(*, nomination: Nomination) -> list[Assignment]:
    return list(
        Assignment.objects.filter(entry__nomination=nomination)
        .select_related("judge", "entry__round")
        .order_by("entry__round__position", "judge__full_name")
    )


def attachment_for(*, user, attachment_id: int) -> Attachment | None:
    """The attachment if this user may read it: its enterprise, an organiser, or a judge who
    may see the nomination in some round (never a conflicted judge). `file` is its path, None
    when the stored file is missing."""
    attachment = _attachment_allowed(user=user, attachment_id=attachment_id)
    if attachment is not None:
        try:
            path = private_path(attachment.path)
        except ValueError:
            path = None
        attachment.file = path if path is not None and path.exists() else None
    return attachment


def _attachment_allowed(*, user, attachment_id: int) -> Attachment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    attachment = (
        Attachment.objects.filter(pk=attachment_id)
        .select_related("nomination", "nomination__award")
        .first()
    )
    if attachment is None:
        return None
    nomination = attachment.nomination
    if nomination.owner_id == user.pk or is_organiser(user):
        return attachment
    judge = judge_of(award=nomination.award, user=user)
    if judge is None:
        return None
    for entry in nomination.entries.select_related("round"):
        if visible_entries(judge=judge, round=entry.round).filter(pk=entry.pk).exists():
            return attachment
    return None


def nomination_review_page(*, award: Award, nomination_id: int) -> dict | None:
    """The organisers' dossier page: the nomination with its files, rounds, conflicts and log,
    its assignments, and the judges an organiser may still exclude."""
    nomination = nomination_for_organiser(award=award, nomination_id=nomination_id)
    if nomination is None:
        return None
    conflicted = {conflict.judge_id for conflict in nomination.conflicts.all()}
    return {
        "nomination": nomination,
        "assignments": nomination_assignments(nomination=nomination),
        "judges": [
            judge for judge in award.judges.order_by("full_name") if judge.pk not in conflicted
        ],
    }
