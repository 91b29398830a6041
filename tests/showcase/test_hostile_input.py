"""Hostile input on every form and POST of the showcase, as the people who may use them:
enterprises (profile, demos, commitments, progress), delegates (verifying a demo), organisers
(problems, decisions, stations and stage slots, comments, commitments). Empty, huge, wrong
type, NFD Vietnamese, years 1 and 9999 with far offsets, forged and foreign ids, choices not
offered, NUL bytes, replays. The answer is the form again with a translated error (or a
400/404) and nothing half-written; never a server error. Run on SQLite and on PostgreSQL."""

import pytest

from registration import roles
from showcase.models import (
    Claim,
    Commitment,
    CommitmentUpdate,
    Demo,
    Enterprise,
    EvidenceLink,
    Problem,
    TechnologyGroup,
    Verification,
)
from showcase.services.commitments import commitment_decide, commitment_submit
from showcase.services.verifications import verification_record
from tests.factories import EditionFactory, user_with_roles
from tests.showcase.conftest import (
    answers_for,
    make_demo,
    make_enterprise,
    make_problem,
    verify_post,
)

HUGE = "9" * 30  # more digits than any database column holds
NFD = "Co\u0302ng ty Co\u0302\u0309 pha\u0302\u0300n Bay Vie\u0323\u0302t"
NFC = "Công ty Cổ phần Bay Việt"

REQUIRED = "Trường này là bắt buộc."
NUL = "Không được có ký tự NUL (ký tự rỗng)."
NOT_OFFERED = "Hãy chọn một giá trị hợp lệ."
YEARS = "Năm phải từ 2000 đến 2100."


@pytest.fixture
def rep_client(client, representative, enterprise):
    client.force_login(representative)
    return client


@pytest.fixture
def elsewhere(db):
    """Another edition's problem and technology group: ids that exist, but not here."""
    other = EditionFactory(slug="2024", is_current=False)
    group = TechnologyGroup.objects.create(edition=other, code="ai", name="Trí tuệ nhân tạo")
    return {"problem": make_problem(other, number=1), "group": group}


def _value(value, context):
    return value(context) if callable(value) else value


def errors_of(response) -> dict:
    return response.context["form"].errors


# --- Enterprises -------------------------------------------------------------------------


def enterprise_state():
    return sorted(Enterprise.objects.values_list("id", "name", "tax_code", "website"))


PROFILE_CASES = [
    ("name", "", REQUIRED),
    ("name", "Công\x00ty", NUL),
    ("name", "n" * 301, "tối đa 300"),
    ("name", "n" * 1_000_000, "tối đa 300"),
    ("tax_code", "", REQUIRED),
    ("tax_code", "abc", "Mã số thuế không hợp lệ"),
    ("tax_code", HUGE, "tối đa 20"),
    ("tax_code", "0100109106\x00", NUL),
    ("website", "javascript:alert(1)", "URL"),
    ("website", "https://" + "w" * 400 + ".vn", "tối đa 300"),
    ("website", "https://bay\x00viet.vn", NUL),
]


@pytest.mark.parametrize(("field", "value", "message"), PROFILE_CASES)
def test_a_new_enterprise_with_a_hostile_value_is_refused(client, db, field, value, message):
    client.force_login(user_with_roles(roles.ENTERPRISE, email="moi@dn.vn"))
    data = {"name": "Công ty Sao Mai", "tax_code": "0101243150", "website": ""}

    response = client.post("/showcase/enterprise/profile/", {**data, field: value})

    assert response.status_code == 200
    assert message.lower() in " ".join(errors_of(response)[field]).lower()
    assert not Enterprise.objects.exists()


@pytest.mark.parametrize(("field", "value", "message"), PROFILE_CASES[1::2])
def test_an_edited_enterprise_with_a_hostile_value_is_left_as_it_was(
    rep_client, field, value, message
):
    before = enterprise_state()
    data = {"name": "Công ty Bay Việt", "tax_code": "0100109106", "website": ""}

    response = rep_client.post("/showcase/enterprise/profile/", {**data, field: value})

    assert response.status_code == 200
    assert field in errors_of(response)
    assert enterprise_state() == before


