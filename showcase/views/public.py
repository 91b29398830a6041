"""Public pages: the showcase on a phone, the live board on the big screen, a problem, the
commitments.

The board's fragment, which every phone and the big screen poll, reads only the cached snapshot
(showcase.selectors.board) and nothing of the request's user or session: a poll costs the
database nothing, whatever the number of clients.
"""

import datetime as dt

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from forum.decorators import same_for_everyone
from registration.access import edition_or_404
from registration.services.badges.qr import qr_svg
from showcase.selectors import board as boards
from showcase.selectors.commitments import commitments_public, problem_commitments
from showcase.selectors.demos import problem_of
from showcase.views.access import board_fragment, fragment, fresh

INDEX_TEMPLATE = "showcase/showcase_index.html"
BOARD_TEMPLATE = "showcase/board_screen.html"


def _board_context(board) -> dict:
    # The board's clock: the stage's "now" moves with the intervals (tests set it).
    now = dt.datetime.fromtimestamp(boards.clock(), tz=dt.UTC)
    return {
        "board": board,
        "now": timezone.localtime(now),
        "on_stage": board.on_stage(now) if board else [],
        "up_next": board.up_next(now) if board else None,
        "poll_seconds": boards.POLL_SECONDS,
    }


def _board_page(request, template: str, url_name: str):
    board = boards.board_snapshot()
    context = _board_context(board)
    context["poll_url_name"] = url_name
    if template == BOARD_TEMPLATE:
        # The big screen's last tile: the showcase on the phones of the people in front of it.
        context["phone_qr"] = qr_svg(settings.SITE_URL + reverse("showcase:index"))
    if fragment(request):
        return board_fragment(
            request, board=board, partial=f"{BOARD_TEMPLATE}#board", context=context, key=url_name
        )
    if context["board"] is None:
        raise Http404
    return fresh(render(request, template, context))


@same_for_everyone(when=fragment)
@require_GET
def index(request):
    """The showcase on a phone: the problems and their demos with live results."""
    return _board_page(request, INDEX_TEMPLATE, "showcase:index")


@same_for_everyone(when=fragment)
@require_GET
def board(request):
    """The live board for the big screen (1920×1080), with a QR code that opens the showcase on
    the phones of the people in front of it."""
    return _board_page(request, BOARD_TEMPLATE, "showcase:board")


@require_GET
def problem(request, number: int):
    edition = edition_or_404()
    found = problem_of(edition=edition, number=number)
    if found is None:
        raise Http404
    board = boards.board_snapshot()
    tile = next((t for t in board.problems if t.number == number), None) if board else None
    return render(
        request,
        "showcase/problem_detail.html",
        {
            "problem": found,
            "demos": tile.demos if tile else [],
            "commitments": problem_commitments(problem=found),
        },
    )


@require_GET
def commitments(request):
    edition = edition_or_404()
    by = "problem" if request.GET.get("by") == "problem" else "enterprise"
    return render(
        request,
        "showcase/commitment_list.html",
        {"by": by, "groups": commitments_public(edition=edition, by=by)},
    )
