"""The dashboard tables as .xlsx, each headed by the selection it was read with (year, month, level, counting)."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from actions.models import describe_target
from reports.table_xlsx import table_workbook

from .counted import Counted, counted_text, missing_units_text
from .rollup import Rollup, Status
from .selectors.timeliness import Punctuality, TimelinessRow


def selection_filters(selection) -> list[tuple[str, str]]:
    """The filters of a dashboard page in words, for an export's title rows."""
    node = selection.scope.node
    return [
        (_("Plan year"), str(selection.plan.year)),
        (
            _("Period covered"),
            _("%(start)s to %(end)s")
            % {
                "start": date_format(selection.period_start, "YEAR_MONTH_FORMAT"),
                "end": date_format(selection.period_end, "YEAR_MONTH_FORMAT"),
            },
        ),
        (_("Level"), node.name if node else str(_("Whole city"))),
        (
            _("Counting"),
            str(_("Approved and submitted returns") if selection.include_submitted else _("Approved returns only")),
        ),
    ]


def counted_filters(counted: Counted) -> list[tuple[str, str]]:
    """The title rows that say what the figures count: 纳入统计：8个区市中5个（12月已审核）…, and who is left out."""
    rows = [(_("Counted"), counted_text(counted))]
    if counted.missing:
        rows.append((_("Not counted"), missing_units_text(counted)))
    return rows


def _status(status: str) -> str:
    return str(Status(status).label) if status else ""


def progress_workbook(*, selection, rollup: Rollup) -> bytes:
    headers = [
        _("Indicator"),
        _("Code"),
        _("Unit of measure"),
        _("Target (plan)"),
        _("Year to date"),
        _("Target here"),
        _("Completion (%)"),
        _("Due by now (%)"),
        _("Gap (points)"),
        _("Status"),
    ]
    rows = [
        [
            row.indicator.name,
            row.indicator.code,
            row.indicator.unit,
            describe_target(row.target) if row.target else "—",
            row.total.value,
            row.total.target,
            row.total.completion,
            row.total.required,
            row.total.gap,
            _status(row.total.status),
        ]
        for row in rollup.rows
    ]
    return table_workbook(
        sheets=[(_("Progress"), headers, rows)],
        title=_("Progress against the targets"),
        filters=selection_filters(selection) + counted_filters(rollup.counted),
    )


def matrix_workbook(*, selection, rollup: Rollup, scores: list | None) -> bytes:
    """Values and completion per unit; the completion score row only when ``scores`` are given (every indicator)."""
    units = [u.display_name for u in rollup.units]
    values = [
        [row.indicator.name, row.indicator.unit, *[row.units[u.pk].value for u in rollup.units]] for row in rollup.rows
    ]
    completion = [
        [
            row.indicator.name,
            *[row.units[u.pk].completion if row.units[u.pk].has_target else None for u in rollup.units],
        ]
        for row in rollup.rows
    ]
    if scores is not None:
        completion.append([_("Completion score"), *scores])
    return table_workbook(
        sheets=[
            (_("Year to date"), [_("Indicator"), _("Unit of measure"), *units], values),
            (_("Completion (%)"), [_("Indicator"), *units], completion),
        ],
        title=_("Units × indicators"),
        filters=selection_filters(selection) + counted_filters(rollup.counted),
    )


def timeliness_workbook(*, selection, rows: list[TimelinessRow]) -> bytes:
    labels = {choice.value: str(choice.label) for choice in Punctuality}
    months = [_("month %(m)s") % {"m": m} for m in range(1, selection.month + 1)]
    headers = [_("Reporting unit"), *months, _("On time"), _("Late"), _("Not filed"), _("On-time rate")]
    table = [
        [
            row.unit.name,
            *[labels[state] for _m, state, _pk in row.months],
            row.on_time,
            row.late,
            row.missing,
            row.on_time_rate,
        ]
        for row in rows
    ]
    return table_workbook(
        sheets=[(_("Timeliness"), headers, table)],
        title=_("Timeliness of returns"),
        filters=selection_filters(selection),
    )
