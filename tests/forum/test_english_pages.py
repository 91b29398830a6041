"""English pages and emails: the English catalog in use, and no Vietnamese interface text left."""

import pytest

from tests.forum.catalog import SOURCE_APPS, is_vietnamese_letter

# --- English pages and emails --------------------------------------------------------------


def test_english_home_page_uses_the_english_catalog(client, seeded_edition):
    response = client.get("/en/")

    assert response.status_code == 200
    html = response.content.decode()
    english = [
        "See it, touch it, verify it.",
        "Skip to main content",
        "Main navigation",
        "Home",
        "Sign in",
        "Register to attend",
        "Delegate registration",
        "Programme",
        "Make in Viet Nam Awards",
        "Showcase: 11 challenges",
        "1,500 delegates",
        "Date and time",
        "Venue",
        "National Convention Center, Hanoi",
    ]
    vietnamese = [
        "Xem được, chạm được, kiểm chứng được.",
        "Bỏ qua đến nội dung chính",
        "Điều hướng chính",
        "Trang chủ",
        "Đăng nhập",
        "Đăng ký tham dự",
        "Đăng ký đại biểu",
        "Chương trình",
        "Giải thưởng Make in Viet Nam",
        "Trưng bày",
        "đại biểu",
        "Thời gian",
        "Địa điểm",
        "Trung tâm Hội nghị Quốc gia",
    ]
    for text in english:
        assert text in html, text
    for text in vietnamese:
        assert text not in html, text


def test_vietnamese_home_page_is_unchanged(client, seeded_edition):
    html = client.get("/").content.decode()

    assert "Xem được, chạm được, kiểm chứng được." in html
    assert "Trung tâm Hội nghị Quốc gia, Hà Nội" in html
    assert "1.500 đại biểu" in html  # thousands grouped the Vietnamese way
    assert "Đăng ký tham dự" in html
    assert "See it, touch it, verify it." not in html


def test_english_home_page_without_edition(client, db):
    html = client.get("/en/").content.decode()

    assert "No forum edition has been set up yet." in html
    assert "Make in Viet Nam Forum" in html
    assert "Chưa có kỳ diễn đàn nào được thiết lập." not in html


@pytest.mark.parametrize(
    "kind, subject_start",
    [
        ("received", "Registration received"),
        ("waitlisted", "You are on the waiting list"),
        ("promoted", "A place is available for you"),
        ("approved", "Registration approved"),
        ("rejected", "Registration outcome"),
        ("cancelled", "Registration cancelled"),
        ("reminder", "Reminder:"),
    ],
)
def test_delegate_emails_in_english_have_no_vietnamese_text(
    seeded_edition, kind, subject_start, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.utils import timezone

    from mail.models import OutgoingEmail
    from registration.models import Registration
    from registration.services.notifications import registration_notify
    from tests.factories import RegistrationFactory, UserFactory

    Status = Registration.Status
    status = {
        "waitlisted": Status.WAITLISTED,
        "approved": Status.APPROVED,
        "reminder": Status.APPROVED,
        "rejected": Status.REJECTED,
        "cancelled": Status.CANCELLED,
    }.get(kind, Status.PENDING)
    registration = RegistrationFactory(
        edition=seeded_edition,
        user=UserFactory(email=f"{kind}@example.com", full_name="Jane Smith"),
        full_name="Jane Smith",
        given_name="Jane",
        honorific="",
        organisation="Acme Ltd",
        email_language="en",
        status=status,
        waitlist_position=1 if kind == "waitlisted" else None,
        promoted_at=timezone.now() if kind == "promoted" else None,
        rejection_reason="Capacity reached" if kind == "rejected" else "",
    )

    with django_capture_on_commit_callbacks(execute=True):
        registration_notify(registration=registration, kind=kind)

    # Written when sent, in the delegate's language, and kept on the outbox row.
    email = OutgoingEmail.objects.get(kind=kind, recipient=f"{kind}@example.com")
    assert email.status == OutgoingEmail.Status.SENT
    assert [m.subject for m in mail.outbox] == [email.subject]
    assert email.subject.startswith(subject_start), email.subject
    assert "Dear Jane Smith," in email.body_text
    if kind in ("approved", "reminder"):
        assert "National Convention Center" in email.body_text
    for body in (email.subject, email.body_text, email.body_html):
        leftovers = [ch for ch in body if is_vietnamese_letter(ch)]
        assert leftovers == [], f"{kind}: {body}"


def test_model_plural_names_are_plural_in_english():
    """Vietnamese names a model the same in the singular and the plural; English must not (the
    admin's lists and counts say "scans", not "scan")."""
    from django.apps import apps
    from django.utils import translation

    ours = [model for name in SOURCE_APPS for model in apps.get_app_config(name).get_models()]
    with translation.override("en"):
        same = [
            model.__name__
            for model in ours
            if str(model._meta.verbose_name_plural) == str(model._meta.verbose_name)
        ]

    assert ours
    assert same == []