def test_an_enterprise_name_typed_with_combining_marks_is_stored_in_nfc(client, db):
    client.force_login(user_with_roles(roles.ENTERPRISE, email="moi@dn.vn"))

    client.post("/showcase/enterprise/profile/", {"name": NFD, "tax_code": "0101243150"})

    assert Enterprise.objects.get().name == NFC


def demo_state():
    return (
        sorted(Demo.objects.values_list("id", "product", "problem_id", "nomination_id", "status")),
        sorted(Claim.objects.values_list("demo_id", "position", "text")),
        sorted(EvidenceLink.objects.values_list("demo_id", "url")),
    )


def demo_post(offered, **overrides) -> dict:
    data = {
        "problem": offered.pk,
        "product": "Trợ lý pháp luật cho xã",
        "product_en": "",
        "demonstration": "Cán bộ xã hỏi, trợ lý trả lời theo văn bản pháp luật.",
        "demonstration_en": "",
        "nomination": "",
        "claim_1": "Trả lời đúng 9/10 câu hỏi thường gặp",
        "claim_1_en": "",
        "evidence": "https://example.vn/bao-cao.pdf",
    }
    return data | overrides


DEMO_CASES = [
    ("problem", "", REQUIRED),
    ("problem", HUGE, NOT_OFFERED),
    ("problem", "-1", NOT_OFFERED),
    ("problem", "bai-toan", NOT_OFFERED),
    ("problem", "\x00", NUL),
    ("problem", lambda c: c["problem"].pk, NOT_OFFERED),
    ("product", "", REQUIRED),
    ("product", "Trợ\x00lý", NUL),
    ("product", "p" * 201, "tối đa 200"),
    ("demonstration", "d" * 2001, "tối đa 2000"),
    ("demonstration", "\x00", NUL),
    ("claim_1", "", REQUIRED),
    ("claim_1", "Tuyên\x00bố", NUL),
    ("claim_1", "c" * 301, "tối đa 300"),
    ("claim_2_en", "English only", None),
    ("evidence", "javascript:alert(1)", "không phải địa chỉ web"),
    ("evidence", "ftp://example.vn/a", "không phải địa chỉ web"),
    ("evidence", "https://example.vn/" + "e" * 500, "dài quá 500 ký tự"),
    ("evidence", "\n".join(f"https://example.vn/{n}" for n in range(6)), "Tối đa 5"),
    ("evidence", "https://example.vn/\x00", NUL),
    ("nomination", HUGE, NOT_OFFERED),
    ("nomination", "abc", NOT_OFFERED),
    ("nomination", "999999", NOT_OFFERED),
]


@pytest.mark.parametrize(("field", "value", "message"), DEMO_CASES)
def test_a_new_demo_with_a_hostile_value_is_refused_and_nothing_is_written(
    rep_client, problem, demo, elsewhere, field, value, message
):
    before = demo_state()

    response = rep_client.post(
        "/showcase/enterprise/demos/new/",
        demo_post(problem, **{field: _value(value, elsewhere)}),
    )

    errors = errors_of(response)
    target = "claim_2" if field == "claim_2_en" else field
    assert response.status_code == 200
    assert target in errors, errors
    if message:
        assert message.lower() in " ".join(errors[target]).lower()
    assert demo_state() == before


@pytest.mark.parametrize(("field", "value", "message"), DEMO_CASES[::3])
def test_an_edited_demo_with_a_hostile_value_is_left_as_it_was(
    rep_client, edition, problem, enterprise, elsewhere, field, value, message
):
    waiting = make_demo(edition, problem, enterprise, product="Bản chờ duyệt", approve=False)
    before = demo_state()

    response = rep_client.post(
        f"/showcase/enterprise/demos/{waiting.pk}/",
        demo_post(problem, **{field: _value(value, elsewhere)}),
    )

    assert response.status_code == 200
    assert errors_of(response)
    assert demo_state() == before


def test_another_enterprises_nomination_is_not_offered(
    rep_client, edition, problem, enterprise, setup_award
):
    theirs = setup_award
    before = demo_state()

    response = rep_client.post(
        "/showcase/enterprise/demos/new/", demo_post(problem, nomination=theirs.pk)
    )

    assert NOT_OFFERED in " ".join(errors_of(response)["nomination"])
    assert demo_state() == before


