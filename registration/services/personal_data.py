"""A delegate's rights over their data: see, download, correct, withdraw consent, delete."""

from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.errors import ServiceError
from mail.models import OutgoingEmail
from registration.models import ConsentPurpose, ConsentRecord, PersonalDataRequest, Registration
from registration.services.registrations import NOTICE_VERSION, registration_cancel


def personal_data_log(*, user, kind: str, registration=None, detail: str = "", ip_address=None):
    PersonalDataRequest.objects.create(
        user=user,
        registration=registration,
        kind=kind,
        detail=detail[:200],
        ip_address=ip_address,
    )


def consent_state(*, registration: Registration) -> dict[str, ConsentRecord | None]:
    """The record in force for each purpose (the latest one)."""
    latest: dict[str, ConsentRecord | None] = dict.fromkeys(ConsentPurpose.values)
    for record in registration.consents.order_by("at", "id"):
        latest[record.purpose] = record
    return latest


def consent_set(
    *, registration: Registration, purpose: str, granted: bool, ip_address=None, user_agent=""
) -> ConsentRecord:
    if purpose not in ConsentPurpose.values:
        raise ServiceError(_("Mục đích không hợp lệ."), code="invalid_purpose")
    with transaction.atomic():
        record = ConsentRecord.objects.create(
            registration=registration,
            purpose=purpose,
            granted=granted,
            notice_version=NOTICE_VERSION,
            ip_address=ip_address,
            user_agent=user_agent[:400],
        )
        if not granted:
            personal_data_log(
                user=registration.user,
                registration=registration,
                kind=PersonalDataRequest.Kind.WITHDRAW,
                detail=purpose,
                ip_address=ip_address,
            )
    return record


def personal_data_export(*, user) -> dict:
    """Everything stored about one account, as plain JSON-ready data."""

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
    return {
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


def account_delete(*, user, ip_address=None) -> None:
    """Delete an account: registrations are cancelled (freeing seats) and anonymised, keeping only
    what aggregate counts need (edition, type, province, status, dates)."""
    for registration_id in Registration.objects.filter(user=user).values_list("pk", flat=True):
        registration_cancel(registration_id=registration_id, actor=user)
    with transaction.atomic():
        now = timezone.now()
        for registration in Registration.objects.select_for_update().filter(user=user):
            personal_data_log(
                user=None,
                registration=registration,
                kind=PersonalDataRequest.Kind.DELETE,
                ip_address=ip_address,
            )
            registration.full_name = _("Đại biểu đã xóa dữ liệu")
            registration.given_name = ""
            registration.honorific = ""
            registration.position = ""
            registration.organisation = ""
            registration.email = f"deleted-{registration.pk}@invalid"
            registration.phone = ""
            registration.needs = ""
            registration.rejection_reason = ""
            registration.search_key = ""
            registration.user = None
            registration.anonymised_at = now
            registration.save()
            registration.consents.update(ip_address=None, user_agent="")
        OutgoingEmail.objects.filter(user=user).update(
            recipient=Concat(Value("deleted-"), Cast("pk", CharField()), Value("@invalid")),
            subject="",
            body_text="",
            body_html="",
        )
        PersonalDataRequest.objects.filter(user=user).update(ip_address=None)
        user.delete()
