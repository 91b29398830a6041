"""A delegate's rights over their data: see, download, correct, withdraw consent, delete."""

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from forum.errors import ServiceError
from mail.models import OutgoingEmail
from registration.data_holders import data_holders
from registration.models import (
    AuditLog,
    ConsentPurpose,
    ConsentRecord,
    PersonalDataRequest,
    Registration,
)
from registration.selectors import personal_data_export, personal_data_overview, registration_own
from registration.services.badges.ebadges import ebadge_discard
from registration.services.registrations import (
    NOTICE_VERSION,
    registration_cancel,
    registration_update_profile,
)

# Sort keys are digits grouped by character class (forum.vietnamese.sort_key_string), none
# starting with 9: an anonymised registration sorts after every named one.
ANONYMISED_SORT_KEY = "9"
DELETED_SUBJECT = "(đã xóa)"


def personal_data_log(*, user, kind: str, registration=None, detail: str = "", ip_address=None):
    PersonalDataRequest.objects.create(
        user=user,
        registration=registration,
        kind=kind,
        detail=detail[:200],
        ip_address=ip_address,
    )


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


def personal_data_view(*, user, ip_address=None) -> dict:
    """What the "my data" page shows (selectors.personal_data_overview); the look is logged."""
    overview = personal_data_overview(user=user)
    personal_data_log(
        user=user,
        registration=overview["registration"],
        kind=PersonalDataRequest.Kind.VIEW,
        ip_address=ip_address,
    )
    return overview


def personal_data_download(*, user, ip_address=None) -> dict:
    """Everything stored about the account (selectors.personal_data_export), this download's log
    entry included."""
    personal_data_log(
        user=user,
        registration=registration_own(user=user),
        kind=PersonalDataRequest.Kind.DOWNLOAD,
        ip_address=ip_address,
    )
    return personal_data_export(user=user)


def personal_data_correct(
    *, registration_id: int, data: dict, user, ip_address=None
) -> Registration:
    """The delegate corrects their own profile (`data`: the changed fields); the request is
    logged with the names of the fields."""
    with transaction.atomic():
        registration = registration_update_profile(
            registration_id=registration_id, data=data, actor=user
        )
        personal_data_log(
            user=user,
            registration=registration,
            kind=PersonalDataRequest.Kind.CORRECT,
            detail=",".join(data),
            ip_address=ip_address,
        )
    return registration


def _anonymise(registration: Registration, now) -> None:
    """Blank every field that tells who the person was, and every field derived from one (the
    search and sort keys encode the name); what aggregate counts need stays."""
    # Stored in the site's language, whatever language the person deleted their account in.
    with translation.override(settings.LANGUAGE_CODE):
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
    registration.sort_key = ANONYMISED_SORT_KEY
    registration.user = None
    registration.anonymised_at = now
    registration.save()
    registration.consents.update(ip_address=None, user_agent="")
    # A rejection's reason is copied into its audit entry.
    for entry in AuditLog.objects.filter(registration=registration, detail__has_key="reason"):
        entry.detail = {key: value for key, value in entry.detail.items() if key != "reason"}
        entry.save(update_fields=["detail"])
    ebadge_discard(registration=registration)


def account_delete(*, user, ip_address=None) -> None:
    """Delete an account: registrations are cancelled (freeing seats) and anonymised, keeping only
    what aggregate counts need (edition, type, province, status, dates); every registered data
    holder erases its part (registration.data_holders)."""
    registration_ids = list(Registration.objects.filter(user=user).values_list("pk", flat=True))
    for registration_id in registration_ids:
        registration_cancel(registration_id=registration_id, actor=user)
    with transaction.atomic():
        now = timezone.now()
        for holder in data_holders():
            if holder.erase is not None:
                holder.erase(user=user, registration_ids=registration_ids)
        for registration in Registration.objects.select_for_update().filter(user=user):
            personal_data_log(
                user=None,
                registration=registration,
                kind=PersonalDataRequest.Kind.DELETE,
                ip_address=ip_address,
            )
            _anonymise(registration, now)
        OutgoingEmail.objects.filter(user=user).update(
            recipient=Concat(Value("deleted-"), Cast("pk", CharField()), Value("@invalid")),
            # An email keeps a subject (the outbox requires one); this one tells nothing.
            subject=DELETED_SUBJECT,
            body_text="",
            body_html="",
            last_error="",
        )
        PersonalDataRequest.objects.filter(user=user).update(ip_address=None)
        user.delete()
