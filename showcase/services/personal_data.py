"""The showcase's part of a delegate's data (registration.data_holders): their verifications of
demos; deleting the account erases their comments and keeps their ratings, anonymous, in the
demos' counts."""

from registration.data_holders import DataHolder
from showcase.models import Verification


def showcase_data_export(*, user) -> list[dict]:
    verifications = (
        Verification.objects.filter(registration__user=user)
        .select_related("demo__enterprise")
        .prefetch_related("answers__claim")
        .order_by("created_at", "id")
    )
    return [
        {
            "demo": v.demo.product,
            "enterprise": v.demo.enterprise.name,
            "rating": v.rating,
            "claims": [
                {"claim": a.claim.text, "answer": a.answer}
                for a in sorted(v.answers.all(), key=lambda a: a.claim.position)
            ],
            "comment": v.comment,
            "comment_status": v.comment_status,
            "created_at": v.created_at.isoformat(),
            "updated_at": v.updated_at.isoformat(),
        }
        for v in verifications
    ]


def showcase_data_erase(*, user, registration_ids: list[int]) -> None:
    Verification.objects.filter(registration_id__in=registration_ids).exclude(comment="").update(
        comment="", comment_status=Verification.CommentStatus.NONE
    )


SHOWCASE_DATA = DataHolder(name="showcase", export=showcase_data_export, erase=showcase_data_erase)
