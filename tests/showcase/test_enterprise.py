"""Enterprise pages: the profile (tax code checked), submitting and correcting demos, and that a
representative only ever reaches the enterprise's own."""

import unicodedata

import pytest

from registration import roles
from showcase.models import Demo, Enterprise, Representative, Verification
from showcase.services.verifications import verification_record
from tests.factories import UserFactory, user_with_roles
from tests.showcase.conftest import answers_for, make_demo, make_enterprise

pytestmark = pytest.mark.django_db


def demo_post(problem, **overrides) -> dict:
    data = {
        "problem": problem.pk,
        "product": "Drone giao hàng Bay Việt",
        "product_en": "Bay Viet Delivery Drone",
        "demonstration": "Drone nhận hàng tại gian.\r\n\r\n\r\nBay theo lộ trình định sẵn.",
        "demonstration_en": "",
        "claim_1": "Giao 2 kg hàng trên quãng đường 5 km trong 15 phút",
        "claim_1_en": "Delivers 2 kg over 5 km in 15 minutes",
        "claim_2": "",
        "claim_2_en": "",
        "evidence": "https://example.vn/bao-cao.pdf\n\nhttps://example.vn/chung-nhan.pdf",
    }
    return data | overrides


@pytest.fixture
def rep_client(client, representative):
    client.force_login(representative)
    return client


def test_enterprise_profile_is_created_with_a_valid_tax_code(client, db):
    user = user_with_roles(roles.ENTERPRISE, email="moi@dn.vn")
    client.force_login(user)

    response = client.post(
        "/showcase/enterprise/profile/",
        {"name": "  Công ty  Cổ phần Sao Mai ", "name_en": "", "tax_code": "0100109106-001"},
    )

    assert response.status_code == 302
    enterprise = Enterprise.objects.get()
    assert (enterprise.name, enterprise.tax_code) == ("Công ty Cổ phần Sao Mai", "0100109106001")
    assert list(enterprise.representatives.all()) == [user]


@pytest.mark.parametrize("tax_code", ["0100109107", "12345", "abcdefghij", ""])
def test_an_invalid_tax_code_is_refused(client, db, tax_code):
    client.force_login(user_with_roles(roles.ENTERPRISE, email="moi@dn.vn"))

    response = client.post(
        "/showcase/enterprise/profile/", {"name": "Công ty Sao Mai", "tax_code": tax_code}
    )

    assert response.status_code == 200
    assert "tax_code" in response.context["form"].errors
    assert not Enterprise.objects.exists()


def test_a_tax_code_already_registered_is_refused_with_what_to_do(client, enterprise):
    client.force_login(user_with_roles(roles.ENTERPRISE, email="khac@dn.vn"))

    response = client.post(
        "/showcase/enterprise/profile/", {"name": "Tên khác", "tax_code": enterprise.tax_code}
    )

    assert "thêm tài khoản của bạn làm người đại diện" in response.content.decode()
    assert Enterprise.objects.count() == 1


def test_a_representative_acts_for_one_enterprise_only(enterprise, representative):
    from django.db import IntegrityError, transaction

    other = make_enterprise(name="Công ty Khác", tax_code="0100233583")

    with pytest.raises(IntegrityError), transaction.atomic():
        Representative.objects.create(enterprise=other, user=representative)


