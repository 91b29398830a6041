"""What a delegate can see of their own data: consents in force, requests made, the full export."""

from mail.models import OutgoingEmail
from registration.data_holders import data_holders
from registration.models import ConsentPurpose, ConsentRecord, PersonalDataRequest, Registration
from registration.selectors.delegates import registration_own


def consent_state(*, registration: Registration) -> dict[str, ConsentRecord | None]:
    """The record in force for each purpose (the latest one)."""
    latest: dict[str, ConsentRecord | None] = dict.fromkeys(ConsentPurpose.values)
    for record in registration.consents.order_by("at", "id"):
        latest[record.purpose] = record
    return latest


def personal_data_overview(*, user) -> dict:
    """The "my data" page: the registration, each consent purpose with the record in force, and
    the latest requests about the data."""
    registration = registration_own(user=user)
    consents = []
    if registration is not None:
        state = consent_state(registration=registration)
        consents = [
            {
                "purpose": purpose,
                "label": label,
                "record": state[purpose],
                "required": purpose == ConsentPurpose.ADMINISTRATION,
            }
            for purpose, label in ConsentPurpose.choices
        ]
    return {
        "registration": registration,
        "consents": consents,
        # Views are logged too, but listing them would bury the requests that changed data.
        "requests": PersonalDataRequest.objects.filter(user=user).exclude(
            kind=PersonalDataRequest.Kind.VIEW
        )[:20],
    }


def personal_data_export(*, user) -> dict:
    """Everything stored about one account, as plain JSON-ready data: this app's, then each
    registered holder's (the agenda, the showcase, the awards) under its name."""

    def dt(value):
        return value.isoformat() if value else None

    registrations = []
    for registration in Registration.objects.filter(user=user).select_related("edition"):
        registrations.append(
            {
                "edition": registration.edition.name,
                "full_name": registration.full_name,
                "given_name": registration.given_name,
                "honorific": registration.honorific,
                "position": registration.position,
                "organisation": registration.organisation,
                "delegate_type": registration.delegate_type,
                "email": registration.email,
                "phone": str(registration.phone or ""),
                "province": registration.province,
                "email_language": registration.email_language,
                "needs": registration.needs,
                "status": registration.status,
                "waitlist_position": registration.waitlist_position,
                "rejection_reason": registration.rejection_reason,
                "created_at": dt(registration.created_at),
                "consents": [
                    {
                        "purpose": c.purpose,
                        "granted": c.granted,
                        "notice_version": c.notice_version,
                        "at": dt(c.at),
                        "ip_address": c.ip_address,
                        "user_agent": c.user_agent,
                    }
                    for c in registration.consents.order_by("at", "id")
                ],
            }
        )
    payload = {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "date_joined": dt(user.date_joined),
            "last_login": dt(user.last_login),
        },
        "registrations": registrations,
        "emails": [
            {
                "kind": e.kind,
                "subject": e.subject,
                "status": e.status,
                "created_at": dt(e.created_at),
            }
            for e in OutgoingEmail.objects.filter(user=user).order_by("created_at")
        ],
        "requests": [
            {"kind": r.kind, "detail": r.detail, "at": dt(r.at)}
            for r in PersonalDataRequest.objects.filter(user=user).order_by("at")
        ],
    }
    for holder in data_holders():
        payload[holder.name] = holder.export(user=user)
    return payload
