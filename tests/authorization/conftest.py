"""The world the authorization matrix asks about: one person per role, and real objects of every
kind each URL takes, owned by someone (delegate B's registration, enterprise A's nomination and
demo, an entry a judge is conflicted with…). Built once per module inside a transaction that is
rolled back at the end; each test (pytest-django's `django_db`) runs in a savepoint of its own, so
a request that writes leaves nothing behind for the next."""

import io
import logging
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings

from tests.authorization import expectations as table


@dataclass
class World:
    objects: dict = field(default_factory=dict)  # name → the value a URL parameter takes
    sessions: dict = field(default_factory=dict)  # role → session key
    device_token: str = ""
    clients: dict = field(default_factory=dict)  # role → its test client, reused
    paths: dict = field(default_factory=dict)  # (URLconf, URL) → the path asked for


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (600, 600), (11, 61, 145)).save(out, "JPEG")
    return out.getvalue()


def _people() -> dict:
    from registration import roles
    from registration.services.accounts import totp_ensure
    from tests.factories import UserFactory, user_with_roles

    people = {
        table.DELEGATE: UserFactory(email="an.nguyen@example.vn", full_name="Nguyễn Văn An"),
        table.OTHER_DELEGATE: UserFactory(email="binh.le@example.vn", full_name="Lê Thị Bình"),
        table.ENTERPRISE: user_with_roles(roles.ENTERPRISE, email="huy@bayviet.vn"),
        table.OTHER_ENTERPRISE: user_with_roles(roles.ENTERPRISE, email="lan@saobac.vn"),
        table.DOOR_STAFF: user_with_roles(roles.DOOR_STAFF, email="cua@forum.test"),
        # An organiser account whose authenticator app was never set up.
        table.STAFF_WITHOUT_2FA: user_with_roles(
            roles.ORGANISER, email="btc-moi@forum.test", is_staff=True
        ),
        table.ORGANISER: user_with_roles(roles.ORGANISER, email="btc@forum.test", is_staff=True),
    }
    for role in (table.DOOR_STAFF, table.ORGANISER):
        totp_ensure(user=people[role])
    for user in people.values():
        _verified(user)
    return people


