"""Markers views carry for the middlewares."""

from collections.abc import Callable


def same_for_everyone(when: Callable | None = None):
    """Marks a view whose answer does not depend on who asks (a public fragment that thousands
    of phones poll): the middlewares that would look up the signed-in person (two-factor, the
    no-store header) leave it alone, so a poll costs no session or account query. `when(request)`
    narrows it to some requests (the fragment alone, not the page around it)."""

    def mark(view):
        view.same_for_everyone = when or (lambda request: True)
        return view

    return mark


def answer_is_same_for_everyone(request) -> bool:
    """Whether the view resolved for `request` says its answer is the same for everyone."""
    match = getattr(request, "resolver_match", None)
    predicate = getattr(match.func, "same_for_everyone", None) if match else None
    return bool(predicate and predicate(request))
