"""The one way to reach a bulletin on behalf of a user: municipal users see them all, others none (404).

A bulletin carries every indicator, so a department viewer, who sees only its own measures (``actions.scoping``),
reads none either. Drafts are seen by the same people as issued bulletins: the coordinators who draft them, the
checkers and signers who take them further, the admins.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from actions.scoping import sees_every_measure

from .models import IssuedBulletin


def bulletins_for_user(user):
    """Every bulletin ``user`` may read, at any stage of its chain."""
    bulletins = IssuedBulletin.objects.select_related("plan", "issued_by", "drafted_by")
    if user.is_authenticated and user.has_perm("reports.view_all_returns") and sees_every_measure(user):
        return bulletins
    return bulletins.none()


def issued_bulletins_for_user(user):
    """The bulletins that went out (印发) that ``user`` may read."""
    return bulletins_for_user(user).issued()


def get_bulletin_for_user(user, pk) -> IssuedBulletin:
    """A bulletin ``user`` may read, at any stage, or 404 without telling whether it exists."""
    try:
        return bulletins_for_user(user).get(pk=pk)
    except (IssuedBulletin.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such bulletin.")) from None


# The name the desk and older code know: an issued bulletin, or one on its way, by its id.
get_issued_bulletin_for_user = get_bulletin_for_user
