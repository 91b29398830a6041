"""A delegate's verifications are part of their data: in the download, and their comments gone
with the account while their ratings stay, anonymous, in the demo's counts."""

import json

import pytest

from registration.services.personal_data import account_delete
from showcase.models import Verification
from tests.showcase.conftest import verify_post

pytestmark = pytest.mark.django_db


def test_the_download_holds_the_delegates_verifications(client, demo, arrived):
    user, _registration = arrived
    client.force_login(user)
    client.post(
        f"/showcase/demos/{demo.pk}/",
        verify_post(demo, "yes", "partly", rating="4", comment="Dễ dùng, cần bản tiếng Anh"),
    )

    payload = json.loads(client.get("/my-data/download.json").content)

    [verification] = payload["showcase"]
    assert verification["demo"] == demo.product
    assert verification["rating"] == 4
    assert [claim["answer"] for claim in verification["claims"]] == ["yes", "partly"]
    assert verification["comment"] == "Dễ dùng, cần bản tiếng Anh"
    assert verification["comment_status"] == "pending"


def test_deleting_the_account_erases_the_comment_and_keeps_the_rating(client, demo, arrived):
    user, registration = arrived
    client.force_login(user)
    client.post(
        f"/showcase/demos/{demo.pk}/",
        verify_post(demo, "yes", "yes", rating="5", comment="Tôi là Bình, gọi 0912 345 678"),
    )

    account_delete(user=user)

    verification = Verification.objects.get()
    assert (verification.registration_id, verification.rating) == (registration.pk, 5)
    assert (verification.comment, verification.comment_status) == ("", "none")
    assert verification.answers.count() == 2