def test_enterprise_submits_a_demo_that_waits_for_the_organisers(rep_client, problem, enterprise):
    response = rep_client.post("/showcase/enterprise/demos/new/", demo_post(problem))

    assert response.status_code == 302
    demo = Demo.objects.get()
    assert (demo.status, demo.enterprise, demo.problem) == ("submitted", enterprise, problem)
    assert demo.demonstration == "Drone nhận hàng tại gian.\n\nBay theo lộ trình định sẵn."
    assert [(c.position, c.text_en) for c in demo.claims.all()] == [
        (1, "Delivers 2 kg over 5 km in 15 minutes")
    ]
    assert [link.url for link in demo.evidence.all()] == [
        "https://example.vn/bao-cao.pdf",
        "https://example.vn/chung-nhan.pdf",
    ]
    assert rep_client.get(f"/showcase/demos/{demo.pk}/").status_code == 200
    assert "Bản xem trước" in rep_client.get(f"/showcase/demos/{demo.pk}/").content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"claim_1": "", "claim_1_en": ""}, "claim_1"),
        ({"claim_2_en": "English only"}, "claim_2"),
        ({"evidence": "https://ok.vn\njavascript:alert(1)"}, "evidence"),
        ({"evidence": "\n".join(f"https://e{n}.vn" for n in range(6))}, "evidence"),
        ({"product": " \u200b "}, "product"),
        ({"claim_1": "x" * 301}, "claim_1"),
    ],
)
def test_a_demo_with_bad_fields_is_refused_and_nothing_is_saved(
    rep_client, problem, enterprise, overrides, field
):
    response = rep_client.post("/showcase/enterprise/demos/new/", demo_post(problem, **overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Demo.objects.exists()


def test_evidence_errors_name_the_line(rep_client, problem, enterprise):
    response = rep_client.post(
        "/showcase/enterprise/demos/new/",
        demo_post(problem, evidence="https://ok.vn\nftp://khong-duoc.vn"),
    )

    assert "Dòng 2: không phải địa chỉ web" in response.content.decode()


def test_a_long_product_name_typed_in_nfd_fits_once_normalised(rep_client, problem, enterprise):
    name = "Hệ thống giám sát đường ống nước đô thị thế hệ mới có dấu " * 3
    nfd = unicodedata.normalize("NFD", name.strip()[:200])
    assert len(nfd) > 200

    response = rep_client.post("/showcase/enterprise/demos/new/", demo_post(problem, product=nfd))

    assert response.status_code == 302
    assert Demo.objects.get().product == unicodedata.normalize("NFC", nfd)


def test_a_refused_demo_edited_waits_again(rep_client, edition, problem, enterprise):
    from showcase.services.demos import demo_decide

    demo = make_demo(edition, problem, enterprise, approve=False)
    demo_decide(demo=demo, actor=None, approve=False, reason="Thiếu số liệu")

    response = rep_client.post(f"/showcase/enterprise/demos/{demo.pk}/", demo_post(problem))

    demo.refresh_from_db()
    assert response.status_code == 302
    assert (demo.status, demo.claims.count()) == ("submitted", 1)


def test_an_approved_demo_is_no_longer_edited_by_its_enterprise(rep_client, demo, problem):
    response = rep_client.post(
        f"/showcase/enterprise/demos/{demo.pk}/", demo_post(problem, product="Đổi tên")
    )

    demo.refresh_from_db()
    assert "liên hệ ban tổ chức để thay đổi" in response.content.decode()
    assert demo.product == "Drone giao hàng Bay Việt"


def test_withdrawing_a_waiting_demo_and_not_an_approved_one(
    rep_client, edition, problem, enterprise, demo
):
    waiting = make_demo(edition, problem, enterprise, approve=False)

    rep_client.post(f"/showcase/enterprise/demos/{waiting.pk}/withdraw/")
    response = rep_client.post(f"/showcase/enterprise/demos/{demo.pk}/withdraw/", follow=True)

    waiting.refresh_from_db()
    demo.refresh_from_db()
    assert (waiting.status, demo.status) == ("withdrawn", "approved")
    assert "Chỉ rút được sản phẩm chưa được duyệt." in response.content.decode()


def test_another_enterprises_demo_is_not_found(client, edition, problem, demo):
    other = user_with_roles(roles.ENTERPRISE, email="khac@dn.vn")
    make_enterprise(name="Công ty Khác", tax_code="0100233583", user=other)
    client.force_login(other)

    assert client.get(f"/showcase/enterprise/demos/{demo.pk}/").status_code == 404
    assert client.post(f"/showcase/enterprise/demos/{demo.pk}/withdraw/").status_code == 404
    waiting = make_demo(edition, problem, demo.enterprise, approve=False)
    assert client.get(f"/showcase/demos/{waiting.pk}/").status_code == 404


@pytest.mark.parametrize("path", ["/showcase/enterprise/", "/showcase/enterprise/demos/new/"])
def test_enterprise_pages_need_the_enterprise_role(client, db, path):
    assert client.get(path).status_code == 302
    client.force_login(UserFactory(email="daibieu@example.vn"))
    assert client.get(path).status_code == 403


def test_claims_verified_by_delegates_cannot_be_replaced(edition, demo, arrived):
    from forum.errors import ServiceError
    from showcase.services.demos import demo_update

    verification_record(demo_id=demo.pk, user=arrived[0], answers=answers_for(demo), rating=4)
    data = {"problem": demo.problem, "product": demo.product, "demonstration": "Mới"}
    claims = [(c.text, c.text_en) for c in demo.claims.all()]

    with pytest.raises(ServiceError) as refused:
        demo_update(
            demo=demo, data=data, claims=[("Tuyên bố khác", "")], evidence=[], by_organiser=True
        )
    demo_update(
        demo=demo,
        data=data,
        claims=[(t, en + " (v2)") for t, en in claims],
        evidence=[],
        by_organiser=True,
    )

    assert refused.value.code == "claims_verified"
    assert Verification.objects.get().answers.count() == 2
    assert demo.claims.first().text_en.endswith("(v2)")


def test_enterprise_home_lists_its_demos_with_their_state(rep_client, edition, problem, demo):
    content = rep_client.get("/showcase/enterprise/").content.decode()

    assert "Drone giao hàng Bay Việt" in content
    assert "Đã duyệt" in content
    assert "gian 7" in content
