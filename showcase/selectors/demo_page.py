"""Everything a demo's page shows besides the demo itself, for the person looking at it."""

from showcase.selectors import board as boards
from showcase.selectors.demos import verification_own
from showcase.selectors.eligibility import verification_eligibility
from showcase.selectors.links import award_result_of
from showcase.selectors.results import demo_result_of


def demo_results_live(*, demo_id: int):
    """From the board's snapshot when the demo is on it (no query), else read now."""
    board = boards.board_snapshot()
    result = board.demos.get(demo_id) if board else None
    return result or demo_result_of(demo_id=demo_id)


def demo_page(*, demo, user) -> dict:
    """Who the visitor is to this demo (may they verify, their own verification), the live
    results once the demo is public, and its award once the results are published."""
    eligibility = verification_eligibility(user=user, edition=demo.edition)
    public = demo.status == demo.Status.APPROVED
    return {
        "eligibility": eligibility,
        "own": verification_own(demo=demo, registration=eligibility.registration),
        "results": demo_results_live(demo_id=demo.pk) if public else None,
        "award": award_result_of(demo=demo) if public else None,
    }
