"""The one way to reach an issued bulletin on behalf of a user: municipal users see them all, others none (404).

A bulletin carries every indicator, so a department viewer, who sees only its own measures (``actions.scoping``),
reads none either.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from actions.scoping import sees_every_measure

from .models import IssuedBulletin


def issued_bulletins_for_user(user):
    """The issued bulletins ``user`` may read: those of the whole city, for people who see every unit."""
    bulletins = IssuedBulletin.objects.select_related("plan", "issued_by")
    if user.is_authenticated and user.has_perm("reports.view_all_returns") and sees_every_measure(user):
        return bulletins
    return bulletins.none()


def get_issued_bulletin_for_user(user, pk) -> IssuedBulletin:
    """An issued bulletin ``user`` may read, or 404 without telling whether it exists."""
    try:
        return issued_bulletins_for_user(user).get(pk=pk)
    except (IssuedBulletin.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such bulletin.")) from None
