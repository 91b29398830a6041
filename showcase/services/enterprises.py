"""Enterprise profiles: an enterprise account creates its enterprise once, then edits it."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from forum.errors import ServiceError
from showcase.checks import tax_code_compact
from showcase.models import Enterprise, Representative
from showcase.text import clean_line

FIELDS = ("name", "name_en", "tax_code", "website")


def _apply(enterprise: Enterprise, data: dict) -> None:
    enterprise.name = clean_line(data["name"])
    enterprise.name_en = clean_line(data.get("name_en", ""))
    enterprise.tax_code = tax_code_compact(data["tax_code"])
    enterprise.website = (data.get("website") or "").strip()
    enterprise.full_clean(exclude=["tax_code"], validate_unique=False)


def _taken() -> ServiceError:
    return ServiceError(
        _(
            "Mã số thuế này đã có doanh nghiệp đăng ký trên hệ thống. Hãy đề nghị ban tổ chức "
            "thêm tài khoản của bạn làm người đại diện của doanh nghiệp đó."
        ),
        code="tax_code_taken",
    )


def enterprise_create(*, user, data: dict) -> Enterprise:
    """The user's enterprise, with the user as its representative. Raises ServiceError when the
    user already acts for an enterprise or the tax code is already registered."""
    if Representative.objects.filter(user=user).exists():
        raise ServiceError(
            _("Tài khoản của bạn đã là người đại diện của một doanh nghiệp."),
            code="already_representative",
        )
    enterprise = Enterprise()
    _apply(enterprise, data)
    try:
        with transaction.atomic():
            enterprise.save()
            Representative.objects.create(enterprise=enterprise, user=user)
    except IntegrityError as exc:
        if Enterprise.objects.filter(tax_code=enterprise.tax_code).exists():
            raise _taken() from exc
        raise ServiceError(
            _("Tài khoản của bạn đã là người đại diện của một doanh nghiệp."),
            code="already_representative",
        ) from exc
    return enterprise


def enterprise_update(*, enterprise: Enterprise, data: dict) -> Enterprise:
    _apply(enterprise, data)
    if Enterprise.objects.filter(tax_code=enterprise.tax_code).exclude(pk=enterprise.pk).exists():
        raise _taken()
    try:
        with transaction.atomic():
            enterprise.save()
    except IntegrityError as exc:
        raise _taken() from exc
    return enterprise
