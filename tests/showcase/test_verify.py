"""Verifying a demo: only a delegate logged in and checked in at the door; one verification per
delegate and demo, editable; bad input is refused with its reason and nothing is written."""

import pytest
from django.db import IntegrityError, transaction

from forum.errors import ServiceError
from showcase.models import ClaimAnswer, Verification
from showcase.services.verifications import verification_record
from tests.showcase.conftest import answers_for, delegate, make_demo, verify_post

pytestmark = pytest.mark.django_db


def page(demo) -> str:
    return f"/showcase/demos/{demo.pk}/"


def test_checked_in_delegate_sees_the_form_and_records_a_verification(client, demo, arrived):
    user, registration = arrived
    client.force_login(user)

    shown = client.get(page(demo))
    response = client.post(page(demo), verify_post(demo, "yes", "partly", rating="4"))

    assert 'name="rating"' in shown.content.decode()
    assert response.status_code == 302
    assert response.url == f"{page(demo)}#verify"
    verification = Verification.objects.get()
    assert (verification.demo, verification.registration, verification.rating) == (
        demo,
        registration,
        4,
    )
    assert sorted(verification.answers.values_list("answer", flat=True)) == ["partly", "yes"]
    assert verification.comment_status == "none"
    followed = client.get(response.url)
    assert "Cảm ơn bạn đã kiểm chứng sản phẩm." in followed.content.decode()


def test_second_submission_changes_the_first(client, demo, arrived):
    user, _registration = arrived
    client.force_login(user)
    client.post(page(demo), verify_post(demo, "yes", "yes", rating="5"))

    client.post(page(demo), verify_post(demo, "no", "partly", rating="2", comment="Chưa đạt"))

    verification = Verification.objects.get()
    assert verification.rating == 2
    assert sorted(verification.answers.values_list("answer", flat=True)) == ["no", "partly"]
    assert ClaimAnswer.objects.count() == 2
    assert (verification.comment, verification.comment_status) == ("Chưa đạt", "pending")
    form = client.get(page(demo)).content.decode()
    assert "Cập nhật kiểm chứng" in form
    assert 'value="2" id="id_rating_3" required checked' in form


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("not_arrived", "Bạn chưa check-in tại cửa."),
        ("pending", "Đăng ký của bạn chưa được duyệt."),
        ("stranger", "Tài khoản của bạn chưa đăng ký tham dự diễn đàn."),
    ],
)
def test_delegate_who_cannot_verify_is_told_why_and_gets_no_form(
    client, edition, demo, not_arrived, who, expected
):
    if who == "not_arrived":
        user = not_arrived[0]
    elif who == "pending":
        user, _registration = delegate(edition, "cho@example.vn", status="pending")
    else:
        from tests.factories import UserFactory

        user = UserFactory(email="khach@example.vn")
    client.force_login(user)

    response = client.get(page(demo))

    content = response.content.decode()
    assert response.status_code == 200
    assert expected in content
    assert 'name="rating"' not in content


def test_post_from_a_delegate_not_checked_in_is_refused_and_records_nothing(
    client, demo, not_arrived
):
    client.force_login(not_arrived[0])

    response = client.post(page(demo), verify_post(demo))

    assert response.status_code == 400
    assert "Bạn chưa check-in tại cửa." in response.content.decode()
    assert not Verification.objects.exists()


def test_visitor_is_asked_to_log_in_and_a_post_goes_to_the_login_page(client, demo):
    shown = client.get(page(demo)).content.decode()
    response = client.post(page(demo), verify_post(demo))

    assert "Hãy đăng nhập bằng tài khoản đại biểu để kiểm chứng sản phẩm." in shown
    assert f'href="/accounts/login/?next=/showcase/demos/{demo.pk}/"' in shown
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")
    assert not Verification.objects.exists()


@pytest.mark.parametrize(
    ("change", "field_error"),
    [
        ({"rating": "0"}, "rating"),
        ({"rating": "6"}, "rating"),
        ({"rating": "năm"}, "rating"),
        ({"rating": ""}, "rating"),
        ({"drop_claim": True}, "claim"),
        ({"claim_answer": "maybe"}, "claim"),
        ({"comment": "x" * 1001}, "comment"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_nothing_is_written(
    client, demo, arrived, change, field_error
):
    client.force_login(arrived[0])
    data = verify_post(demo)
    first_claim = next(key for key in data if key.startswith("claim_"))
    if change.pop("drop_claim", False):
        del data[first_claim]
    if "claim_answer" in change:
        data[first_claim] = change.pop("claim_answer")
    data.update(change)

    response = client.post(page(demo), data)

    assert response.status_code == 400
    form = response.context["form"]
    errors = {key for key in form.errors if key.startswith(field_error)}
    assert errors, form.errors
    assert 'class="error-summary"' in response.content.decode()
    assert not Verification.objects.exists()


def test_comment_in_nfd_is_counted_after_normalising(client, demo, arrived):
    import unicodedata

    client.force_login(arrived[0])
    nfc = "Ứng dụng rất hữu ích " * 45  # 945 characters in NFC
    nfd = unicodedata.normalize("NFD", nfc)
    assert len(nfd) > 1000

    response = client.post(page(demo), verify_post(demo, comment=nfd))

    assert response.status_code == 302
    assert Verification.objects.get().comment == nfc.strip()


def test_answers_for_another_demos_claims_are_not_accepted(
    edition, problem, enterprise, demo, arrived
):
    other = make_demo(edition, problem, enterprise, product="Trạm sạc drone")
    forged = answers_for(other)

    with pytest.raises(Exception) as refused:
        verification_record(demo_id=demo.pk, user=arrived[0], answers=forged, rating=5)

    assert "answers" in refused.value.message_dict
    assert not Verification.objects.exists()


def test_a_demo_not_approved_takes_no_verification(edition, problem, enterprise, arrived):
    waiting = make_demo(edition, problem, enterprise, approve=False)

    with pytest.raises(ServiceError) as refused:
        verification_record(
            demo_id=waiting.pk, user=arrived[0], answers=answers_for(waiting), rating=5
        )

    assert refused.value.code == "demo_not_open"


def test_database_keeps_one_verification_per_delegate_and_demo(demo, arrived):
    verification_record(demo_id=demo.pk, user=arrived[0], answers=answers_for(demo), rating=5)

    with pytest.raises(IntegrityError), transaction.atomic():
        Verification.objects.create(demo=demo, registration=arrived[1], rating=3)


def test_database_refuses_a_rating_outside_one_to_five_and_a_comment_without_status(demo, arrived):
    for fields in ({"rating": 0}, {"rating": 6}, {"rating": 3, "comment": "Tốt"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Verification.objects.create(demo=demo, registration=arrived[1], **fields)


def test_checked_in_then_cancelled_delegate_can_no_longer_verify(client, demo, arrived):
    user, registration = arrived
    registration.status = "cancelled"
    registration.save(update_fields=["status"])
    client.force_login(user)

    response = client.post(page(demo), verify_post(demo))

    assert response.status_code == 400
    assert "Đăng ký của bạn chưa được duyệt." in response.content.decode()
    assert not Verification.objects.exists()