@pytest.fixture
def setup_award(edition):
    """A nomination of another enterprise (another tax code) in this edition's awards."""
    from tests.awards.helpers import award_setup, nomination_make

    setup = award_setup(edition)
    return nomination_make(setup, submit=False, tax_code="0300588569")


def commitment_post(offered, **overrides) -> dict:
    data = {
        "task": "Trợ lý pháp luật cho 500 xã",
        "target": "500 xã dùng trợ lý vào cuối năm",
        "deadline_year": "2027",
        "problem": offered.pk,
        "technology_group": "",
        "signatory_name": "Lê Hoàng Nam",
        "signatory_position": "Tổng Giám đốc",
    }
    return data | overrides


COMMITMENT_CASES = [
    ("task", "", REQUIRED),
    ("task", "Nhiệm\x00vụ", NUL),
    ("task", "t" * 1001, "tối đa 1000"),
    ("target", "t" * 501, "tối đa 500"),
    ("deadline_year", "", REQUIRED),
    ("deadline_year", HUGE, "Năm hoàn thành từ 2025 đến 2040."),
    ("deadline_year", "-2027", "Năm hoàn thành từ 2025 đến 2040."),
    ("deadline_year", "1", "Năm hoàn thành từ 2025 đến 2040."),
    ("deadline_year", "9999", "Năm hoàn thành từ 2025 đến 2040."),
    ("deadline_year", "2024", "Năm hoàn thành từ 2025 đến 2040."),
    ("deadline_year", "1e3", "Nhập một số tổng thể."),
    ("deadline_year", "\x00", None),
    ("problem", "", "Hãy gắn cam kết với một bài toán"),
    ("problem", HUGE, NOT_OFFERED),
    ("problem", lambda c: c["problem"].pk, NOT_OFFERED),
    ("technology_group", lambda c: c["group"].pk, NOT_OFFERED),
    ("technology_group", "\x00", NUL),
    ("signatory_name", "", REQUIRED),
    ("signatory_name", "\x00", NUL),
]


@pytest.mark.parametrize(("field", "value", "message"), COMMITMENT_CASES)
def test_a_commitment_with_a_hostile_value_is_refused_and_nothing_is_written(
    rep_client, problem, elsewhere, field, value, message
):
    response = rep_client.post(
        "/showcase/enterprise/commitments/new/",
        commitment_post(problem, **{field: _value(value, elsewhere)}),
    )

    errors = errors_of(response)
    assert response.status_code == 200
    assert field in errors, errors
    if message:
        assert message in " ".join(errors[field])
    assert not Commitment.objects.exists()


@pytest.fixture
def approved_commitment(edition, problem, enterprise):
    commitment = commitment_submit(
        edition=edition,
        enterprise=enterprise,
        user=None,
        data={
            "task": "Nhiệm vụ",
            "target": "Chỉ tiêu",
            "deadline_year": 2027,
            "problem": problem,
            "signatory_name": "Người ký",
            "signatory_position": "Giám đốc",
        },
    )
    return commitment_decide(commitment=commitment, actor=None, approve=True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("status", "xong-het", NOT_OFFERED),
        ("status", "\x00", None),
        ("on", "31/12/9999", YEARS),
        ("on", "01/01/0001", YEARS),
        ("on", "9999-12-31", YEARS),
        ("on", "01/01/2024", "Ngày cập nhật từ 01/01/2025"),
        ("on", "29/02/2025", "Nhập một ngày hợp lệ."),
        ("on", HUGE, "Nhập một ngày hợp lệ."),
        ("note", "n" * 1001, "tối đa 1000"),
        ("note", "Ghi\x00chú", NUL),
    ],
)
def test_a_progress_update_with_a_hostile_value_is_not_recorded(
    rep_client, approved_commitment, field, value, message
):
    data = {"status": "on_track", "on": "30/12/2025", "note": "Đúng tiến độ", field: value}

    response = rep_client.post(
        f"/showcase/enterprise/commitments/{approved_commitment.pk}/progress/", data
    )

    errors = errors_of(response)
    assert response.status_code == 200
    assert field in errors, errors
    if message:
        assert message in " ".join(errors[field])
    assert not CommitmentUpdate.objects.exists()


