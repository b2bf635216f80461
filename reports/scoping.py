"""The one way to reach a return, or a unit's returns, on behalf of a user.

Every view, admin queryset and import goes through these, so a user never reads or writes another unit's return,
and a URL with someone else's id answers 404 without telling whether the return exists.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from districts.models import ReportingUnit

from .models import MonthlyReturn, ReturnQuestion


def _department_member(user) -> bool:
    """A member of a responsible department sees the districts' returns and its own department's, no other's."""
    return bool(getattr(user, "responsible_unit_id", None)) and not user.is_superuser


def coordinator_node_id(user) -> int | None:
    """The node of the unit tree a city-wide reader is limited to (a city's coordinator: its city), or None for the
    whole tree (the province's, or the one city's when the tree is a city). Department members are limited otherwise.
    """
    if _department_member(user) or not user.has_perm("reports.view_all_returns"):
        return None
    return user.reporting_unit_id


def subtree_for_user(user) -> set[int] | None:
    """The units under the reader's node (cached on the user for the request), or None for no limit."""
    node = coordinator_node_id(user)
    if node is None:
        return None
    cached = getattr(user, "_newcitizen_subtree", None)
    if cached is None or cached[0] != node:
        cached = (node, ReportingUnit.objects.subtree_ids(node))
        user._newcitizen_subtree = cached
    return cached[1]


def returns_for_user(user):
    """The returns ``user`` may see."""
    returns = MonthlyReturn.objects.all()
    if not user.is_authenticated:
        return returns.none()
    if user.has_perm("reports.view_all_returns"):
        if _department_member(user):
            return returns.filter(
                ~Q(unit__kind=ReportingUnit.Kind.DEPARTMENT) | Q(unit__department=user.responsible_unit_id)
            )
        subtree = subtree_for_user(user)
        return returns if subtree is None else returns.filter(unit_id__in=subtree)
    if user.has_perm("reports.file_return") and user.reporting_unit_id:
        return returns.filter(unit_id=user.reporting_unit_id)
    return returns.none()


def units_for_user(user):
    """The territorial units whose returns ``user`` may see (the dashboards' tree; departments are not in it).

    A filer sees its own unit, a department's included.
    """
    units = ReportingUnit.objects.active()
    if not user.is_authenticated:
        return units.none()
    if user.has_perm("reports.view_all_returns"):
        subtree = subtree_for_user(user)
        return units.districts() if subtree is None else units.districts().filter(pk__in=subtree)
    if user.has_perm("reports.file_return") and user.reporting_unit_id:
        return units.filter(pk=user.reporting_unit_id)
    return units.none()


def departments_for_user(user):
    """The departments' filing units whose returns ``user`` may see: every one for the city, else one's own."""
    units = ReportingUnit.objects.active().departments()
    if not user.is_authenticated:
        return units.none()
    if user.has_perm("reports.view_all_returns") and not _department_member(user):
        # A city's coordinator sees the departments attached under its city (a department with no parent is the
        # whole tree's, as Weihai's are when the tree is the city).
        subtree = subtree_for_user(user)
        return units if subtree is None else units.filter(pk__in=subtree)
    if _department_member(user):
        return units.filter(department=user.responsible_unit_id)
    return units.none()


def units_key_for_user(user) -> str:
    """A short name for the units ``units_for_user`` gives ``user``, without a query (answers cached per scope use it).

    It follows the same rules; change them together.
    """
    if not user.is_authenticated:
        return "none"
    if user.has_perm("reports.view_all_returns"):
        node = coordinator_node_id(user)
        return "all" if node is None else f"node:{node}"
    if user.has_perm("reports.file_return") and user.reporting_unit_id:
        return f"unit:{user.reporting_unit_id}"
    return "none"


def can_file_for_unit(user, unit: ReportingUnit) -> bool:
    """District staff file for their own unit only; coordinators and viewers never change figures."""
    return user.is_authenticated and user.has_perm("reports.file_return") and user.reporting_unit_id == unit.pk


def can_import_for_unit(user, unit: ReportingUnit) -> bool:
    """Admins import for any unit; district staff may upload their own unit's template."""
    return can_file_for_unit(user, unit) or (user.is_authenticated and user.has_perm("reports.import_returns"))


def get_return_for_user(user, pk) -> MonthlyReturn:
    """A return ``user`` may see, or 404."""
    try:
        return returns_for_user(user).select_related("plan", "unit").get(pk=pk)
    except (MonthlyReturn.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such return.")) from None


def get_return_for_edit(user, pk) -> MonthlyReturn:
    """A return ``user`` may change the figures of: 404 outside their sight, 403 for read-only roles."""
    monthly_return = get_return_for_user(user, pk)
    if not can_file_for_unit(user, monthly_return.unit):
        raise PermissionDenied(_("Only the unit's own staff change its figures."))
    return monthly_return


def get_return_for_review(user, pk) -> MonthlyReturn:
    """A return ``user`` may approve, send back or reopen: 404 outside their sight, 403 without the right."""
    monthly_return = get_return_for_user(user, pk)
    if not user.has_perm("reports.review_return"):
        raise PermissionDenied(_("Only municipal coordinators review returns."))
    return monthly_return


def get_question_for_answer(user, pk) -> ReturnQuestion:
    """A question on a return ``user`` may change: 404 outside their sight, 403 for read-only roles."""
    try:
        question = ReturnQuestion.objects.select_related("monthly_return__plan", "monthly_return__unit").get(
            pk=pk, monthly_return__in=returns_for_user(user)
        )
    except (ReturnQuestion.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such question.")) from None
    if not can_file_for_unit(user, question.monthly_return.unit):
        raise PermissionDenied(_("Only the unit's own staff answer questions on its return."))
    return question


def get_unit_for_user(user, code: str) -> ReportingUnit:
    """A unit ``user`` may see, by its code (a district, or a department's filing unit), or 404."""
    try:
        return (units_for_user(user) | departments_for_user(user)).get(code=code)
    except ReportingUnit.DoesNotExist:
        raise Http404(_("No such reporting unit.")) from None


def next_awaiting_review(user, *, after: MonthlyReturn | None = None) -> MonthlyReturn | None:
    """The oldest submitted return ``user`` may review, other than ``after``: the next one in the queue, any year."""
    if not user.has_perm("reports.review_return"):
        return None
    queue = (
        returns_for_user(user).filter(status="submitted").select_related("plan", "unit").order_by("submitted_at", "pk")
    )
    if after is not None:
        queue = queue.exclude(pk=after.pk)
    return queue.first()
