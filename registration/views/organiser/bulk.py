"""Decisions on the selected delegates (approve, promote, waiting list, reject, resend): a job
that the organiser follows, then back to the list with what happened."""

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from forum.errors import ServiceError
from registration.access import edition_or_404, organiser_required
from registration.services import bulk
from registration.views.organiser.listing import filter_query, filters_from


def _back_url(post: QueryDict) -> str:
    """The list as the organiser left it: filters and page."""
    _form, filters = filters_from(QueryDict(post.get("return_query", "")))
    query = QueryDict(filter_query(filters), mutable=True)
    page = post.get("return_page", "")
    if page.isascii() and page.isdigit() and page != "1":
        query["page"] = page[:6]
    return reverse("registration:delegate_list") + ("?" + query.urlencode() if query else "")


def _selected_ids(values: list[str]) -> tuple[list[int], int]:
    ids, invalid = [], 0
    for value in values[: bulk.MAX_BULK]:
        value = value.strip()
        if value.isascii() and value.isdigit() and len(value) < 19:
            ids.append(int(value))
        else:
            invalid += 1
    return ids, invalid


@organiser_required
@require_POST
def delegate_bulk(request):
    edition = edition_or_404()
    back = _back_url(request.POST)
    ids, invalid = _selected_ids(request.POST.getlist("ids"))
    try:
        job = bulk.delegates_bulk_start(
            edition=edition,
            owner=request.user,
            action=request.POST.get("action", ""),
            ids=ids,
            invalid=invalid,
            reason=request.POST.get("reason", ""),
            back=back,
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    return redirect("forum:job_detail", job_id=job.pk)
