import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mail.models import OutgoingEmail
from registration import roles, selectors
from registration.models import Registration
from registration.services import registrations as svc
from tests.factories import user_with_roles
from tests.registration.organiser_helpers import messages_of, register

Status = Registration.Status
LIST_URL = "/organiser/delegates/"


def listed_names(response) -> list[str]:
    return [r.full_name for r in response.context["page"].object_list]


# --- Access -------------------------------------------------------------------------------------


def test_delegate_list_anonymous_is_redirected_to_login(client, edition):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=/organiser/delegates/" in response.url


@pytest.mark.parametrize("role", [None, roles.JUDGE, roles.DOOR_STAFF, roles.ENTERPRISE])
def test_organiser_pages_other_roles_get_403(client, edition, settings, role):
    settings.FORUM_STAFF_MFA_REQUIRED = False
    client.force_login(user_with_roles(*([role] if role else [])))

    urls = [
        LIST_URL,
        reverse("registration:delegate_export_csv"),
        reverse("registration:delegate_import"),
        reverse("registration:email_list"),
    ]

    assert [client.get(url).status_code for url in urls] == [403, 403, 403, 403]
    assert (
        client.post(reverse("registration:delegate_bulk"), {"action": "approve"}).status_code == 403
    )


def test_delegate_list_superuser_without_role_is_allowed(client, edition, settings):
    settings.FORUM_STAFF_MFA_REQUIRED = False
    client.force_login(user_with_roles(is_superuser=True, is_staff=True))

    assert client.get(LIST_URL).status_code == 200


def test_delegate_list_organiser_sees_nav_link_and_page(organiser_client, edition):
    register(edition, "Đặng Thị Ánh")

    response = organiser_client.get(LIST_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/organiser/delegates/"' in html
    assert "Đặng Thị Ánh" in html
    assert "css/organiser.css" in html


# --- Search, filters, sort ----------------------------------------------------------------------


def test_delegate_list_shows_the_title_in_the_pages_language(organiser_client, edition):
    register(edition, name="Đặng Thị Ánh", honorific="Bà")

    vietnamese = organiser_client.get(LIST_URL).content.decode()
    english = organiser_client.get(f"/en{LIST_URL}").content.decode()

    assert '<span class="name">Bà Đặng Thị Ánh</span>' in vietnamese
    assert '<span class="name">Ms Đặng Thị Ánh</span>' in english


def test_delegate_list_search_ignores_accents_and_case(organiser_client, edition):
    register(edition, "Nguyễn Văn An")
    register(edition, "Đặng Thị Ánh")
    register(edition, "Trần Minh Đức")

    assert listed_names(organiser_client.get(LIST_URL, {"q": "nguyen van an"})) == ["Nguyễn Văn An"]
    assert listed_names(organiser_client.get(LIST_URL, {"q": "dang"})) == ["Đặng Thị Ánh"]
    assert listed_names(organiser_client.get(LIST_URL, {"q": "ĐỨC"})) == ["Trần Minh Đức"]


def test_delegate_list_filters_by_status_type_province_and_organisation(organiser_client, edition):
    an = register(edition, "Nguyễn Văn An", organisation="Tập đoàn Viettel")
    register(edition, "Lê Thị Bình", delegate_type="press", organisation="Báo Nhân Dân")
    register(edition, "Phạm Văn Cường", province="Thành phố Hồ Chí Minh")
    svc.registration_approve(registration_id=an.pk)

    def names(**params):
        return listed_names(organiser_client.get(LIST_URL, params))

    assert names(status="approved") == ["Nguyễn Văn An"]
    assert names(delegate_type="press") == ["Lê Thị Bình"]
    assert names(province="Thành phố Hồ Chí Minh") == ["Phạm Văn Cường"]
    assert names(organisation="viettel") == ["Nguyễn Văn An"]
    assert names(status="pending", delegate_type="enterprise") == ["Phạm Văn Cường"]


def test_delegate_list_tampered_filter_value_is_ignored(organiser_client, edition):
    register(edition, "Nguyễn Văn An")

    response = organiser_client.get(LIST_URL, {"status": "'; DROP TABLE", "sort": "evil"})

    assert response.status_code == 200
    assert listed_names(response) == ["Nguyễn Văn An"]


def test_delegate_list_sorts_by_given_name_in_vietnamese_order(organiser_client, edition):
    for name in ["Trần Văn Đức", "Lê Thị Ánh", "Nguyễn Văn Dũng", "Phạm An", "Hoàng Thị Ân"]:
        register(edition, name)

    response = organiser_client.get(LIST_URL)

    # a < ă < â, d < đ: An, Ánh, Ân, Dũng, Đức.
    assert listed_names(response) == [
        "Phạm An",
        "Lê Thị Ánh",
        "Hoàng Thị Ân",
        "Nguyễn Văn Dũng",
        "Trần Văn Đức",
    ]


def test_delegate_list_sorts_by_registration_time(organiser_client, edition):
    first = register(edition, "Vũ Văn Zung")
    second = register(edition, "Lê Văn An")
    Registration.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - dt.timedelta(days=1)
    )

    assert listed_names(organiser_client.get(LIST_URL, {"sort": "created"})) == [
        first.full_name,
        second.full_name,
    ]
    assert listed_names(organiser_client.get(LIST_URL, {"sort": "-created"})) == [
        second.full_name,
        first.full_name,
    ]