def _verified(user):
    """The account's email address as allauth keeps it once verified."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def _registration(world, edition, people, gate, device):
    from django.contrib.contenttypes.models import ContentType

    from checkin.services.scans import checkin_perform
    from registration.badge_codes import payload_of
    from registration.models import AuditLog, InvitationBatch
    from registration.services.badge_codes import badge_code_issue
    from tests.factories import RegistrationFactory

    own = RegistrationFactory(
        edition=edition, user=people[table.DELEGATE], status="approved", full_name="Nguyễn Văn An"
    )
    other = RegistrationFactory(
        edition=edition,
        user=people[table.OTHER_DELEGATE],
        status="approved",
        full_name="Lê Thị Bình",
        organisation="Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
    )
    code = badge_code_issue(registration=own)
    badge_code_issue(registration=other)
    # Delegate A is through the door (so may verify demos); delegate B is not.
    outcome = checkin_perform(
        edition_id=edition.pk,
        raw_code=payload_of(code.token),
        nonce="matrix-1",
        source_key=f"d{device.pk}",
        device=device,
        gate=gate,
    )
    assert outcome.result == "ok"
    world.objects["other_registration"] = other.pk
    # A row of every model the admin lists, so that each admin page asks about a real one.
    InvitationBatch.objects.create(edition=edition, label="Khách mời của Bộ")
    AuditLog.objects.create(action="approved", registration=other, detail={})
    world.objects["registration_content_type"] = ContentType.objects.get_for_model(other).pk
    world.objects["purpose"] = "press_photos"


def _mail(world):
    from mail.models import OutgoingEmail

    email = OutgoingEmail.objects.create(
        recipient="binh.le@example.vn",
        kind="approved",
        object_key="registration:matrix",
        subject="Đăng ký đã được duyệt",
        body_text="Xin chào",
        status=OutgoingEmail.Status.FAILED,
        tries=6,
        last_error="SMTPRecipientsRefused",
    )
    world.objects["failed_email"] = email.pk


def _agenda(world, edition, people, gate):
    from agenda.models import PersonalAgenda
    from agenda.selectors.drafts import photo_token
    from agenda.services import editing, personal
    from agenda.services import speakers as speaker_service
    from tests.agenda import helpers

    hall = helpers.room(edition, "Hội trường chính", 1500, 0, "Main hall")
    small = editing.room_save(
        edition=edition,
        data={"name": "Phòng chuyên đề 1", "name_en": "Thematic room 1", "capacity": 120},
        gate_ids=[gate.pk],
    )
    plenary = helpers.track(edition)
    expert = speaker_service.speaker_save(
        edition=edition,
        data={"full_name": "Vũ Thị Lan", "honorific": "PGS. TS.", "position": "Viện trưởng"},
        photo=SimpleUploadedFile("lan.jpg", _jpeg(), content_type="image/jpeg"),
    )
    helpers.session(edition, "Phát biểu khai mạc", "13:30", "13:50", kind="keynote", room=hall)
    panel = helpers.session(
        edition,
        "Chuyên đề: Trí tuệ nhân tạo",
        "14:00",
        "15:00",
        kind="panel",
        room=small,
        track=plenary,
        speakers=[expert],
        seat_limit=100,
    )
    helpers.publish(edition)
    personal.session_save(edition=edition, user=people[table.DELEGATE], session_id=panel.pk)
    agenda = PersonalAgenda.objects.get(edition=edition, user=people[table.DELEGATE])
    world.objects.update(
        session_code=panel.code,
        session=panel.pk,
        room=small.pk,
        track=plenary.pk,
        speaker=expert.pk,
        speaker_slug=expert.slug,
        photo_size=160,
        photo_token=photo_token(expert),
        personal_feed_token=agenda.feed_token,
        unknown_feed_token="khong-phai-dia-chi-bi-mat",
    )


def _showcase(world, edition, people):
    from showcase.models import TechnologyGroup, Verification
    from showcase.services.commitments import commitment_submit
    from showcase.services.verifications import verification_record
    from tests.showcase.conftest import make_demo, make_enterprise, make_problem

    problem = make_problem(edition)
    TechnologyGroup.objects.create(edition=edition, code="ai", name="Trí tuệ nhân tạo")
    own = make_enterprise(user=people[table.ENTERPRISE])
    other = make_enterprise(
        name="Công ty Cổ phần Sao Bắc", tax_code="0101243150", user=people[table.OTHER_ENTERPRISE]
    )
    demo = make_demo(edition, problem, own, station=7)
    pending = make_demo(edition, problem, other, product="Bản đồ số Sao Bắc", approve=False)
    commitment = commitment_submit(
        edition=edition,
        enterprise=own,
        user=people[table.ENTERPRISE],
        data={
            "task": "Mạng giao hàng bằng drone tại 10 tỉnh miền núi",
            "target": "10 tỉnh",
            "deadline_year": 2027,
            "problem": problem,
            "technology_group": None,
            "signatory_name": "Lê Hoàng Nam",
            "signatory_position": "Tổng Giám đốc",
        },
    )
    verification, _created = verification_record(
        demo_id=demo.pk,
        user=people[table.DELEGATE],
        answers={claim.pk: "yes" for claim in demo.claims.all()},
        rating=5,
        comment="Bay ổn định, hạ cánh đúng chỗ.",
    )
    assert verification.comment_status == Verification.CommentStatus.PENDING
    world.objects.update(
        problem=problem.pk,
        problem_number=problem.number,
        demo=demo.pk,
        pending_demo=pending.pk,
        commitment=commitment.pk,
        verification=verification.pk,
    )


def _awards(world, edition, people):
    from awards.models import RoundEntry, ScoreSheet
    from awards.services.advancing import decisions_save
    from awards.services.assignment import assignment_add
    from awards.services.conflicts import conflict_declare
    from awards.services.results import results_publish
    from tests.awards.helpers import (
        TAX_CODES,
        award_setup,
        entry_of,
        judge_make,
        nomination_make,
        panel_of,
        score,
    )

    setup = award_setup(edition)
    panel = panel_of(setup.scoring, setup.industry)
    judge = judge_make(setup, "gk@vnu.edu.vn", panels=[panel], name="Lê Minh Tuấn")
    conflicted = judge_make(setup, "gk@ptit.edu.vn", panels=[panel], name="Trần Thị Hai")
    people[table.JUDGE], people[table.CONFLICTED_JUDGE] = judge.user, conflicted.user
    _verified(judge.user)
    _verified(conflicted.user)

    own = nomination_make(setup, owner=people[table.ENTERPRISE], eligible=True)
    draft = nomination_make(
        setup, owner=people[table.ENTERPRISE], submit=False, product_name="Bản nháp"
    )
    other = nomination_make(
        setup,
        owner=people[table.OTHER_ENTERPRISE],
        eligible=True,
        tax_code=TAX_CODES[1],
        company_name="Công ty Cổ phần Sao Bắc",
        product_name="Bản đồ số Sao Bắc",
    )
    own_entry, other_entry = entry_of(setup.scoring, own), entry_of(setup.scoring, other)
    assignments = {}
    for member, entry in ((judge, own_entry), (conflicted, own_entry), (conflicted, other_entry)):
        assignments[member, entry] = assignment_add(
            round_id=setup.scoring.pk, entry_id=entry.pk, judge_id=member.pk, actor=None
        )
    # The conflicted judge was assigned enterprise A's entry, then declared a conflict with it.
    conflict_declare(
        judge=conflicted, nomination=own, reason="Từng làm cố vấn cho công ty", actor=None
    )
    novelty, market, _abroad = setup.criteria
    score(judge, own_entry, {novelty: 8, market: 16})
    sheet = ScoreSheet.objects.get(judge=judge, entry=own_entry)
    # Enterprise B's product won: its public result and certificate.
    RoundEntry.objects.create(round=setup.final, nomination=other, source="shortlist")
    decisions_save(round_id=setup.final.pk, tiers={other.pk: "gold"}, actor=None)
    results_publish(award_id=setup.award.pk, actor=None)
    world.objects.update(
        nomination=own.pk,
        draft_nomination=draft.pk,
        other_nomination=other.pk,
        winner=other.pk,
        attachment=own.attachments.get().pk,
        other_attachment=other.attachments.get().pk,
        entry=own_entry.pk,
        other_entry=other_entry.pk,
        category=setup.industry.pk,
        round=setup.scoring.pk,
        criterion=novelty.pk,
        judge=judge.pk,
        assignment=assignments[judge, own_entry].pk,
        sheet=sheet.pk,
    )
    return setup.award


def _jobs(world, edition, award, people):
    """The organiser's long jobs, run here and now: a print file, posters, certificates, and an
    import waiting for confirmation."""
    from awards.services.certificates import certificates_start
    from forum import jobs
    from registration.services.badges.print_files import badges_print_start
    from registration.services.importing.creating import import_check
    from showcase.services.posters import posters_print_start

    organiser = people[table.ORGANISER]
    finished = {}
    for name, job in (
        ("badge_job", badges_print_start(edition=edition, owner=organiser)),
        ("poster_job", posters_print_start(edition=edition, owner=organiser)),
        ("certificate_job", certificates_start(award=award, owner=organiser)),
    ):
        finished[name] = jobs.job_run(job_id=job.pk)
        assert finished[name].status == "done", finished[name].error
        world.objects[name] = job.pk
    header = "Họ và tên,Danh xưng,Chức vụ,Đơn vị,Loại đại biểu,Email,Điện thoại,Tỉnh/thành\n"
    row = "Trần Văn Khách,Ông,Giám đốc,Công ty ABC,enterprise,khach@abc.vn,0912345678,Hà Nội\n"
    draft = import_check(
        edition=edition,
        owner=organiser,
        file_name="danh-sach.csv",
        data=(header + row).encode(),
    )
    world.objects["import_job"] = draft.pk


def build_world() -> World:
    from django.conf import settings

    from checkin.services import devices
    from tests.factories import EditionFactory

    world = World()
    edition = EditionFactory(slug="2025", short_name="Make in Viet Nam 2025")
    gate = devices.gate_create(edition=edition, code="a", name="Cổng A")
    device, world.device_token = devices.device_create_paired(gate=gate, name="Máy cổng A")
    world.objects.update(
        device=device.pk,
        icon_size=192,
        admin_app="registration",
        admin_unknown_page="no-such-page/",
        reset_uid="1",
        reset_key="not-a-key",
    )
    people = _people()
    with _eager():
        _registration(world, edition, people, gate, device)
        _mail(world)
        _agenda(world, edition, people, gate)
        _showcase(world, edition, people)
        award = _awards(world, edition, people)
        _jobs(world, edition, award, people)
    for role, user in people.items():
        client = Client()
        client.force_login(user)
        world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return world


class _eager:
    """Celery tasks run inline while the world is built (as the suite's tests run them)."""

    def __enter__(self):
        from forum.celery import app

        self.previous = app.conf.task_always_eager, app.conf.task_eager_propagates
        app.conf.task_always_eager = app.conf.task_eager_propagates = True

    def __exit__(self, *exc):
        from forum.celery import app

        app.conf.task_always_eager, app.conf.task_eager_propagates = self.previous


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module; nothing of it outlives the module."""
    # Thousands of refusals are the point here: Django's log line (and traceback) for each is not.
    log = logging.getLogger("django.request")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        with (
            override_settings(
                MEDIA_ROOT=tmp_path_factory.mktemp("private"),
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            ),
            django_db_blocker.unblock(),
            transaction.atomic(),
        ):
            built = build_world()
            yield built
            transaction.set_rollback(True)
    finally:
        log.setLevel(level)
