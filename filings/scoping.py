"""The one way to reach filings, assessments, good practice and units on behalf of a user.

District staff see their own unit's items; coordinators, department viewers and admins see every unit's. An id or
code outside a user's sight answers 404, so a URL never tells whether someone else's item exists.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from actions.scoping import measures_for_user, sees_every_measure
from districts.models import ReportingUnit

from .models import Assessment, AssessmentItem, GoodPractice, PlanFiling


def sees_all_units(user) -> bool:
    return user.is_authenticated and user.has_perm("filings.view_all_filings")


def _own_unit_id(user) -> int | None:
    if user.is_authenticated and user.has_perm("filings.file_plan") and user.reporting_unit_id:
        return user.reporting_unit_id
    return None


def _scoped(queryset, user, field: str = "unit_id"):
    if sees_all_units(user):
        return queryset
    own = _own_unit_id(user)
    if own is None:
        return queryset.none()
    return queryset.filter(**{field: own})


def units_for_user(user):
    """The reporting units that file plans and whose items ``user`` may see, in the plan's order."""
    return _scoped(ReportingUnit.objects.leaves(), user, "pk")


def filings_for_user(user):
    """The filings ``user`` may see."""
    return _scoped(PlanFiling.objects.all(), user)


def assessments_for_user(user):
    """The assessments ``user`` may see: their own unit's, or every unit's."""
    return _scoped(Assessment.objects.all(), user)


def assessment_items_for_user(user):
    """The per-action parts of assessments ``user`` may read: every one, or for a department viewer only those of the
    actions its measures belong to (市教育局 reads action 5, not the scores and comments on the other four)."""
    items = AssessmentItem.objects.select_related("action").order_by("action__number")
    if not sees_every_measure(user):
        items = items.filter(action__in=measures_for_user(user).values("action_id"))
    return items


def sees_whole_assessments(user) -> bool:
    """Whether ``user`` reads an assessment's overall grade and comments, which speak of every action."""
    return sees_every_measure(user)


def practices_for_user(user):
    """The good-practice accounts ``user`` may see: their unit's, or every unit's; featured ones to anyone logged in,
    since the home page shows them to everyone anyway. A department viewer sees those of its own measures."""
    practices = GoodPractice.objects.all()
    if not user.is_authenticated:
        return practices.none()
    if not sees_every_measure(user):
        practices = practices.filter(measure__in=measures_for_user(user).values("pk"))
    if sees_all_units(user):
        return practices
    own = _own_unit_id(user)
    return practices.filter(Q(is_featured=True) | Q(unit_id=own)) if own else practices.filter(is_featured=True)


def can_file_for_unit(user, unit: ReportingUnit) -> bool:
    """Only a unit's own staff file its plan and its good practice."""
    return _own_unit_id(user) == unit.pk


def get_unit_for_user(user, code: str) -> ReportingUnit:
    """A unit ``user`` may see, by its code, or 404."""
    try:
        return units_for_user(user).get(code=code)
    except ReportingUnit.DoesNotExist:
        raise Http404(_("No such reporting unit.")) from None


def get_unit_for_filing(user, code: str) -> ReportingUnit:
    """A unit ``user`` may file for: 404 outside their sight, 403 for roles that only read."""
    unit = get_unit_for_user(user, code)
    if not can_file_for_unit(user, unit):
        raise PermissionDenied(_("Only the unit's own staff file its plan."))
    return unit


def get_filing_for_user(user, pk) -> PlanFiling:
    """A filing ``user`` may see, or 404."""
    try:
        return filings_for_user(user).select_related("plan", "unit").get(pk=pk)
    except (PlanFiling.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such filing.")) from None


def get_filing_for_review(user, pk) -> PlanFiling:
    """A filing ``user`` may accept or send back: 404 outside their sight, 403 without the right."""
    filing = get_filing_for_user(user, pk)
    if not user.has_perm("filings.review_filing"):
        raise PermissionDenied(_("Only municipal coordinators review implementation plans."))
    return filing


def get_assessment_for_user(user, pk) -> Assessment:
    """An assessment ``user`` may see, or 404."""
    try:
        return assessments_for_user(user).select_related("plan", "unit", "assessed_by").get(pk=pk)
    except (Assessment.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such assessment.")) from None


def get_practice_for_user(user, pk) -> GoodPractice:
    """A good-practice account ``user`` may see, or 404."""
    try:
        return practices_for_user(user).select_related("unit", "measure__action__plan", "submitted_by").get(pk=pk)
    except (GoodPractice.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such account.")) from None
