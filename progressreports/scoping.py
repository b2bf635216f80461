"""The one way to reach a progress report on behalf of a user: the bulletin's readers (coordinators, checkers,
signers, admins) see them all; district staff and department viewers none (404 for a report, 403 for the list)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from actions.scoping import sees_every_measure
from reports.scoping import coordinator_node_id

from .models import ProgressReport


def sees_reports(user) -> bool:
    """A report speaks for the whole city on every measure: for those who read every unit and every measure, and the
    whole tree (a coordinator given one city of a province reads none: the report is the whole tree's)."""
    return (
        user.is_authenticated
        and user.has_perm("reports.view_all_returns")
        and sees_every_measure(user)
        and coordinator_node_id(user) is None
    )


def require_reports(user) -> None:
    if not sees_reports(user):
        raise PermissionDenied(_("Only municipal users read the progress reports to the province."))


def reports_for_user(user):
    """Every report ``user`` may read, at any stage of its chain."""
    reports = ProgressReport.objects.select_related("plan", "drafted_by", "issued_by")
    return reports if sees_reports(user) else reports.none()


def get_report_for_user(user, pk) -> ProgressReport:
    """A report ``user`` may read, or 404 without telling whether it exists."""
    try:
        return reports_for_user(user).get(pk=pk)
    except (ProgressReport.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such progress report.")) from None
