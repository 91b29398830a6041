"""The awards' part of an account's data (registration.data_holders): the nominations it owns
and its places on juries. Nothing is erased with the account: a nomination is its enterprise's
dossier and a jury's membership is the awards' record; both lose the link to the account."""

from awards.models import Judge, Nomination
from registration.data_holders import DataHolder


def awards_data_export(*, user) -> dict:
    nominations = Nomination.objects.filter(owner=user).select_related("award", "category")
    judges = Judge.objects.filter(user=user).select_related("award")
    return {
        "nominations": [
            {
                "award": n.award.name,
                "category": n.category.name,
                "company_name": n.company_name,
                "product_name": n.product_name,
                "contact_name": n.contact_name,
                "contact_email": n.contact_email,
                "contact_phone": str(n.contact_phone or ""),
                "status": n.status,
                "created_at": n.created_at.isoformat(),
                "submitted_at": n.submitted_at.isoformat() if n.submitted_at else None,
            }
            for n in nominations.order_by("created_at", "id")
        ],
        "juries": [
            {
                "award": j.award.name,
                "full_name": j.full_name,
                "title": j.title,
                "organisation": j.organisation,
            }
            for j in judges.order_by("id")
        ],
    }


AWARDS_DATA = DataHolder(name="awards", export=awards_data_export)
