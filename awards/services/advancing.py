"""From one round to the next: the top K of a category go on (the shortlist), and in the final
round the jury's decision gives each entry a tier or no award."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Category, Nomination, Round, RoundEntry, ScoreSheet
from awards.selectors.ranking import round_ranking
from awards.selectors.setup import round_next
from awards.services.assignment import lock_round
from awards.services.common import award_log
from forum.errors import ServiceError
from forum.fields import database_id


def shortlist(*, round_id: int, category_id: int, size: int, actor) -> dict:
    """Put the top `size` entries of a category (the round's ranking and tie-break) into the
    next round, in place of an earlier shortlist of that category; an entry already scored
    there stays. Returns {"added": n, "removed": n, "kept": [nominations]}."""
    if not 1 <= size <= 500:
        raise ServiceError(_("Số hồ sơ vào vòng sau phải từ 1 đến 500."), code="size")
    with transaction.atomic():
        round = lock_round(round_id)
        following = round_next(round=round)
        if following is None or not following.is_scored:
            raise ServiceError(_("Không có vòng chấm tiếp theo."), code="no_next_round")
        lock_round(following.pk)
        category = Category.objects.filter(award_id=round.award_id, pk=category_id).first()
        if category is None:
            raise ServiceError(_("Không tìm thấy hạng mục."), code="not_found")
        rows = next(
            (g["rows"] for g in round_ranking(round=round)["categories"]
             if g["category"].pk == category.pk),
            [],
        )  # fmt: skip
        chosen = [
            row["nomination"].pk
            for row in rows
            if row["result"].rank is not None and row["result"].rank <= size
        ]
        if not chosen:
            raise ServiceError(_("Hạng mục chưa có hồ sơ nào được chấm."), code="nothing_scored")
        current = {
            entry.nomination_id: entry
            for entry in RoundEntry.objects.filter(
                round=following, nomination__category=category
            ).select_related("nomination")
        }
        scored = set(
            ScoreSheet.objects.filter(entry__in=current.values()).values_list(
                "entry__nomination_id", flat=True
            )
        )
        removed, kept = 0, []
        for nomination_id, entry in current.items():
            if nomination_id in chosen:
                continue
            if nomination_id in scored:
                kept.append(entry.nomination)
            else:
                entry.delete()
                removed += 1
        added = [
            RoundEntry(round=following, nomination_id=nomination_id,
                       source=RoundEntry.Source.SHORTLIST)
            for nomination_id in chosen
            if nomination_id not in current
        ]  # fmt: skip
        RoundEntry.objects.bulk_create(added)
        award_log(
            round.award, actor, "shortlisted", round=round.pk, category=category.pk,
            size=size, nominations=chosen,
        )  # fmt: skip
    return {"added": len(added), "removed": removed, "kept": kept}


def decisions_save(*, round_id: int, tiers: dict[int | str, str], actor) -> int:
    """The jury's decisions in the final round: a tier, "none" (no award) or "" (undecided)
    per nomination of the round, by nomination id (a number, or its text as posted). Returns
    how many changed."""
    allowed = {"", *Nomination.Tier.values}
    if any(tier not in allowed for tier in tiers.values()):
        raise ServiceError(_("Mức giải không hợp lệ."), code="tier")
    ids = {key: database_id(key, Nomination) for key in tiers}
    if None in ids.values():
        raise ServiceError(_("Có hồ sơ không thuộc vòng chung khảo."), code="not_in_round")
    tiers = {ids[key]: tier for key, tier in tiers.items()}
    with transaction.atomic():
        round = lock_round(round_id)
        if round.kind != Round.Kind.FINAL:
            raise ServiceError(_("Quyết định trao giải chỉ ở vòng chung khảo."), code="not_final")
        nominations = Nomination.objects.select_for_update(of=("self",)).filter(
            entries__round=round, pk__in=list(tiers)
        )
        found = {nomination.pk: nomination for nomination in nominations}
        if set(tiers) - set(found):
            raise ServiceError(_("Có hồ sơ không thuộc vòng chung khảo."), code="not_in_round")
        changed = 0
        now = timezone.now()
        for nomination_id, tier in sorted(tiers.items()):
            nomination = found[nomination_id]
            if nomination.tier == tier:
                continue
            award_log(
                round.award, actor, "decided", nomination=nomination,
                old=nomination.tier, new=tier,
            )  # fmt: skip
            nomination.tier = tier
            nomination.decided_at = now if tier else None
            nomination.decided_by = actor if tier and getattr(actor, "pk", None) else None
            nomination.save(update_fields=["tier", "decided_at", "decided_by", "updated_at"])
            changed += 1
    return changed
