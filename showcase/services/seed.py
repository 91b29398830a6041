"""Demo showcase: 11 sample problems from the forum's themes (marked as samples), about 25
demos with stage slots in the afternoon, verifications by checked-in demo delegates, and
commitments of several enterprises. Each part is added once: re-running changes nothing."""

import datetime as dt
import json
import random
from pathlib import Path

from django.utils import timezone

from agenda.models import SessionKind
from checkin.selectors.dashboard import attendance_rows
from registration.models import User
from showcase.models import (
    ClaimAnswer,
    Commitment,
    CommitmentUpdate,
    Demo,
    Enterprise,
    Problem,
    Representative,
    TechnologyGroup,
    Verification,
)
from showcase.selectors.links import sessions_for_stage
from showcase.services.commitments import commitment_decide, commitment_submit
from showcase.services.demos import demo_decide, demo_submit
from showcase.services.placement import demo_place
from showcase.services.problems import problem_save

DATA = Path(__file__).resolve().parent.parent / "data" / "sample_showcase.json"
DEMO_ENTERPRISE_ACCOUNT = "enterprise@forum.test"
STAGE_PLACE = ("Sân khấu trình diễn", "Demo stage")


def _data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def tax_code_of(base: str) -> str:
    """A valid 10-digit tax code from 9 sample digits (the check digit computed)."""
    from stdnum.vn import mst

    return next(base + d for d in "0123456789" if mst.is_valid(base + d))


def _problems(edition, data: dict) -> dict[int, Problem]:
    groups = {}
    for position, (code, name, name_en) in enumerate(data["groups"], start=1):
        groups[code], _created = TechnologyGroup.objects.get_or_create(
            edition=edition,
            code=code,
            defaults={"name": name, "name_en": name_en, "position": position},
        )
    if not Problem.objects.filter(edition=edition).exists():
        for row in data["problems"]:
            number, title, title_en, sector, sector_en, agency, agency_en, group, text, text_en = (
                row
            )
            problem_save(
                edition=edition,
                data={
                    "number": number,
                    "title": title,
                    "title_en": title_en,
                    "sector": sector,
                    "sector_en": sector_en,
                    "agency": agency,
                    "agency_en": agency_en,
                    "technology_group": groups[group],
                    "description": text,
                    "description_en": text_en,
                    "is_sample": True,
                },
            )
    return {p.number: p for p in Problem.objects.filter(edition=edition)}


def _enterprises(data: dict) -> dict[str, Enterprise]:
    enterprises = {}
    for key, name, name_en, base in data["enterprises"]:
        enterprises[key], _created = Enterprise.objects.get_or_create(
            tax_code=tax_code_of(base), defaults={"name": name, "name_en": name_en}
        )
    account = User.objects.filter(email=DEMO_ENTERPRISE_ACCOUNT).first()
    if account is not None and not Representative.objects.filter(user=account).exists():
        Representative.objects.create(enterprise=enterprises["song-hong"], user=account)
    return enterprises


def _demos(edition, data: dict, problems, enterprises, organiser) -> int:
    if Demo.objects.filter(edition=edition).exists():
        return 0
    day = timezone.localtime(edition.starts_at).date()
    zone = timezone.get_current_timezone()
    live_sessions = [
        s for s in sessions_for_stage(edition=edition) if s.kind == SessionKind.LIVE_DEMO
    ]
    station = 0
    for row in data["demos"]:
        demo = demo_submit(
            edition=edition,
            enterprise=enterprises[row["enterprise"]],
            user=None,
            data={
                "problem": problems[row["problem"]],
                "product": row["product"],
                "product_en": row["product_en"],
                "demonstration": row["demonstration"],
                "demonstration_en": row["demonstration_en"],
            },
            claims=[tuple(claim) for claim in row["claims"]],
            evidence=[],
        )
        if row["status"] != "approved":
            continue
        demo_decide(demo=demo, actor=organiser, approve=True)
        station += 1
        starts_at = ends_at = session = None
        if row["stage"]:
            at, minutes = row["stage"]
            starts_at = dt.datetime.combine(day, dt.time.fromisoformat(at), tzinfo=zone)
            ends_at = starts_at + dt.timedelta(minutes=minutes)
            session = next(
                (s for s in live_sessions if s.starts_at <= starts_at and ends_at <= s.ends_at),
                None,
            )
            # Outside the programme's live demonstrations and the forum's hours (another
            # edition's day), the demo stays off the stage.
            if session is None and (starts_at < edition.starts_at or ends_at > edition.ends_at):
                starts_at = ends_at = None
        demo_place(
            demo=demo,
            station=station,
            stage_starts_at=starts_at,
            stage_ends_at=ends_at,
            stage_session=session,
            stage_place="" if session or not starts_at else STAGE_PLACE[0],
            stage_place_en="" if session or not starts_at else STAGE_PLACE[1],
        )
    return Demo.objects.filter(edition=edition).count()