@pytest.mark.parametrize("thing_id", ["999999", HUGE])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/showcase/enterprise/demos/{}/"),
        ("post", "/showcase/enterprise/demos/{}/"),
        ("post", "/showcase/enterprise/demos/{}/withdraw/"),
        ("get", "/showcase/enterprise/commitments/{}/"),
        ("post", "/showcase/enterprise/commitments/{}/progress/"),
        ("get", "/showcase/demos/{}/"),
        ("post", "/showcase/demos/{}/"),
        ("get", "/showcase/demos/{}/live/"),
        ("get", "/showcase/problems/{}/"),
    ],
)
def test_an_enterprise_or_public_address_that_names_nothing_is_not_found(
    rep_client, demo, thing_id, method, path
):
    assert getattr(rep_client, method)(path.format(thing_id)).status_code == 404


def test_another_enterprises_demo_is_not_found_and_not_changed(rep_client, edition, problem):
    theirs = make_demo(edition, problem, make_enterprise("Công ty Khác", "0101243150"))
    before = demo_state()

    edit = rep_client.post(f"/showcase/enterprise/demos/{theirs.pk}/", demo_post(problem))
    withdraw = rep_client.post(f"/showcase/enterprise/demos/{theirs.pk}/withdraw/")

    assert (edit.status_code, withdraw.status_code) == (404, 404)
    assert demo_state() == before


# --- Delegates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rating": "6"}, "rating"),
        ({"rating": "0"}, "rating"),
        ({"rating": HUGE}, "rating"),
        ({"rating": "\u0665"}, "rating"),  # an Arabic-Indic 5
        ({"rating": ""}, "rating"),
        ({"rating": "\x00"}, "rating"),
        ({"comment": "c" * 1001}, "comment"),
        ({"comment": "Tốt\x00"}, "comment"),
        ({"claim": "co-le"}, "claim"),
        ({"claim": ""}, "claim"),
        ({"claim": None}, "claim"),
    ],
)
def test_a_verification_with_a_hostile_value_is_not_recorded(client, demo, arrived, change, field):
    client.force_login(arrived[0])
    data = verify_post(demo, rating="4", comment="Tốt")
    first_claim = f"claim_{demo.claims.order_by('position').first().pk}"
    for key, value in change.items():
        if key == "claim":
            if value is None:
                data.pop(first_claim)
            else:
                data[first_claim] = value
        else:
            data[key] = value

    response = client.post(f"/showcase/demos/{demo.pk}/", data)

    errors = errors_of(response)
    assert response.status_code == 400
    assert (first_claim if field == "claim" else field) in errors, errors
    assert not Verification.objects.exists()


def test_forged_claim_ids_are_ignored_and_the_real_answers_kept(client, demo, arrived):
    client.force_login(arrived[0])
    data = verify_post(demo, rating="5") | {f"claim_{HUGE}": "yes", "claim_-1": "no"}

    response = client.post(f"/showcase/demos/{demo.pk}/", data)

    verification = Verification.objects.get()
    assert response.status_code == 302
    assert dict(verification.answers.values_list("claim_id", "answer")) == answers_for(demo)


def test_the_same_verification_posted_twice_is_one_verification(client, demo, arrived):
    client.force_login(arrived[0])
    data = verify_post(demo, rating="4", comment="Bay rất êm")

    first = client.post(f"/showcase/demos/{demo.pk}/", data, follow=True)
    again = client.post(f"/showcase/demos/{demo.pk}/", data, follow=True)

    assert "Cảm ơn bạn đã kiểm chứng sản phẩm." in first.content.decode()
    assert "Đã cập nhật kiểm chứng của bạn." in again.content.decode()
    assert Verification.objects.count() == 1


def test_a_delegate_not_through_the_door_records_nothing(client, demo, not_arrived):
    client.force_login(not_arrived[0])

    response = client.post(f"/showcase/demos/{demo.pk}/", verify_post(demo))

    assert response.status_code == 400
    assert "Bạn chưa check-in tại cửa." in response.content.decode()
    assert not Verification.objects.exists()


def test_an_anonymous_verification_is_sent_to_log_in(client, demo):
    response = client.post(f"/showcase/demos/{demo.pk}/", verify_post(demo))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Verification.objects.exists()


# --- Organisers ----------------------------------------------------------------------------


