"""Awards data for the cross-app accessibility run: one page of every kind has something to show
(a draft and a screened nomination, a judge with one sheet to fill and one submitted, finalists,
a decision, published results)."""

from awards.models import RoundEntry
from awards.services.advancing import decisions_save
from awards.services.assignment import assignment_add
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


def awards_pages_demo(edition, *, enterprise) -> dict:
    setup = award_setup(edition)
    setup.scoring.scores_visible = "after_submit"
    setup.scoring.save()
    panel = panel_of(setup.scoring, setup.industry)
    judge = judge_make(setup, "gk@vnu.edu.vn", panels=[panel, panel_of(setup.final, None)])
    peer = judge_make(setup, "gk2@ptit.edu.vn", panels=[panel])
    draft = nomination_make(setup, owner=enterprise, submit=False, product_name="Bản nháp")
    pending = nomination_make(setup, owner=enterprise, product_name="Chờ sàng lọc")
    todo = nomination_make(setup, eligible=True, product_name="Cần chấm", tax_code=TAX_CODES[1])
    done = nomination_make(setup, eligible=True, product_name="Đã chấm", tax_code=TAX_CODES[2])
    entries = [entry_of(setup.scoring, todo), entry_of(setup.scoring, done)]
    for entry in entries:
        for member in (judge, peer):
            assignment_add(
                round_id=setup.scoring.pk, entry_id=entry.pk, judge_id=member.pk, actor=None
            )
    novelty, market, _abroad = setup.criteria
    score(peer, entries[1], {novelty: 7, market: 15})
    score(judge, entries[1], {novelty: 8, market: 16})
    RoundEntry.objects.create(round=setup.final, nomination=done, source="shortlist")
    decisions_save(round_id=setup.final.pk, tiers={done.pk: "gold"}, actor=None)
    results_publish(award_id=setup.award.pk, actor=None)
    return {
        "judge": judge.user,
        "ids": {
            "award_draft": draft.pk,
            "award_pending": pending.pk,
            "award_result": done.pk,
            "award_todo": entries[0].pk,
            "award_done": entries[1].pk,
            "award_scoring": setup.scoring.pk,
            "award_final": setup.final.pk,
        },
    }
