"""Helpers for the organiser page tests: delegates registered through the service, and the
messages a page shows."""

from django.contrib.messages import get_messages

from registration.services import registrations as svc
from tests.factories import ALL_CONSENTS, UserFactory, submission


def register(edition, name="Nguyễn Văn An", email=None, **data):
    user = UserFactory(email=email) if email else UserFactory()
    return svc.registration_submit(
        edition_id=edition.pk,
        user=user,
        data=submission(full_name=name, **data),
        consents=ALL_CONSENTS,
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]