def problem_state():
    return sorted(Problem.objects.values_list("id", "number", "title", "technology_group_id"))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("number", "", REQUIRED),
        ("number", "0", "lớn hơn hoặc bằng với 1"),
        ("number", "100", "nhỏ hơn hoặc bằng với 99"),
        ("number", HUGE, "nhỏ hơn hoặc bằng với 99"),
        ("number", "-7", "lớn hơn hoặc bằng với 1"),
        ("number", "7", None),  # the fixture's problem has it
        ("number", "\u0667", None),
        ("title", "", REQUIRED),
        ("title", "\x00", NUL),
        ("title", "t" * 301, "tối đa 300"),
        ("description", "d" * 4001, "tối đa 4000"),
        ("technology_group", HUGE, NOT_OFFERED),
        ("technology_group", lambda c: c["group"].pk, NOT_OFFERED),
    ],
)
def test_a_problem_with_a_hostile_value_is_refused(
    organiser_client, problem, elsewhere, field, value, message
):
    before = problem_state()
    data = {"number": "8", "title": "Bài toán mới", field: _value(value, elsewhere)}

    response = organiser_client.post("/organiser/showcase/problems/new/", data)

    if field == "number" and value == "\u0667" and response.status_code == 302:
        # Python reads an Arabic-Indic 7 as 7: taken, or saved as 7 like any 7.
        pytest.fail("a problem was saved over the number 7 already taken")
    assert response.status_code == 400
    html = response.content.decode()
    if message:
        assert message in " ".join(errors_of(response)[field])
    assert "Đã có bài toán số 7." in html or errors_of(response)
    assert problem_state() == before


def demo_review_state(demo):
    demo.refresh_from_db()
    return (
        demo.status,
        demo.rejection_reason,
        demo.station,
        demo.stage_starts_at,
        demo.stage_ends_at,
        demo.stage_session_id,
        demo.product,
        list(demo.claims.values_list("text", flat=True)),
    )


@pytest.mark.parametrize(
    "data",
    [
        {"action": "reject", "reason": ""},
        {"action": "reject", "reason": "   "},
        {"action": "reject", "reason": "Lý\x00do"},
        {"action": "reject", "reason": "r" * 1001},
        {"action": "place", "station": "0"},
        {"action": "place", "station": "1000"},
        {"action": "place", "station": HUGE},
        {"action": "place", "station": "gian-7"},
        {"action": "place", "station": "7", "stage_session": HUGE},
        {"action": "place", "station": "7", "stage_session": "phien"},
        {"action": "place", "station": "7", "stage_starts_at": "31/12/9999 23:59",
         "stage_ends_at": "31/12/9999 23:59"},
        {"action": "place", "station": "7", "stage_starts_at": "01/01/0001 00:00",
         "stage_ends_at": "01/01/0001 00:30"},
        {"action": "place", "station": "7", "stage_starts_at": "9999-12-31T23:00:00+14:00",
         "stage_ends_at": "9999-12-31T23:59:00+14:00"},
        {"action": "place", "station": "7", "stage_starts_at": "0001-01-01T00:00:00-12:00",
         "stage_ends_at": "0001-01-01T01:00:00-12:00"},
        {"action": "place", "station": "7", "stage_starts_at": "30/12/2025 14:00"},
        {"action": "place", "station": "7", "stage_starts_at": "30/12/2025 15:00",
         "stage_ends_at": "30/12/2025 14:00"},
        {"action": "place", "station": "7", "stage_starts_at": "30/12/2025 22:00",
         "stage_ends_at": "30/12/2025 23:00"},
        {"action": "place", "station": "7", "stage_starts_at": "30/12/2025 14:00+14:00",
         "stage_ends_at": "30/12/2025 14:30+14:00"},
        {"action": "edit", "problem": HUGE, "product": "X", "demonstration": "Y",
         "claim_1": "Z"},
        {"action": "edit", "problem": "", "product": "\x00", "demonstration": "Y",
         "claim_1": "Z"},
        {"action": "duyet"},
        {"action": "\x00"},
        {},
    ],
)  # fmt: skip
def test_a_demo_review_with_a_hostile_value_changes_nothing(organiser_client, demo, data):
    before = demo_review_state(demo)

    response = organiser_client.post(f"/organiser/showcase/demos/{demo.pk}/", data)

    assert response.status_code == 400
    assert demo_review_state(demo) == before
    action = data.get("action")
    form = {"reject": "decision", "place": "placement", "edit": "edit"}.get(action)
    if form:
        assert response.context[form].errors


