"""A delegate's own agenda: saving sessions, and the secret address of their calendar feed."""

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from agenda.models import PersonalAgenda, SavedSession, Session
from agenda.models.personal import feed_token
from forum.errors import ServiceError


def personal_agenda_ensure(*, edition, user) -> PersonalAgenda:
    language = translation.get_language() or "vi"
    try:
        with transaction.atomic():
            personal, created = PersonalAgenda.objects.get_or_create(
                edition=edition, user=user, defaults={"language": language}
            )
    except IntegrityError:
        # Two first saves at once (two tabs): the other one created it.
        personal, created = PersonalAgenda.objects.get(edition=edition, user=user), False
    if not created and personal.language != language:
        PersonalAgenda.objects.filter(pk=personal.pk).update(language=language)
        personal.language = language
    return personal


def session_save(*, edition, user, session_id: int, saved: bool = True) -> bool:
    """Save a published session to the user's agenda (or take it out). Returns whether it is
    saved now. Saving twice keeps one entry."""
    if not Session.objects.filter(edition=edition, pk=session_id, published__isnull=False).exists():
        raise ServiceError(_("Không tìm thấy phiên này."), code="not_found")
    personal = personal_agenda_ensure(edition=edition, user=user)
    if saved:
        try:
            with transaction.atomic():
                SavedSession.objects.get_or_create(personal=personal, session_id=session_id)
        except IntegrityError:
            pass  # saved by a concurrent request: the same outcome
        return True
    SavedSession.objects.filter(personal=personal, session_id=session_id).delete()
    return False


def feed_renew(*, edition, user) -> PersonalAgenda:
    """A new secret feed address; the old one stops working at once."""
    personal = personal_agenda_ensure(edition=edition, user=user)
    personal.feed_token = feed_token()
    personal.save(update_fields=["feed_token"])
    return personal
