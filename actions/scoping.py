"""The one way to reach the plan's measures and indicators on behalf of a user.

The plan's text is public to every login (the home page); what districts report against it is not. District staff,
coordinators and admins see every measure and indicator (staff only of their own unit, which ``reports.scoping``
decides). Anyone else, in practice a department viewer (责任单位), sees only the measures their department is
responsible for and those measures' indicators; a viewer with no department sees none, so a missing setting never
opens everything. Every page, export, template, drill-down and the API asks these helpers.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from .models import Indicator, Measure, PlanYear

# Whoever holds one of these works with every measure of the plan (a bulletin's checker and signer read all of it).
_EVERY_MEASURE_PERMS = (
    "reports.file_return",
    "reports.review_return",
    "reports.import_returns",
    "bulletins.check_bulletin",
    "bulletins.sign_bulletin",
)


def sees_every_measure(user) -> bool:
    """Whether ``user`` sees every measure and indicator (anonymous users see none).

    A department's member sees its department's measures only, even when it files the department's returns.
    """
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if getattr(user, "responsible_unit_id", None):
        return False
    return any(user.has_perm(perm) for perm in _EVERY_MEASURE_PERMS)


def viewer_department_id(user) -> int | None:
    """The department ``user`` is limited to, or None when they see every measure.

    Only meaningful together with ``sees_every_measure``: a limited user without a department sees nothing.
    """
    return None if sees_every_measure(user) else user.responsible_unit_id


def measures_key_for_user(user) -> str:
    """A short name for what ``measures_for_user`` gives ``user``, for keys of answers cached per scope."""
    department = viewer_department_id(user)
    return "all" if sees_every_measure(user) else f"department:{department or 'none'}"


def measures_for_user(user, *, plan: PlanYear | None = None):
    """The measures whose figures and notes ``user`` may see, of one plan year if given."""
    measures = Measure.objects.all()
    if plan is not None:
        measures = measures.filter(action__plan=plan)
    return _of_department(measures, user, "responsibilities__unit_id")


def indicators_for_user(user, *, plan: PlanYear | None = None):
    """The indicators whose figures and targets ``user`` may see: every one, or those of the department's measures.

    An objective indicator (no measure) belongs to the whole action, so a department viewer does not see it.
    """
    indicators = Indicator.objects.all()
    if plan is not None:
        indicators = indicators.filter(plan=plan)
    return _of_department(indicators, user, "measure__responsibilities__unit_id")


def _of_department(queryset, user, lookup: str):
    """``queryset`` whole for who sees every measure; else what the user's department answers for (by ``lookup``)."""
    if sees_every_measure(user):
        return queryset
    department = getattr(user, "responsible_unit_id", None)
    if department is None:
        return queryset.none()
    return queryset.filter(**{lookup: department})


def visible_indicator_list(user, *, plan: PlanYear) -> list[Indicator] | None:
    """For roll-ups: None when ``user`` sees every indicator (no filter, no query), else the list they may see."""
    if sees_every_measure(user):
        return None
    return list(indicators_for_user(user, plan=plan))


def get_indicator_for_user(user, *, plan: PlanYear, code: str) -> Indicator:
    """An indicator of ``plan`` that ``user`` may see, by its code, or 404 (never telling whether it exists)."""
    try:
        return indicators_for_user(user, plan=plan).select_related("action", "measure").get(code=code)
    except Indicator.DoesNotExist:
        raise Http404(_("No such indicator.")) from None