def _verifications(edition, data: dict) -> int:
    """Checked-in demo delegates verify one to four demos each (bulk: demo data)."""
    if Verification.objects.filter(demo__edition=edition).exists():
        return 0
    arrived = list(
        attendance_rows(edition=edition)
        .filter(arrived_at__isnull=False)
        .values_list("pk", flat=True)
    )
    demos = list(
        Demo.objects.filter(edition=edition, status=Demo.Status.APPROVED).prefetch_related("claims")
    )
    if not arrived or not demos:
        return 0
    rng = random.Random(2025)
    verifications, answers = [], []
    for registration_id in arrived:
        for demo in rng.sample(demos, min(len(demos), rng.randint(1, 4))):
            comment = rng.choice(data["comments"]) if rng.random() < 0.25 else ""
            status = "none" if not comment else "published" if rng.random() < 0.7 else "pending"
            verification = Verification(
                demo=demo,
                registration_id=registration_id,
                rating=rng.choices([5, 4, 3, 2, 1], weights=[40, 35, 15, 7, 3])[0],
                comment=comment,
                comment_status=status,
            )
            verifications.append(verification)
            for claim in demo.claims.all():
                answer = rng.choices(["yes", "partly", "no"], weights=[70, 20, 10])[0]
                answers.append((verification, claim, answer))
    Verification.objects.bulk_create(verifications, batch_size=500)
    ClaimAnswer.objects.bulk_create(
        [ClaimAnswer(verification=v, claim=c, answer=a) for v, c, a in answers], batch_size=1000
    )
    return len(verifications)


def _commitments(edition, data: dict, problems, enterprises, organiser) -> int:
    if Commitment.objects.filter(edition=edition).exists():
        return 0
    groups = {g.code: g for g in TechnologyGroup.objects.filter(edition=edition)}
    first_day = timezone.localtime(edition.starts_at).date()
    today = timezone.localdate()
    for row in data["commitments"]:
        name, position = row["signatory"]
        commitment = commitment_submit(
            edition=edition,
            enterprise=enterprises[row["enterprise"]],
            user=None,
            data={
                "task": row["task"],
                "task_en": row["task_en"],
                "target": row["target"],
                "target_en": row["target_en"],
                "deadline_year": row["year"],
                "problem": problems.get(row["problem"]),
                "technology_group": groups.get(row["group"]),
                "signatory_name": name,
                "signatory_position": position,
            },
        )
        if row.get("status") == "submitted":
            continue
        commitment_decide(commitment=commitment, actor=organiser, approve=True)
        for status, days, note in row["updates"]:
            on = first_day + dt.timedelta(days=days)
            # Progress is never reported from the future: later updates wait for their day.
            if on <= today:
                CommitmentUpdate.objects.create(
                    commitment=commitment, status=status, note=note, on=on
                )
    return Commitment.objects.filter(edition=edition).count()


def demo_showcase_seed(*, edition, **options) -> list[str]:
    """seed_forum's part for the showcase: the lines it prints."""
    data = _data()
    organiser = User.objects.filter(email="organiser@forum.test").first()
    problems = _problems(edition, data)
    enterprises = _enterprises(data)
    demos = _demos(edition, data, problems, enterprises, organiser)
    verifications = _verifications(edition, data)
    commitments = _commitments(edition, data, problems, enterprises, organiser)
    lines = []
    if demos:
        lines.append(f"Demo showcase: {len(problems)} sample problems, {demos} demos")
    if verifications:
        lines.append(f"Demo verifications: {verifications} by checked-in delegates")
    if commitments:
        lines.append(f"Demo commitments: {commitments}")
    return lines