def test_a_station_already_given_is_refused_with_the_product_that_has_it(
    organiser_client, edition, problem, demo
):
    other = make_demo(
        edition, problem, make_enterprise("Công ty Khác", "0101243150"), product="Robot cứu hộ"
    )
    before = demo_review_state(other)

    response = organiser_client.post(
        f"/organiser/showcase/demos/{other.pk}/", {"action": "place", "station": "7"}
    )

    assert response.status_code == 400
    assert "Gian số 7 đã dành cho Drone giao hàng Bay Việt." in response.content.decode()
    assert demo_review_state(other) == before


@pytest.mark.parametrize("decision", ["", "xoa", "\x00", None])
def test_a_comment_decision_not_offered_is_refused(organiser_client, demo, arrived, decision):
    """Before, anything but "publish" hid the comment."""
    verification, _created = verification_record(
        demo_id=demo.pk, user=arrived[0], answers=answers_for(demo), rating=5, comment="Rất tốt"
    )
    data = {} if decision is None else {"decision": decision}

    response = organiser_client.post(f"/organiser/showcase/comments/{verification.pk}/", data)

    verification.refresh_from_db()
    assert response.status_code == 400
    assert verification.comment_status == Verification.CommentStatus.PENDING


@pytest.mark.parametrize("verification_id", ["999999", HUGE])
def test_a_decision_on_a_comment_that_does_not_exist_says_so(
    organiser_client, demo, verification_id
):
    response = organiser_client.post(
        f"/organiser/showcase/comments/{verification_id}/", {"decision": "publish"}, follow=True
    )

    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert "Không tìm thấy" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"commitment": HUGE, "action": "approve"}, 404),
        ({"commitment": "-1", "action": "approve"}, 404),
        ({"commitment": "9" * 5000, "action": "approve"}, 404),
        ({"commitment": "\x00", "action": "approve"}, 404),
        ({"commitment": "{pk}", "action": "duyet"}, 400),
        ({"commitment": "{pk}"}, 400),
        ({"commitment": "{pk}", "action": "reject", "reason": ""}, 200),
        ({"commitment": "{pk}", "action": "reject", "reason": "Lý\x00do"}, 200),
    ],
)
def test_a_commitment_decision_with_a_hostile_value_decides_nothing(
    organiser_client, edition, problem, enterprise, data, status
):
    """Before, any action but "approve" (none at all included) refused the commitment."""
    commitment = commitment_submit(
        edition=edition,
        enterprise=enterprise,
        user=None,
        data=commitment_post(problem) | {"deadline_year": 2027, "problem": problem},
    )
    data = {key: value.format(pk=commitment.pk) for key, value in data.items()}

    response = organiser_client.post("/organiser/showcase/commitments/", data)

    commitment.refresh_from_db()
    assert response.status_code == status
    assert commitment.status == Commitment.Status.SUBMITTED


@pytest.mark.parametrize(
    "path",
    [
        "/organiser/showcase/?status=%00&problem=%00",
        f"/organiser/showcase/?problem={HUGE}",
        "/organiser/showcase/?problem=" + "9" * 5000,
        "/organiser/showcase/?problem=%D9%A7&status=zzz",
        "/organiser/showcase/comments/?status=%00",
        "/organiser/showcase/commitments/?status=%00",
        "/showcase/commitments/?by=%00",
        "/showcase/commitments/?by=problem&by=enterprise",
    ],
)
def test_lists_ignore_filters_they_cannot_read(organiser_client, demo, path):
    assert organiser_client.get(path).status_code == 200


@pytest.mark.parametrize("thing_id", ["999999", HUGE])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "demos/{}/"),
        ("post", "demos/{}/"),
        ("get", "demos/{}/poster.pdf"),
        ("get", "problems/{}/"),
        ("post", "problems/{}/"),
        ("post", "problems/{}/delete/"),
    ],
)
def test_an_organiser_address_that_names_nothing_is_not_found(
    organiser_client, demo, thing_id, method, path
):
    response = getattr(organiser_client, method)("/organiser/showcase/" + path.format(thing_id))

    assert response.status_code == 404
