"""E-badges: the delegate's own download, organisers' downloads, re-rendering after a change."""

import pytest
from django.urls import reverse

from registration.models import BadgeFile, Registration
from registration.services import registrations as svc
from registration.services.badges import ebadges
from tests.factories import UserFactory
from tests.registration.badge_helpers import approved, page_texts, pdf_document, pending

Status = Registration.Status
pytestmark = pytest.mark.usefixtures("private_root")


MY_BADGE = "/my-registration/badge.pdf"


def test_my_badge_anonymous_is_redirected_to_login(client, edition):
    response = client.get(MY_BADGE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_my_badge_is_the_delegates_own(client, edition):
    mine = approved(edition, name="Đỗ Minh Châu")
    approved(edition, name="Bùi Thị Khác")
    client.force_login(mine.user)

    response = client.get(MY_BADGE)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    text = page_texts(b"".join(response.streaming_content))[0]
    assert "Đỗ Minh Châu" in text
    assert "Bùi Thị Khác" not in text


def test_my_badge_without_a_registration_is_404(client, edition):
    approved(edition, name="Bùi Thị Khác")
    client.force_login(UserFactory())

    assert client.get(MY_BADGE).status_code == 404


@pytest.mark.parametrize("state", ["pending", "cancelled", "rejected"])
def test_my_badge_not_approved_is_404(client, edition, state):
    registration = pending(edition)
    if state == "cancelled":
        svc.registration_approve(registration_id=registration.pk)
        svc.registration_cancel(registration_id=registration.pk)
    elif state == "rejected":
        svc.registration_reject(registration_id=registration.pk, reason="Không thuộc đối tượng")
    client.force_login(registration.user)

    assert client.get(MY_BADGE).status_code == 404


def test_organiser_downloads_any_approved_delegates_badge(organiser_client, edition):
    registration = approved(edition, name="Đinh Công Tráng")

    response = organiser_client.get(f"/organiser/badges/{registration.pk}.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Đinh Công Tráng" in page_texts(b"".join(response.streaming_content))[0]


def test_organiser_badge_of_a_pending_or_unknown_delegate_is_404(organiser_client, edition):
    registration = pending(edition)

    assert organiser_client.get(f"/organiser/badges/{registration.pk}.pdf").status_code == 404
    assert organiser_client.get("/organiser/badges/999999.pdf").status_code == 404


def test_delegate_cannot_download_another_delegates_badge_from_organiser_url(client, edition):
    mine = approved(edition, name="Đỗ Minh Châu")
    other = approved(edition, name="Bùi Thị Khác")
    client.force_login(mine.user)

    assert client.get(f"/organiser/badges/{other.pk}.pdf").status_code == 403


def test_profile_change_regenerates_the_badge_and_removes_the_old_file(
    client, edition, private_root
):
    registration = approved(edition, name="Nguyễn Văn An")
    client.force_login(registration.user)
    first = client.get(MY_BADGE)
    assert "Nguyễn Văn An" in page_texts(b"".join(first.streaming_content))[0]
    old_path = private_root / BadgeFile.objects.get(registration=registration).path
    assert old_path.exists()

    svc.registration_update_profile(
        registration_id=registration.pk, data={"full_name": "Nguyễn Văn Bình"}
    )
    second = client.get(MY_BADGE)

    text = page_texts(b"".join(second.streaming_content))[0]
    assert "Nguyễn Văn Bình" in text
    assert "Nguyễn Văn An" not in text
    assert not old_path.exists()
    badge = BadgeFile.objects.get(registration=registration)
    registration.refresh_from_db()
    assert badge.version == registration.version
    assert list((private_root / "badges" / str(edition.pk)).iterdir()) == [
        private_root / badge.path
    ]


def test_ebadges_for_many_delegates_are_split_one_file_each(edition, people, private_root):
    ids = [r.pk for r in people]

    assert ebadges.ebadges_render(registration_ids=ids) == 5

    for registration in people:
        path = private_root / BadgeFile.objects.get(registration=registration).path
        pdf = path.read_bytes()
        assert len(pdf_document(pdf)) == 1
        assert registration.full_name in page_texts(pdf)[0]
