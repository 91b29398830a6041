"""Who reaches a nomination: an enterprise only its own, never a score; an account becomes an
enterprise by saying so, a judge cannot."""

import pytest

from tests.awards.helpers import enterprise_make, nomination_make, upload


@pytest.fixture
def owner(db):
    return enterprise_make("huy@saobacdau.vn", full_name="Phạm Quang Huy")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def test_an_enterprise_never_reaches_another_enterprises_nomination(setup, client):
    theirs = nomination_make(setup, owner=enterprise_make("a@example.vn"))
    intruder = enterprise_make("b@example.vn")
    client.force_login(intruder)

    assert client.get(f"/awards/nominations/{theirs.pk}/").status_code == 404
    assert client.post(f"/awards/nominations/{theirs.pk}/", {}).status_code == 404
    assert client.post(f"/awards/nominations/{theirs.pk}/delete/").status_code == 404
    response = client.post(f"/awards/nominations/{theirs.pk}/attachments/", {"files": [upload()]})
    assert response.status_code == 404
    assert theirs.attachments.count() == 1
    listing = client.get("/awards/nominations/").content.decode()
    assert theirs.product_name not in listing


def test_an_enterprise_sees_no_score(setup, owner, owner_client, judges):
    from tests.awards.helpers import entry_of, score

    nomination = nomination_make(setup, owner=owner, eligible=True)
    entry = entry_of(setup.scoring, nomination)
    from awards.services.assignment import assignment_add

    assignment_add(round_id=setup.scoring.pk, entry_id=entry.pk, judge_id=judges[0].pk, actor=None)
    criteria = setup.criteria
    score(judges[0], entry, {criteria[0]: 7.5, criteria[1]: 13.25, criteria[2]: 4})

    html = owner_client.get(f"/awards/nominations/{nomination.pk}/").content.decode()
    listing = owner_client.get("/awards/nominations/").content.decode()

    for shown in (html, listing):
        # The scores and the sheet's total (72.08), in either decimal form.
        for number in ("7,5", "7.5", "13,25", "13.25", "72,08", "72.08", "72,1", "72.1"):
            assert number not in shown, number


def test_an_account_becomes_an_enterprise_by_saying_so(setup, client, user_factory):
    user = user_factory(email="moi@example.vn")
    client.force_login(user)

    before = client.get("/awards/nominations/new/")
    client.post("/awards/nominations/")
    after = client.get("/awards/nominations/new/")

    assert before.status_code == 302
    assert after.status_code == 200
    assert user.groups.filter(name="enterprise").exists()


def test_a_judge_cannot_become_an_enterprise(setup, client, judges):
    client.force_login(judges[0].user)

    response = client.post("/awards/nominations/", follow=True)

    assert not judges[0].user.groups.filter(name="enterprise").exists()
    assert "Tài khoản giám khảo không nộp hồ sơ đề cử được." in response.content.decode()
