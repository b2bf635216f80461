"""Dashboard pages. Each reads a selection (year, month, level, which returns count) and one selector."""

import datetime
import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from actions.models import Indicator
from actions.scoping import get_indicator_for_user
from reports.table_xlsx import xlsx_response

from .bulletin_xlsx import bulletin_notes, bulletin_title, bulletin_workbook
from .cache import cached, page_key
from .exports import matrix_workbook, progress_workbook, timeliness_workbook
from .params import selection_from_request
from .rollup import about_tolerance, progress_rollup, status_thresholds
from .selectors.bulletin import bulletin_for
from .selectors.timeliness import timeliness_table
from .selectors.trends import indicator_figures, indicator_trend

logger = logging.getLogger("newcitizen.exports")


PART_MARK = "<!--newcitizen:part-->"


def _render(request, template: str, page: str, build, *, cache: bool = True):
    """Render a dashboard page: its parts from the cache, or from ``build(selection)`` (the page's context).

    The parts (title, head, content, scripts) hold nothing personal and are kept per page, parameters, language,
    scope and data version (``cache.py``); the page around them (header, language switch, CSRF tokens, messages)
    is rendered for the person asking, every time.
    """

    def parts() -> dict[str, str]:
        selection = selection_from_request(request)
        context = build(selection)
        context.update(
            selection=selection,
            page=page,
            thresholds=status_thresholds(),
            tolerance_pct=f"{about_tolerance() * 100:g}%",
        )
        html = render_to_string(template, context, request=request)
        return dict(zip(("title", "head", "content", "scripts"), html.split(PART_MARK), strict=True))

    found = cached(page_key(request, user=request.user, page=page) if cache else None, parts)
    return render(request, "dashboards/page.html", {"parts": {name: mark_safe(html) for name, html in found.items()}})


def _wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


def _xlsx(request, selection, content: bytes, name: str):
    """A dashboard table as an .xlsx download, named after the page and the period, and logged as an export."""
    month_label = date_format(datetime.date(selection.plan.year, selection.month, 1), "Ym")
    filename = f"{name}-{month_label}.xlsx"
    logger.info("export %s by %s", filename, request.user.username)
    return xlsx_response(content, filename)


def _rollup(selection, **kwargs):
    kwargs.setdefault("indicators", selection.indicators)
    return progress_rollup(
        plan=selection.plan,
        month=selection.month,
        units=selection.scope.units,
        node=selection.scope.node,
        include_submitted=selection.include_submitted,
        **kwargs,
    )


def _indicator(request, selection, code: str) -> Indicator:
    return get_indicator_for_user(request.user, plan=selection.plan, code=code)


def _require_ranking(selection) -> None:
    # The ranking is the coordinator's official one: not for district staff, nor for a department viewer, whose
    # indicators would rank the units on a part of the plan.
    if not selection.ranks_units:
        raise PermissionDenied(_("Only municipal users see every unit's ranking."))


@login_required
def progress(request):
    """Where the city (or one unit) stands against every target at the end of the chosen month."""
    if _wants_xlsx(request):
        selection = selection_from_request(request)
        rollup = _rollup(selection, unit_cells=False)
        return _xlsx(request, selection, progress_workbook(selection=selection, rollup=rollup), "progress")

    def build(selection):
        # The page shows the group's row; units only for the laggards.
        rollup = _rollup(selection, unit_cells=False)
        return {"rollup": rollup, "counted": rollup.counted}

    return _render(request, "dashboards/progress.html", "progress", build)


def _scores(selection, rollup) -> list | None:
    """The units' completion scores, the bulletin's, only over every indicator: a department's would rank the units
    on its own measures."""
    if not selection.every_indicator:
        return None
    scores = rollup.unit_completion_scores()
    return [scores[u.pk] for u in rollup.units]


@login_required
def matrix(request):
    """Unit × indicator: each unit's year-to-date against its own share of the target."""
    if _wants_xlsx(request):
        selection = selection_from_request(request)
        rollup = _rollup(selection)
        content = matrix_workbook(selection=selection, rollup=rollup, scores=_scores(selection, rollup))
        return _xlsx(request, selection, content, "matrix")

    def build(selection):
        rollup = _rollup(selection)
        return {
            "rollup": rollup,
            "counted": rollup.counted,
            "rows": [(row, [row.units[u.pk] for u in rollup.units]) for row in rollup.rows],
            "scores": _scores(selection, rollup),
        }

    return _render(request, "dashboards/matrix.html", "matrix", build)


@login_required
def timeliness(request):
    """Which units filed on time, late or not at all, month by month."""
    if _wants_xlsx(request):
        selection = selection_from_request(request)
        rows = timeliness_table(plan=selection.plan, month=selection.month, units=selection.scope.units)
        return _xlsx(request, selection, timeliness_workbook(selection=selection, rows=rows), "timeliness")

    def build(selection):
        rows = timeliness_table(plan=selection.plan, month=selection.month, units=selection.scope.units)
        return {"rows": rows, "months": range(1, selection.month + 1)}

    # Not cached: the page carries the 催报 form (a CSRF token of the person asking) and the reminders sent, which
    # no data version follows.
    return _render(request, "dashboards/timeliness.html", "timeliness", build, cache=False)


@login_required
def indicator_detail(request, code: str):
    """Drill-down: one indicator → the units → the returns behind each unit's number."""

    def build(selection):
        indicator = _indicator(request, selection, code)
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
        return {"indicator": indicator, "row": row, "units": units, "rollup": rollup, "counted": rollup.counted}

    return _render(request, "dashboards/indicator_detail.html", "progress", build)


@login_required
def indicator_trend_view(request, code: str):
    """The cumulative line against the schedule line, for the group and for each unit, each with its data table."""

    def build(selection):
        indicator = _indicator(request, selection, code)
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
        return {"indicator": indicator, "charts": charts, "counted": rollup.counted}

    return _render(request, "dashboards/indicator_trend.html", "progress", build)


def _bulletin(request, selection=None):
    selection = selection or selection_from_request(request)
    _require_ranking(selection)
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

    def build(selection):
        _selection, bulletin = _bulletin(request, selection)
        return {
            "bulletin": bulletin,
            "title": bulletin_title(bulletin),
            "notes": bulletin_notes(bulletin),
        }

    return _render(request, "dashboards/bulletin.html", "bulletin", build)


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
