"""The bell in the header: the unread count, read lazily so that a page which does not show it pays nothing."""

from django.utils.functional import cached_property

from .selectors import unread_count


class Bell:
    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self) -> int:
        return unread_count(self.user)


def bell(request):
    """``bell`` for logged-in people only: anonymous pages run no query for it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"bell": Bell(user)}
