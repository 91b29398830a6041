"""What a demo may link to in the other apps: a session of the programme (agenda) and the
enterprise's nomination for the awards."""

from agenda.models import Session, SessionKind
from awards.models import Nomination
from awards.selectors.results import result_public
from showcase.checks import tax_code_display


def sessions_for_stage(*, edition):
    """The edition's sessions a demo can appear in, live demonstrations first, by time."""
    sessions = Session.objects.filter(edition=edition, is_cancelled=False).select_related("room")
    return sorted(sessions, key=lambda s: (s.kind != SessionKind.LIVE_DEMO, s.starts_at, s.pk))


def session_of_edition(*, edition_id: int, session_id) -> Session | None:
    try:
        session_id = int(session_id)
    except (TypeError, ValueError):
        return None
    return (
        Session.objects.filter(edition_id=edition_id, pk=session_id, is_cancelled=False)
        .select_related("room")
        .first()
    )


def nominations_of_enterprise(*, enterprise, edition):
    """The enterprise's submitted nominations of the edition's awards (matched by tax code)."""
    if enterprise is None:
        return Nomination.objects.none()
    return Nomination.objects.filter(
        award__edition=edition,
        tax_code=tax_code_display(enterprise.tax_code),
        status=Nomination.Status.SUBMITTED,
    ).order_by("product_name", "pk")


def nomination_of_enterprise(*, enterprise, edition, nomination_id) -> Nomination | None:
    try:
        nomination_id = int(nomination_id)
    except (TypeError, ValueError):
        return None
    return (
        nominations_of_enterprise(enterprise=enterprise, edition=edition)
        .filter(pk=nomination_id)
        .first()
    )


def award_result_of(*, demo) -> Nomination | None:
    """The demo's nomination once it is an award published (nothing before the results are)."""
    if demo.nomination_id is None:
        return None
    nomination = demo.nomination
    return result_public(award=nomination.award, nomination_id=nomination.pk)
