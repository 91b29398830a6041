from django.utils.functional import SimpleLazyObject

from forum.selectors import edition_current
from registration.selectors import user_roles


def forum(request):
    return {
        "edition": SimpleLazyObject(edition_current),
        "roles": SimpleLazyObject(lambda: user_roles(user=request.user)),
    }
