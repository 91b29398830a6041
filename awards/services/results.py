"""Publishing the results: the public page shows them, and each decided enterprise is told its
outcome by email (once, whatever the number of publications)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Award, Nomination
from awards.selectors.results import AWARDED
from awards.services.common import award_log
from awards.services.notifications import nomination_notify
from forum.errors import ServiceError


def results_publish(*, award_id: int, actor) -> int:
    """Publish; returns how many outcome emails were queued."""
    with transaction.atomic():
        award = Award.objects.select_for_update().get(pk=award_id)
        if not Nomination.objects.filter(award=award, tier__in=AWARDED).exists():
            raise ServiceError(
                _("Chưa có hồ sơ nào được trao giải: chưa công bố được."),
                code="nothing_to_publish",
            )
        if award.results_published_at is None:
            award.results_published_at = timezone.now()
            award.save(update_fields=["results_published_at", "updated_at"])
            award_log(award, actor, "published")
        decided = (
            Nomination.objects.filter(award=award)
            .exclude(tier="")
            .select_related("award__edition", "category", "owner")
        )
        for nomination in decided:
            nomination_notify(nomination=nomination, kind="result")
    return len(decided)


def results_unpublish(*, award_id: int, actor) -> None:
    with transaction.atomic():
        award = Award.objects.select_for_update().get(pk=award_id)
        if award.results_published_at is not None:
            award.results_published_at = None
            award.save(update_fields=["results_published_at", "updated_at"])
            award_log(award, actor, "unpublished")
