"""A broker that cannot be reached when a change commits never fails the request: the email
waits in the outbox, and the next sweep hands it over once the broker is back."""

import pytest
from django.core import mail

from forum import task_queue
from forum.celery import app
from forum.models import Edition
from mail import services as outbox
from mail.models import OutgoingEmail
from registration.models import Registration
from tests.factories import EditionFactory, UserFactory
from tests.registration.delegate_helpers import form_data


@pytest.mark.django_db(transaction=True)
def test_a_sign_up_approved_while_the_broker_is_down_succeeds_and_its_email_waits(
    client, dead_broker
):
    EditionFactory(slug="2025", registration_mode=Edition.RegistrationMode.OPEN)
    client.force_login(UserFactory(email="an@example.vn"))
    client.raise_request_exception = False

    response = client.post("/register/", form_data())

    assert response.status_code == 302
    assert response["Location"] == "/my-registration/"
    assert Registration.objects.get().status == Registration.Status.APPROVED
    email = OutgoingEmail.objects.get(recipient="an@example.vn")
    assert (email.status, email.tries, email.lease_until) == (OutgoingEmail.Status.QUEUED, 0, None)


@pytest.mark.django_db(transaction=True)
def test_after_one_refusal_the_broker_is_not_asked_again_for_a_while(dead_broker):
    offered = []
    original = task_queue._task

    def counting(name):
        offered.append(name)
        return original(name)

    task_queue._task = counting
    try:
        for n in range(20):
            outbox.email_queue(
                recipient=f"d{n}@example.vn", kind="k", subject="Chào", body_text="x"
            )
    finally:
        task_queue._task = original

    assert len(offered) == 1
    assert OutgoingEmail.objects.filter(lease_until__isnull=True).count() == 20


@pytest.mark.django_db(transaction=True)
def test_the_sweep_hands_the_waiting_email_over_once_the_broker_is_back(dead_broker):
    email = outbox.email_queue(recipient="an@example.vn", kind="k", subject="Chào", body_text="x")
    assert OutgoingEmail.objects.get(pk=email.pk).lease_until is None
    # The broker is back (here: inline again), and the pause after the refusal is over.
    app.conf.task_always_eager = True
    task_queue._refused_until = 0.0

    outbox.outbox_flush()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert [m.to for m in mail.outbox] == [["an@example.vn"]]
