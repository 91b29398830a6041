"""Enterprises' nominations: the form and its checks (tax code, ownership, size), drafts,
submission before the deadline on the server's clock, the confirmation email, and an
enterprise that sees only its own nominations and never a score."""

import datetime as dt

import pytest
from django.utils import timezone

from awards.models import Nomination
from awards.services import nominations
from forum.errors import ServiceError
from mail.models import OutgoingEmail
from tests.awards.helpers import (
    BRANCH_OF_FIRST,
    TAX_CODES,
    enterprise_make,
    nomination_data,
    nomination_make,
    upload,
)


@pytest.fixture
def owner(db):
    return enterprise_make("huy@saobacdau.vn", full_name="Phạm Quang Huy")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def form_post(category, **overrides) -> dict:
    data = nomination_data(category, **overrides)
    data["category"] = category.pk
    return {
        key: ("on" if value is True else value) for key, value in data.items() if value is not False
    }


def test_enterprise_saves_a_draft_then_submits_with_a_pdf(setup, owner, owner_client):
    response = owner_client.post("/awards/nominations/new/", form_post(setup.industry))

    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/awards/nominations/{nomination.pk}/"
    assert nomination.status == Nomination.Status.DRAFT
    assert nomination.owner == owner
    assert nomination.tax_code == TAX_CODES[0]

    owner_client.post(f"/awards/nominations/{nomination.pk}/attachments/", {"files": [upload()]})
    response = owner_client.post(
        f"/awards/nominations/{nomination.pk}/", {**form_post(setup.industry), "submit": "1"}
    )

    nomination.refresh_from_db()
    assert response.status_code == 302
    assert nomination.status == Nomination.Status.SUBMITTED
    assert nomination.submitted_at is not None
    email = OutgoingEmail.objects.get(kind="award_submitted")
    assert email.recipient == "huy@saobacdau.vn"
    assert email.object_key == f"nomination:{nomination.pk}"
    assert "Nền tảng nhà máy thông minh" in email.subject
    assert "Kính gửi Phạm Quang Huy," in email.body_text


