"""An account's nominations and places on juries are in its download; deleting the account
keeps the enterprise's dossier and the jury's record, without the link to the account."""

import json

import pytest

from awards.models import Judge, Nomination
from registration.selectors import personal_data_export
from registration.services.personal_data import account_delete
from tests.awards.helpers import enterprise_make, judge_make, nomination_make

pytestmark = pytest.mark.django_db


def test_the_enterprises_download_holds_its_nominations(client, setup):
    owner = enterprise_make("huy@saobacdau.vn")
    nomination_make(setup, owner=owner, contact_phone="0912 345 678")
    nomination_make(setup, product_name="Khác")  # another enterprise's
    client.force_login(owner)

    payload = json.loads(client.get("/my-data/download.json").content)

    [nomination] = payload["awards"]["nominations"]
    assert nomination["product_name"] == "Nền tảng nhà máy thông minh"
    assert nomination["contact_phone"] == "+84912345678"
    assert nomination["status"] == Nomination.Status.SUBMITTED
    assert payload["awards"]["juries"] == []


def test_a_judges_export_holds_the_jury_place_and_deleting_keeps_the_record(setup):
    judge = judge_make(setup, "gk@example.vn", name="Nguyễn Văn Một", organisation="Viện A")

    exported = personal_data_export(user=judge.user)["awards"]["juries"]
    account_delete(user=judge.user)

    assert exported == [
        {
            "award": setup.award.name,
            "full_name": "Nguyễn Văn Một",
            "title": "",
            "organisation": "Viện A",
        }
    ]
    assert Judge.objects.filter(full_name="Nguyễn Văn Một", user=None).count() == 1
