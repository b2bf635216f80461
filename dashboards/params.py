"""What a dashboard page was asked for: plan year, month, level of the unit tree, and which returns count."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.http import Http404
from django.utils.translation import gettext as _

from actions.models import Indicator, PlanYear
from actions.scoping import visible_indicator_list
from actions.selectors import plan_in_progress

from .rollup import schedule_share
from .selectors.scope import Scope, default_month, scope_for_user


@dataclass
class Selection:
    plan: PlanYear
    month: int
    include_submitted: bool
    scope: Scope
    years: list[int]
    # None: every indicator; a department viewer gets the list of its own measures' indicators (actions.scoping).
    indicators: list[Indicator] | None = None

    def query(self, **changes) -> str:
        """The query string of this selection, with ``changes``; for links between the dashboard pages."""
        params = {"year": self.plan.year, "month": self.month}
        if self.scope.node is not None and self.scope.city_wide:
            params["unit"] = self.scope.node.code
        if self.include_submitted:
            params["submitted"] = "1"
        params.update(changes)
        return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})

    @property
    def every_indicator(self) -> bool:
        """Whether the selection reads every indicator: only then is a unit's completion score the official one."""
        return self.indicators is None

    @property
    def ranks_units(self) -> bool:
        """Whether a ranking of the units may be shown: the city's, on every indicator, as the bulletin ranks them.

        A department viewer sees its indicators across the units, never a ranking built from them.
        """
        return self.scope.city_wide and self.every_indicator

    @property
    def months(self) -> range:
        return range(1, 13)

    @property
    def period_start(self) -> datetime.date:
        return datetime.date(self.plan.year, 1, 1)

    @property
    def period_end(self) -> datetime.date:
        return datetime.date(self.plan.year, self.month, 1)

    @property
    def schedule_share(self) -> Decimal:
        return schedule_share(self.month)


def _int(value, default: int | None = None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def parse_plan_and_month(params) -> tuple[PlanYear, int]:
    """The plan year and month named in ``params`` (defaults: the plan of the reporting month in progress, its last
    month already due)."""
    year = _int(params.get("year"))
    plan = PlanYear.objects.filter(year=year).first() if year else plan_in_progress()
    if plan is None:
        raise Http404(_("No such plan year."))
    month = _int(params.get("month"))
    if month is None or not 1 <= month <= 12:
        month = default_month(plan)
    return plan, month


def selection_from_request(request, user=None) -> Selection:
    user = user or request.user
    plan, month = parse_plan_and_month(request.GET)
    scope = scope_for_user(user=user, code=request.GET.get("unit") or None)
    return Selection(
        plan=plan,
        month=month,
        include_submitted=request.GET.get("submitted") == "1",
        scope=scope,
        years=list(PlanYear.objects.order_by("-year").values_list("year", flat=True)),
        indicators=visible_indicator_list(user, plan=plan),
    )