def test_submitting_without_a_pdf_keeps_the_changes_and_says_why(setup, owner, owner_client):
    nomination = nomination_make(setup, owner=owner, submit=False)

    response = owner_client.post(
        f"/awards/nominations/{nomination.pk}/",
        {**form_post(setup.industry, product_name="Tên mới"), "submit": "1"},
        follow=True,
    )

    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.DRAFT
    assert nomination.product_name == "Tên mới"
    messages = [str(m) for m in response.context["messages"]]
    assert "Hãy đính kèm ít nhất một tệp PDF hồ sơ trước khi nộp." in messages
    assert not OutgoingEmail.objects.filter(kind="award_submitted").exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0100109106", "0100109106"),
        (" 0100 109 106 ", "0100109106"),
        ("0100109106-001", BRANCH_OF_FIRST),
        ("0100109106001", BRANCH_OF_FIRST),
    ],
)
def test_tax_codes_of_companies_and_branches_are_accepted_and_stored_formatted(
    setup, owner, owner_client, typed, stored
):
    owner_client.post("/awards/nominations/new/", form_post(setup.industry, tax_code=typed))

    assert Nomination.objects.get().tax_code == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0100109107", "Mã số thuế sai chữ số kiểm tra."),
        ("01001091", "Mã số thuế gồm 10 chữ số"),
        ("0100109106-01", "Mã số thuế gồm 10 chữ số"),
        ("ABCDEFGHIJ", "Mã số thuế gồm 10 chữ số"),
    ],
)
def test_a_wrong_tax_code_is_refused_with_a_clear_message_and_nothing_is_lost(
    setup, owner_client, typed, message
):
    response = owner_client.post(
        "/awards/nominations/new/", form_post(setup.industry, tax_code=typed)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"]["product_name"].value() == "Nền tảng nhà máy thông minh"
    assert not Nomination.objects.exists()


def test_foreign_invested_company_must_declare_vietnamese_ownership(setup, owner_client):
    response = owner_client.post(
        "/awards/nominations/new/", form_post(setup.industry, foreign_invested=True)
    )

    assert response.status_code == 200
    assert "từ 51% trở lên" in response.content.decode()
    assert not Nomination.objects.exists()

    owner_client.post(
        "/awards/nominations/new/",
        form_post(setup.industry, foreign_invested=True, vietnamese_ownership_declared=True),
    )
    assert Nomination.objects.get().vietnamese_ownership_declared is True


def test_the_ownership_declaration_is_also_a_database_invariant(setup, owner):
    from django.db import IntegrityError

    nomination = nomination_make(setup, owner=owner, submit=False)

    with pytest.raises(IntegrityError):
        Nomination.objects.filter(pk=nomination.pk).update(foreign_invested=True)


def test_potential_category_takes_only_small_firms_or_startups(setup, owner):
    nomination = nomination_make(setup, owner=owner, category=setup.potential, submit=False)

    with pytest.raises(ServiceError) as refused:
        nominations.nomination_update(
            nomination_id=nomination.pk,
            owner=owner,
            data={"company_size": Nomination.Size.MEDIUM},
            submit=True,
        )
    assert refused.value.code == "category_size"

    nominations.nomination_update(
        nomination_id=nomination.pk, owner=owner, data={"is_startup": True}, submit=False
    )
    from awards.services.attachments import attachment_add

    attachment_add(nomination_id=nomination.pk, owner=owner, upload=upload())
    submitted = nominations.nomination_submit(nomination_id=nomination.pk, owner=owner)
    assert submitted.status == Nomination.Status.SUBMITTED


def test_submission_needs_every_field_judges_read(setup, owner):
    nomination = nomination_make(setup, owner=owner, submit=False, evidence="", market="")
    from awards.services.attachments import attachment_add

    attachment_add(nomination_id=nomination.pk, owner=owner, upload=upload())

    with pytest.raises(ServiceError) as refused:
        nominations.nomination_submit(nomination_id=nomination.pk, owner=owner)

    assert refused.value.code == "incomplete"
    assert "thị trường" in refused.value.message
    assert "bằng chứng ứng dụng thực tế" in refused.value.message


def test_the_same_product_of_the_same_company_is_refused_once_a_year(setup, owner, owner_client):
    nomination_make(setup, owner=owner, submit=False)

    response = owner_client.post(
        "/awards/nominations/new/",
        form_post(
            setup.potential, product_name="NỀN TẢNG NHÀ MÁY THÔNG MINH", tax_code=TAX_CODES[0]
        ),
    )

    assert response.status_code == 200
    assert "đã có hồ sơ đề cử năm nay" in response.content.decode()
    assert Nomination.objects.count() == 1


def test_names_typed_in_decomposed_unicode_are_stored_composed(setup, owner):
    import unicodedata

    typed = unicodedata.normalize("NFD", "Công ty Cổ phần Đặng Gia  ")
    nomination = nomination_make(setup, owner=owner, submit=False, company_name=typed)

    assert nomination.company_name == "Công ty Cổ phần Đặng Gia"
    assert nomination.company_key == "cong ty co phan dang gia"


def test_the_deadline_is_checked_on_the_servers_clock(setup, owner, owner_client):
    nomination = nomination_make(setup, owner=owner, submit=False)
    setup.award.submission_closes_at = timezone.now() - dt.timedelta(seconds=1)
    setup.award.save()

    response = owner_client.post(
        f"/awards/nominations/{nomination.pk}/",
        {**form_post(setup.industry, product_name="Sửa sau hạn"), "submit": "1"},
    )

    nomination.refresh_from_db()
    assert response.status_code == 200
    assert "Đã hết hạn nộp hồ sơ" in response.content.decode()
    assert nomination.product_name == "Nền tảng nhà máy thông minh"
    assert nomination.status == Nomination.Status.DRAFT
    with pytest.raises(ServiceError) as refused:
        nominations.nomination_submit(nomination_id=nomination.pk, owner=owner)
    assert refused.value.code == "closed"


def test_a_submitted_nomination_stays_editable_until_the_deadline(setup, owner, owner_client):
    nomination = nomination_make(setup, owner=owner)
    setup.award.submission_closes_at = timezone.now() + dt.timedelta(hours=1)
    setup.award.save()

    owner_client.post(
        f"/awards/nominations/{nomination.pk}/", form_post(setup.industry, market="Đông Nam Á")
    )

    nomination.refresh_from_db()
    assert nomination.market == "Đông Nam Á"
    assert nomination.status == Nomination.Status.SUBMITTED
    assert OutgoingEmail.objects.filter(kind="award_submitted").count() == 1


def test_a_screened_nomination_is_locked_for_the_enterprise(setup, owner, owner_client):
    nomination = nomination_make(setup, owner=owner, eligible=True)

    page = owner_client.get(f"/awards/nominations/{nomination.pk}/").content.decode()
    owner_client.post(
        f"/awards/nominations/{nomination.pk}/", form_post(setup.industry, market="X")
    )

    nomination.refresh_from_db()
    assert "Hồ sơ đã được sàng lọc, không sửa được nữa." in page
    assert nomination.market == "Việt Nam, Lào."


def test_a_draft_can_be_deleted_with_its_files_but_a_submitted_one_cannot(
    setup, owner, owner_client, private_root, django_capture_on_commit_callbacks
):
    draft = nomination_make(setup, owner=owner, submit=False)
    from awards.services.attachments import attachment_add

    attachment = attachment_add(nomination_id=draft.pk, owner=owner, upload=upload())
    stored = private_root / attachment.path
    submitted = nomination_make(setup, owner=owner, product_name="Khác")

    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(f"/awards/nominations/{draft.pk}/delete/")
    owner_client.post(f"/awards/nominations/{submitted.pk}/delete/")

    assert not Nomination.objects.filter(pk=draft.pk).exists()
    assert not stored.exists()
    assert Nomination.objects.filter(pk=submitted.pk).exists()
