"""Organisers edit the speakers of the draft: names as typed (NFC), a readable address, a photo
checked by its content and kept privately."""

import uuid

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agenda.models import Speaker
from agenda.photos import PhotoRefused, photo_check
from agenda.services.editing import multiline
from forum.errors import ServiceError
from forum.vietnamese import normalize_text, search_key, sort_key_string
from registration.models import Registration


def _speaker_slug(edition, full_name: str, speaker_id) -> str:
    base = slugify(search_key(full_name))[:70].strip("-") or "dien-gia"
    taken = set(
        Speaker.objects.filter(edition=edition, slug__startswith=base)
        .exclude(pk=speaker_id)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


SPEAKER_TEXT = ("honorific", "position", "position_en", "organisation", "organisation_en")


def speaker_save(
    *, edition, data: dict, speaker_id: int | None = None, photo=None, remove_photo=False
) -> Speaker:
    """Create or change a speaker; a new photo is checked by its content before it is kept."""
    full_name = normalize_text(data.get("full_name", ""))
    if not full_name:
        raise ServiceError(_("Cần nhập họ và tên."), code="name_required")
    extension = None
    if photo is not None:
        try:
            extension = photo_check(photo)
        except PhotoRefused as exc:
            raise ServiceError(str(exc), code="photo_invalid") from exc
    registration = _delegate(edition, data)
    if registration is not None and registration.edition_id != edition.pk:
        raise ServiceError(_("Đại biểu không thuộc diễn đàn này."), code="foreign")
    new_photo = None
    if photo is not None:
        new_photo = default_storage.save(f"agenda/speakers/{uuid.uuid4().hex}.{extension}", photo)
    try:
        speaker, old_photo = _speaker_write(
            edition, speaker_id, full_name, data, registration, new_photo, remove_photo
        )
    except BaseException:
        # The row was not written: the file saved for it goes too.
        if new_photo:
            default_storage.delete(new_photo)
        raise
    if old_photo:
        default_storage.delete(old_photo)
    return speaker


def _delegate(edition, data: dict):
    """The delegate this speaker is: given as a registration, or found by email (blank: none)."""
    if "delegate_email" not in data:
        return data.get("registration")
    email = (data.get("delegate_email") or "").strip()
    if not email:
        return None
    found = Registration.objects.filter(
        edition=edition, email__iexact=email, anonymised_at__isnull=True
    ).first()
    if found is None:
        raise ServiceError(
            _("Không có đại biểu nào đăng ký với email này."), code="delegate_not_found"
        )
    return found


def _speaker_write(edition, speaker_id, full_name, data, registration, new_photo, remove):
    old_photo = None
    with transaction.atomic():
        if speaker_id is None:
            speaker = Speaker(edition=edition)
        else:
            speaker = (
                Speaker.objects.select_for_update().filter(edition=edition, pk=speaker_id).first()
            )
            if speaker is None:
                raise ServiceError(_("Không tìm thấy diễn giả này."), code="not_found")
        speaker.full_name = full_name
        for name in SPEAKER_TEXT:
            setattr(speaker, name, normalize_text(data.get(name, "")))
        speaker.bio = multiline(data.get("bio", ""))
        speaker.bio_en = multiline(data.get("bio_en", ""))
        speaker.registration = registration
        speaker.sort_key = sort_key_string(full_name)
        speaker.slug = _speaker_slug(edition, full_name, speaker.pk)
        if (new_photo or remove) and speaker.photo:
            old_photo = speaker.photo.name
            speaker.photo = ""
        if new_photo:
            speaker.photo = new_photo
        speaker.full_clean(exclude=["edition", "registration", "photo"], validate_constraints=False)
        try:
            speaker.save()
        except IntegrityError as exc:
            raise ServiceError(_("Không lưu được diễn giả, hãy thử lại."), code="conflict") from exc
    return speaker, old_photo


def speaker_delete(*, edition, speaker_id: int) -> None:
    with transaction.atomic():
        speaker = Speaker.objects.select_for_update().filter(edition=edition, pk=speaker_id).first()
        if speaker is None:
            raise ServiceError(_("Không tìm thấy diễn giả này."), code="not_found")
        if speaker.appearances.exists():
            raise ServiceError(
                _("Diễn giả còn trong phiên; hãy bỏ khỏi các phiên trước."), code="in_use"
            )
        photo = speaker.photo.name if speaker.photo else None
        speaker.delete()
    if photo:
        default_storage.delete(photo)
