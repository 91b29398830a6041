"""Deleting an account leaves no trace of the person: every column of the anonymised
registration is read back, the sort key decoded (it encodes the name digit by digit), and the
rows and files that hang off the registration are searched too."""

from pathlib import Path

import pytest
from django.conf import settings

from forum import vietnamese
from mail.models import OutgoingEmail
from registration.models import (
    AuditLog,
    BadgeCode,
    BadgeFile,
    ConsentRecord,
    PersonalDataRequest,
    Registration,
)
from registration.services import personal_data
from registration.services import registrations as svc
from tests.factories import RegistrationFactory, UserFactory
from tests.registration.delegate_helpers import DELETE, register

NAME = "Khổng Quyết Thắng"
EMAIL = "khong.quyet@zyxwv.vn"
# Whatever would tell who it was, as the search key writes it (no accents, lower case).
TRACES = ("khong", "quyet", "thang", "zyxwv", "912345678", "hai san")


def decode_sort_key(key: str) -> str:
    """The letters a stored sort key was made from (forum.vietnamese.sort_key_string): each
    encoded text is 7-digit primary groups (class, rank), "0", 4-digit secondary groups, "0", one
    tertiary digit per character; the given name's text and the full name's are joined by "00"."""
    texts, position = [], 0
    while position < len(key):
        chars = []
        while position < len(key) and key[position] != "0":
            if len(key) - position < 7:  # not an encoding of letters: read as it is
                chars.append(key[position:])
                position = len(key)
                break
            category, rank = int(key[position]) - 1, int(key[position + 1 : position + 7]) - 1
            chars.append(
                {
                    0: " ",
                    1: vietnamese._PUNCTUATION_ORDER[rank : rank + 1] or "?",
                    2: str(rank),
                    3: vietnamese._ALPHABET[rank],
                }.get(category, chr(rank))
            )
            position += 7
        count = len(chars)
        position += 1 + 4 * count + 1 + count  # "0", the secondary weights, "0", the tertiary
        texts.append("".join(chars))
        position += 2  # "00" between the given name's text and the full name's
    return " | ".join(texts)


def assert_no_trace(where: str, value) -> None:
    text = vietnamese.search_key(str(value))
    for trace in TRACES:
        assert trace not in text, f"{where} still holds {trace!r}: {value!r}"


def test_decode_sort_key_reads_a_name_back():
    key = vietnamese.sort_key_string(NAME, "Thắng")

    assert vietnamese.search_key(decode_sort_key(key)) == "thang | khong quyet thang"


@pytest.fixture
def deleted(client, two_seat_edition, private_root, organiser, django_capture_on_commit_callbacks):
    """A delegate who registered (approved, e-badge sent), was rejected with a reason naming
    them, then deleted their account."""
    user = UserFactory(email=EMAIL, full_name=NAME)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        register(
            client,
            full_name=NAME,
            position="Giám đốc Ngoại vụ Zyxwv",
            organisation="Công ty Zyxwv",
            phone="0912 345 678",
            needs="Ăn chay, dị ứng hải sản",
        )
    registration = Registration.objects.get(user=user)
    assert BadgeFile.objects.filter(registration=registration).exists()
    badge_file = Path(settings.MEDIA_ROOT) / BadgeFile.objects.get(registration=registration).path
    assert badge_file.exists()
    with django_capture_on_commit_callbacks(execute=True):
        svc.registration_reject(
            registration_id=registration.pk, reason=f"{NAME} đăng ký trùng", actor=organiser
        )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE, {"confirm": "DELETE"})
    assert response.status_code == 302
    registration.refresh_from_db()
    return registration, badge_file


def test_every_column_of_a_deleted_registration_is_free_of_the_person(deleted):
    registration, _badge_file = deleted

    row = Registration.objects.filter(pk=registration.pk).values().get()

    assert row["anonymised_at"] is not None
    for column, value in row.items():
        assert_no_trace(f"registration.{column}", value)
    assert_no_trace("the decoded sort key", decode_sort_key(row["sort_key"]))
    assert row["given_name"] == row["search_key"] == ""
    assert row["full_name"] == "Đại biểu đã xóa dữ liệu"
    # What aggregate counts need survives.
    assert (row["delegate_type"], row["province"], row["status"]) == (
        "enterprise",
        "Thành phố Hà Nội",
        Registration.Status.REJECTED,
    )


def test_rows_and_files_hanging_off_a_deleted_registration_are_free_of_the_person(deleted):
    registration, badge_file = deleted

    related = {
        "consent": ConsentRecord.objects.filter(registration=registration),
        "audit": AuditLog.objects.filter(registration=registration),
        "personal data request": PersonalDataRequest.objects.filter(registration=registration),
        "badge code": BadgeCode.objects.filter(registration=registration),
        "email": OutgoingEmail.objects.filter(object_key=f"registration:{registration.pk}"),
    }

    assert related["email"].count() >= 2  # the approval and the rejection were sent
    assert related["audit"].filter(action="rejected").exists()
    for table, rows in related.items():
        for row in rows.values():
            for column, value in row.items():
                assert_no_trace(f"{table}.{column}", value)
    assert not BadgeFile.objects.filter(registration=registration).exists()
    assert not badge_file.exists()


def test_the_placeholder_name_is_stored_in_the_sites_language_whatever_the_page_language(
    two_seat_edition,
):
    from django.utils import translation

    user = UserFactory()
    RegistrationFactory(edition=two_seat_edition, user=user)

    with translation.override("en"):
        personal_data.account_delete(user=user)

    assert Registration.objects.get().full_name == "Đại biểu đã xóa dữ liệu"


def test_anonymised_registrations_sort_after_every_named_one(two_seat_edition):
    user = UserFactory()
    RegistrationFactory(edition=two_seat_edition, user=user, full_name="An Văn An")
    RegistrationFactory(edition=two_seat_edition, user=None, full_name="Ỹ Thị Ỹ", email="y@x.vn")

    personal_data.account_delete(user=user)

    assert [r.anonymised_at is not None for r in Registration.objects.all()] == [False, True]
