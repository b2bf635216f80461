"""The task ledger (任务台账) and, behind each of its cells, one unit's notes on one measure over the year."""

import datetime
import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from actions.models import Measure, PlanYear, ResponsibleUnit
from actions.scoping import sees_every_measure
from dashboards.params import parse_plan_and_month
from dashboards.selectors.scope import scope_for_user
from reports.models import ProgressStatus
from reports.scoping import departments_for_user, get_unit_for_user
from reports.table_xlsx import table_workbook, xlsx_response

from .filters import LedgerFilters
from .selectors import NOT_REPORTED, task_ledger, unit_notes_on_measure

logger = logging.getLogger("newcitizen.ledger")


def _require_ledger(user) -> None:
    """The ledger is the city's view of who does what: coordinators and admins, not a unit's staff."""
    if not (user.has_perm("reports.view_all_returns") and sees_every_measure(user)):
        raise PermissionDenied(_("The task ledger is for the municipal coordinators."))


def status_label(status: str) -> str:
    if status == NOT_REPORTED:
        return _("not reported")
    return str(ProgressStatus(status).label)


@login_required
def ledger(request):
    _require_ledger(request.user)
    plan, month = parse_plan_and_month(request.GET)
    filters = LedgerFilters.from_params(request.GET)
    # A city's coordinator reads its own part of the tree (reports.scoping), as on every page.
    table = task_ledger(
        plan=plan,
        month=month,
        units=scope_for_user(user=request.user).units,
        departments=departments_for_user(request.user),
    )
    rows = filters.rows(table)
    if request.GET.get("format") == "xlsx":
        return _ledger_xlsx(request, table, rows, filters)
    context = {
        "plan": plan,
        "month": month,
        "period": datetime.date(plan.year, month, 1),
        "ledger": table,
        # Each row's cells in the columns' order (None where the unit does not answer for the measure).
        "rows": [(row, [row.cell_for(unit.pk) for unit in table.columns]) for row in rows],
        "filters": filters,
        "years": PlanYear.objects.order_by("-year").values_list("year", flat=True),
        "months": range(1, 13),
        "action_numbers": sorted({row.measure.action.number for row in table.rows}),
        "departments": ResponsibleUnit.objects.order_by("sort_order"),
        "statuses": [(NOT_REPORTED, _("not reported")), *ProgressStatus.choices, ("overdue", _("Overdue"))],
    }
    return render(request, "ledger/ledger.html", context)


def cell_text(cell, *, year: int) -> str:
    """A cell in words, as the page reads it: status, the month of the last note, overdue, the lead."""
    parts = [status_label(cell.status)]
    if cell.last_note_month:
        period = date_format(datetime.date(year, cell.last_note_month, 1), "YEAR_MONTH_FORMAT")
        parts.append(_("last note %(period)s") % {"period": period})
    if cell.overdue:
        parts.append(_("Overdue"))
    if cell.is_lead:
        parts.append(_("lead"))
    return " · ".join(parts)


def _ledger_xlsx(request, table, rows, filters):
    headers = [_("Measure"), *[unit.display_name for unit in table.columns]]
    lines = []
    for row in rows:
        line = [f"{row.measure.code} {row.measure.text}"]
        for unit in table.columns:
            cell = row.cell_for(unit.pk)
            line.append(cell_text(cell, year=table.plan.year) if cell else "")
        lines.append(line)
    content = table_workbook(
        sheets=[(_("Task ledger"), headers, lines)],
        title=_("Task ledger %(year)s") % {"year": table.plan.year},
        filters=[
            (_("Plan year"), str(table.plan.year)),
            (_("As of"), date_format(datetime.date(table.plan.year, table.month, 1), "YEAR_MONTH_FORMAT")),
            *[(label, value) for label, value in _filter_labels(filters) if value],
        ],
    )
    logger.info("export ledger-%s-%02d.xlsx by %s", table.plan.year, table.month, request.user.username)
    return xlsx_response(content, f"ledger-{table.plan.year}-{table.month:02d}.xlsx")


def _filter_labels(filters: LedgerFilters) -> list[tuple[str, str]]:
    status = ""
    if filters.status:
        status = _("Overdue") if filters.status == "overdue" else status_label(filters.status)
    return [
        (pgettext("plan", "Action"), str(filters.action or "")),
        (_("Department"), filters.department.name if filters.department else ""),
        (_("Status"), status),
    ]


@login_required
def unit_notes(request, year: int, code: str, action: int, number: int):
    _require_ledger(request.user)
    plan = PlanYear.objects.filter(year=year).first()
    measure = (
        Measure.objects.filter(action__plan=plan, action__number=action, number=number).select_related("action").first()
    )
    if plan is None or measure is None:
        raise Http404(_("No such measure."))
    unit = get_unit_for_user(request.user, code)
    context = {
        "plan": plan,
        "unit": unit,
        "measure": measure,
        "notes": unit_notes_on_measure(plan=plan, unit=unit, measure=measure),
    }
    return render(request, "ledger/unit_notes.html", context)
