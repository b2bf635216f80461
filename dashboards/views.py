"""Dashboard pages. Each reads a selection (year, month, level, which returns count) and one selector."""

import datetime
import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from actions.models import Indicator
from reports.table_xlsx import xlsx_response

from .bulletin_xlsx import bulletin_notes, bulletin_title, bulletin_workbook
from .exports import matrix_workbook, progress_workbook, timeliness_workbook
from .params import selection_from_request
from .rollup import about_tolerance, progress_rollup, status_thresholds
from .selectors import bulletin_for, indicator_figures, indicator_trend, timeliness_table

logger = logging.getLogger("newcitizen.exports")


def _wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


def _xlsx(request, selection, content: bytes, name: str):
    """A dashboard table as an .xlsx download, named after the page and the period, and logged as an export."""
    month_label = date_format(datetime.date(selection.plan.year, selection.month, 1), "Ym")
    filename = f"{name}-{month_label}.xlsx"
    logger.info("export %s by %s", filename, request.user.username)
    return xlsx_response(content, filename)


def _render(request, template: str, selection, page: str, **context):
    """Render a dashboard page with what every one of them shows: the selection and the colour legend."""
    context.update(
        selection=selection,
        page=page,
        thresholds=status_thresholds(),
        tolerance_pct=f"{about_tolerance() * 100:g}%",
    )
    return render(request, template, context)


def _rollup(selection, **kwargs):
    return progress_rollup(
        plan=selection.plan,
        month=selection.month,
        units=selection.scope.units,
        node=selection.scope.node,
        include_submitted=selection.include_submitted,
        **kwargs,
    )


def _indicator(selection, code: str) -> Indicator:
    try:
        return Indicator.objects.select_related("action", "measure").get(plan=selection.plan, code=code)
    except Indicator.DoesNotExist:
        raise Http404(_("No such indicator.")) from None


def _require_city(selection) -> None:
    if not selection.scope.city_wide:
        raise PermissionDenied(_("Only municipal users see every unit's ranking."))


@login_required
def progress(request):
    """Where the city (or one unit) stands against every target at the end of the chosen month."""
    selection = selection_from_request(request)
    rollup = _rollup(selection, unit_cells=False)  # the page shows the group's row; units only for the laggards
    if _wants_xlsx(request):
        return _xlsx(request, selection, progress_workbook(selection=selection, rollup=rollup), "progress")
    return _render(request, "dashboards/progress.html", selection, "progress", rollup=rollup)


@login_required
def matrix(request):
    """Unit × indicator: each unit's year-to-date against its own share of the target."""
    selection = selection_from_request(request)
    rollup = _rollup(selection)
    scores = rollup.unit_completion_scores()
    if _wants_xlsx(request):
        content = matrix_workbook(selection=selection, rollup=rollup, scores=[scores[u.pk] for u in rollup.units])
        return _xlsx(request, selection, content, "matrix")
    rows = [(row, [row.units[u.pk] for u in rollup.units]) for row in rollup.rows]
    return _render(
        request,
        "dashboards/matrix.html",
        selection,
        "matrix",
        rollup=rollup,
        rows=rows,
        scores=[scores[u.pk] for u in rollup.units],
    )


@login_required
def timeliness(request):
    """Which units filed on time, late or not at all, month by month."""
    selection = selection_from_request(request)
    rows = timeliness_table(plan=selection.plan, month=selection.month, units=selection.scope.units)
    if _wants_xlsx(request):
        return _xlsx(request, selection, timeliness_workbook(selection=selection, rows=rows), "timeliness")
    return _render(
        request, "dashboards/timeliness.html", selection, "timeliness", rows=rows, months=range(1, selection.month + 1)
    )


@login_required
def indicator_detail(request, code: str):
    """Drill-down: one indicator → the units → the returns behind each unit's number."""
    selection = selection_from_request(request)
    indicator = _indicator(selection, code)
    rollup = _rollup(selection, indicators=[indicator])
    figures = indicator_figures(
        plan=selection.plan,
        indicator=indicator,
        month=selection.month,
        units=selection.scope.units,
        include_submitted=selection.include_submitted,
    )
    row = rollup.rows[0] if rollup.rows else None
    units = [(u, row.units[u.pk] if row else None, figures[u.pk]) for u in selection.scope.units]
    return _render(
        request, "dashboards/indicator_detail.html", selection, "progress", indicator=indicator, row=row, units=units
    )


@login_required
def indicator_trend_view(request, code: str):
    """The cumulative line against the schedule line, for the group and for each unit, each with its data table."""
    selection = selection_from_request(request)
    indicator = _indicator(selection, code)
    if not indicator.is_active:
        raise Http404(_("No such indicator."))
    city, units, rollup = indicator_trend(
        plan=selection.plan,
        indicator=indicator,
        month=selection.month,
        scope=selection.scope,
        include_submitted=selection.include_submitted,
    )
    labels = {"actual_label": _("Year to date"), "schedule_label": _("Schedule line")}
    # The group's chart first; each unit's below it (a single unit is already the group).
    charts = [
        (
            f"chart-{i}",
            f"chart-{i}-data",
            series,
            series.chart_data(year=selection.plan.year, unit_label=indicator.unit) | labels,
        )
        for i, series in enumerate([city, *(units if len(units) > 1 else [])])
    ]
    return _render(
        request, "dashboards/indicator_trend.html", selection, "progress", indicator=indicator, charts=charts
    )


def _bulletin(request):
    selection = selection_from_request(request)
    _require_city(selection)
    bulletin = bulletin_for(
        plan=selection.plan,
        month=selection.month,
        units=selection.scope.units,
        include_submitted=selection.include_submitted,
    )
    return selection, bulletin


@login_required
def bulletin(request):
    """通报: a printable page ranking the units."""
    selection, bulletin = _bulletin(request)
    return _render(
        request,
        "dashboards/bulletin.html",
        selection,
        "bulletin",
        bulletin=bulletin,
        title=bulletin_title(bulletin),
        notes=bulletin_notes(bulletin),
    )


@login_required
def bulletin_xlsx(request):
    """The same bulletin as an Excel workbook laid out like the printed one."""
    selection, bulletin = _bulletin(request)
    content = bulletin_workbook(bulletin)
    month_label = date_format(datetime.date(selection.plan.year, selection.month, 1), "Ym")
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="bulletin-{month_label}.xlsx"'
    logger.info("export bulletin-%s.xlsx by %s", month_label, request.user.username)
    return response