def test_delegate_list_paginates_by_50(organiser_client, edition):
    edition.capacity = 100
    edition.save()
    for index in range(52):
        register(edition, f"Nguyễn Văn Số {index:02d}")

    first = organiser_client.get(LIST_URL)
    second = organiser_client.get(LIST_URL, {"page": 2})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 2
    assert first.context["page"].paginator.count == 52


def test_delegate_list_query_count_is_constant(
    organiser_client, edition, django_assert_num_queries
):
    edition.capacity = 100
    edition.save()
    register(edition, "Nguyễn Văn An")
    organiser_client.get(LIST_URL)  # warm up session and MFA flag
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one_row:
        organiser_client.get(LIST_URL)
    for index in range(29):
        register(edition, f"Trần Thị Số {index}")

    with django_assert_num_queries(len(one_row.captured_queries)):
        response = organiser_client.get(LIST_URL)

    assert len(response.context["page"].object_list) == 30


def test_delegate_list_htmx_request_renders_only_the_results(organiser_client, edition):
    register(edition, "Nguyễn Văn An")

    response = organiser_client.get(LIST_URL, {"q": "an"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html
    assert "Nguyễn Văn An" in html


# --- Counters -----------------------------------------------------------------------------------


def test_registration_counters_count_each_status(edition, django_assert_num_queries):
    edition.capacity = 3
    edition.save()
    regs = [register(edition, f"Nguyễn Văn {n}") for n in ("An", "Bình", "Cường", "Dũng")]
    svc.registration_approve(registration_id=regs[0].pk)
    svc.registration_reject(registration_id=regs[1].pk, reason="Trùng")
    svc.registration_to_waitlist(registration_id=regs[2].pk)
    svc.registration_cancel(registration_id=regs[3].pk)
    register(edition, "Lê Văn Em", delegate_type="press", province="Thành phố Đà Nẵng")

    with django_assert_num_queries(3):
        counters = selectors.registration_counters(edition=edition)

    assert {k: counters[k] for k in counters if k not in ("by_type", "by_province")} == {
        "registered": 4,
        "approved": 1,
        "pending": 1,
        "waitlisted": 1,
        "rejected": 1,
        "cancelled": 1,
        "capacity": 3,
        "seats_left": 2,
    }
    assert [(row["code"], row["count"]) for row in counters["by_type"]] == [
        ("enterprise", 3),
        ("press", 1),
    ]
    assert [(row["province"], row["count"]) for row in counters["by_province"]] == [
        ("Thành phố Hà Nội", 3),
        ("Thành phố Đà Nẵng", 1),
    ]


# --- Failed emails ------------------------------------------------------------------------------


def test_email_list_shows_failed_and_stale_queued_only(organiser_client, edition):
    def row(recipient, status, minutes_old):
        email = OutgoingEmail.objects.create(
            recipient=recipient,
            kind="received",
            object_key=recipient,
            subject=f"Thư cho {recipient}",
            body_text="x",
            status=status,
            sent_at=timezone.now() if status == OutgoingEmail.Status.SENT else None,
        )
        OutgoingEmail.objects.filter(pk=email.pk).update(
            created_at=timezone.now() - dt.timedelta(minutes=minutes_old)
        )

    row("failed@example.vn", OutgoingEmail.Status.FAILED, 1)
    row("stale@example.vn", OutgoingEmail.Status.QUEUED, 30)
    row("fresh@example.vn", OutgoingEmail.Status.QUEUED, 1)
    row("sent@example.vn", OutgoingEmail.Status.SENT, 30)

    response = organiser_client.get(reverse("registration:email_list"))

    assert [e.recipient for e in response.context["emails"]] == [
        "failed@example.vn",
        "stale@example.vn",
    ]
    assert response.content.decode().count(">Gửi lại<") == 1


def test_email_resend_sends_a_failed_email_again(
    organiser_client, edition, django_capture_on_commit_callbacks
):
    email = OutgoingEmail.objects.create(
        recipient="an@example.vn",
        kind="approved",
        object_key="registration:1",
        subject="Đăng ký đã được duyệt",
        body_text="Xin chào",
        status=OutgoingEmail.Status.FAILED,
        tries=6,
        last_error="SMTPRecipientsRefused",
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            reverse("registration:email_resend", kwargs={"email_id": email.pk}), follow=True
        )

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert [m.subject for m in mail.outbox] == ["Đăng ký đã được duyệt"]
    assert messages_of(response) == ["Đã xếp hàng gửi lại email tới an@example.vn."]


def test_an_email_waiting_for_its_next_try_can_be_sent_now(
    organiser_client, edition, django_capture_on_commit_callbacks
):
    """A short SMTP outage shows at once (one failed try) and an organiser need not wait for the
    next try: "Gửi ngay" sends it now."""
    email = OutgoingEmail.objects.create(
        recipient="binh@example.vn",
        kind="approved",
        object_key="registration:2",
        subject="Đăng ký đã được duyệt",
        body_text="Xin chào",
        status=OutgoingEmail.Status.QUEUED,
        tries=1,
        last_error="SMTPServerDisconnected",
        next_attempt_at=timezone.now() + dt.timedelta(minutes=4),
    )
    mail.outbox.clear()

    page = organiser_client.get(reverse("registration:email_list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(reverse("registration:email_resend", kwargs={"email_id": email.pk}))

    assert "binh@example.vn" in page
    assert ">Gửi ngay<" in page
    assert "Lần thử tới:" in page
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert [m.to for m in mail.outbox] == [["binh@example.vn"]]


def test_email_resend_unknown_id_is_404(organiser_client, edition):
    response = organiser_client.post(
        reverse("registration:email_resend", kwargs={"email_id": 999999})
    )

    assert response.status_code == 404


def test_counters_group_thousands_in_each_language(organiser_client, edition):
    edition.capacity = 1500
    edition.save()

    vietnamese = organiser_client.get(reverse("registration:delegate_list")).content.decode()
    english = organiser_client.get("/en" + reverse("registration:delegate_list")).content.decode()

    assert '1.500<span class="counter-of"> / 1.500</span>' in vietnamese
    assert '1,500<span class="counter-of"> / 1,500</span>' in english
