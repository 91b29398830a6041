"""The control of the registration burst: the project's WSGI application with the edition lock
taken out of the sign-up, for this benchmark only (`gunicorn
bench.registration_burst.control:application`). The application itself has no such switch.

Without the lock two sign-ups may take the last seat or the same waiting-list position together:
the control's edition has as many seats as there are sign-ups, so every sign-up is approved and
none needs a position (an approval does a little more work than a place on the waiting list:
the badge code). Its outcome is not checked; only its throughput is compared.
"""

import os
import threading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")

_lock = threading.Lock()
_application = None


def _edition_unlocked(edition_id: int):
    from forum.models import Edition

    return Edition.objects.get(pk=edition_id)


def _build():
    from forum.wsgi import application as project_application
    from registration.services.registrations import submission

    if not hasattr(submission, "lock_edition"):
        raise RuntimeError("the sign-up no longer takes the edition lock through lock_edition")
    submission.lock_edition = _edition_unlocked
    return project_application


def application(environ, start_response):
    global _application
    if _application is None:
        with _lock:
            if _application is None:
                _application = _build()
    return _application(environ, start_response)
