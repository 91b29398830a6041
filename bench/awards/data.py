"""The awards benchmark's data: a scored round of the awards' real size, written in bulk."""

import datetime as dt
import secrets
from decimal import Decimal

CATEGORIES = 8


def prepare(*, entries: int, judges: int, criteria: int) -> tuple[int, str]:
    """Migrate, build the scored round in bulk; (round id, organiser's session key)."""
    import random
    from zoneinfo import ZoneInfo

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone

    from awards.models import Criterion, Judge, Nomination, RoundEntry, Score, ScoreSheet
    from awards.services.setup import award_ensure, category_save
    from forum.models import Edition
    from registration import roles
    from registration.services.accounts import account_ensure, totp_ensure

    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    call_command("migrate", verbosity=0, interactive=False)
    edition = Edition.objects.create(
        slug="2025",
        name="Diễn đàn quốc gia về phát triển doanh nghiệp công nghệ số Việt Nam 2025",
        starts_at=dt.datetime(2025, 12, 30, 13, 30, tzinfo=vn),
        ends_at=dt.datetime(2025, 12, 30, 17, 30, tzinfo=vn),
        venue="Trung tâm Hội nghị Quốc gia",
        is_current=True,
    )
    award = award_ensure(edition=edition)
    categories = [
        category_save(
            award=award,
            data={"code": f"hang-muc-{n}", "name": f"Sản phẩm số xuất sắc lĩnh vực {n}"},
            actor=None,
        )
        for n in range(CATEGORIES)
    ]
    scoring = award.rounds.get(kind="scoring")
    rubric = Criterion.objects.bulk_create(
        Criterion(
            round=scoring,
            name=f"Tiêu chí {n + 1}",
            weight=Decimal(1 + n % 3),
            max_score=10,
            independent=n == criteria - 1,
            required=n != criteria - 1,
            position=n,
        )
        for n in range(criteria)
    )
    people = []
    for n in range(judges):
        user, _created = account_ensure(
            email=f"giamkhao{n}@bench.test", password="-", full_name=f"Giám khảo {n}"
        )
        people.append(Judge(award=award, user=user, full_name=user.full_name))
    people = Judge.objects.bulk_create(people)
    nominations = Nomination.objects.bulk_create(
        Nomination(
            award=award,
            category=categories[n % CATEGORIES],
            company_name=f"Công ty Cổ phần Công nghệ số {n}",
            company_key=f"cong ty co phan cong nghe so {n}",
            product_name=f"Nền tảng số {n:03d}",
            product_key=f"nen tang so {n:03d}",
            status="submitted",
            submitted_at=timezone.now() - dt.timedelta(minutes=n),
            eligibility="eligible",
        )
        for n in range(entries)
    )
    round_entries = RoundEntry.objects.bulk_create(
        RoundEntry(round=scoring, nomination=n, source="screening") for n in nominations
    )
    now = timezone.now()
    sheets = ScoreSheet.objects.bulk_create(
        (
            ScoreSheet(entry=e, judge=j, status="submitted", submitted_at=now)
            for e in round_entries
            for j in people
        ),
        batch_size=2000,
    )
    rng = random.Random(2025)
    Score.objects.bulk_create(
        (
            Score(
                sheet=s,
                judge_id=s.judge_id,
                nomination_id=s.entry.nomination_id,
                criterion=c,
                value=Decimal(rng.randint(0, 100)) / 10,
            )
            for s in sheets
            for c in rubric
        ),
        batch_size=5000,
    )
    organiser, _created = account_ensure(
        email="btc@bench.test", password="-", roles=(roles.ORGANISER,), is_staff=True
    )
    totp_ensure(user=organiser)
    # Statistics as autovacuum would leave them on a live database after such a load.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # A signed-in session written straight to the session table: what a login leaves there.
    session = Session.objects.create(
        session_key=secrets.token_hex(16),
        session_data=SessionStore().encode(
            {
                SESSION_KEY: str(organiser.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: organiser.get_session_auth_hash(),
            }
        ),
        expire_date=now + dt.timedelta(days=1),
    )
    return scoring.pk, session.session_key
