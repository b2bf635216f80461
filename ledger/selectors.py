"""The task ledger (任务台账): every measure × each unit that answers for it, for one plan year and period.

A unit answers for a measure when the plan names it as responsible (a department; the first named leads) or, for a
measure the districts report on, when it is a district. What a cell says comes from the unit's returns that reached
the city (submitted or approved); a draft is the unit's own work and counts for nothing here, as on the dashboards.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from actions.models import Measure, MeasureResponsibility, PlanYear
from districts.models import ReportingUnit
from reports.models import MeasureProgress, MonthlyReturn, ReturnStatus, due_date_for, due_day_for
from reports.selectors import reporting_months
from weihai_newcitizen import clock

NOT_REPORTED = "not_reported"
REACHED_THE_CITY = [ReturnStatus.SUBMITTED, ReturnStatus.APPROVED]


@dataclass(frozen=True, slots=True)
class NoteSeen:
    status: str
    note: str


@dataclass
class LedgerCell:
    unit: ReportingUnit
    is_lead: bool = False
    # The period the cell is read for: the month, or a quarterly department's latest quarter up to it (None: no
    # period of the unit has ended by then).
    period_month: int | None = None
    status: str = NOT_REPORTED  # a ProgressStatus value, or NOT_REPORTED
    last_note_month: int | None = None
    last_note_on: datetime.date | None = None  # when the return holding the last note reached the city
    overdue: bool = False
    # Whether the unit wrote a note on the measure in its return for the period (a status alone says nothing).
    noted: bool = False


@dataclass
class LedgerRow:
    measure: Measure
    cells: list[LedgerCell] = field(default_factory=list)

    def cell_for(self, unit_id: int) -> LedgerCell | None:
        return next((c for c in self.cells if c.unit.pk == unit_id), None)

    @property
    def reported(self) -> bool:
        """Whether any unit answering for the measure wrote on it in its return for the period."""
        return any(cell.noted for cell in self.cells)


@dataclass
class Ledger:
    plan: PlanYear
    month: int
    departments: list[ReportingUnit]
    districts: list[ReportingUnit]
    rows: list[LedgerRow]

    @property
    def columns(self) -> list[ReportingUnit]:
        return self.departments + self.districts

    def unreported_measures(self) -> list[Measure]:
        return [row.measure for row in self.rows if not row.reported]

    def overdue_departments(self) -> list[ReportingUnit]:
        late = {cell.unit.pk for row in self.rows for cell in row.cells if cell.overdue and cell.unit.is_department}
        return [unit for unit in self.departments if unit.pk in late]


def period_month_for(*, plan: PlanYear, unit: ReportingUnit, month: int) -> int | None:
    """The month of ``unit``'s reporting period that closes at or before ``month`` (itself for a monthly unit)."""
    months = [m for m in reporting_months(plan=plan, unit=unit) if m <= month]
    return months[-1] if months else None


def task_ledger(
    *,
    plan: PlanYear,
    month: int,
    units=None,
    departments=None,
    today: datetime.date | None = None,
    history: bool = True,
) -> Ledger:
    """The ledger of ``plan`` as of the end of ``month``, for ``units`` (filing districts; default all) and
    ``departments`` (their filing units; default all): a city's coordinator reads its own part. Five queries, and
    one more for the districts when they are not given.

    Without ``history`` (the desk, which asks only who wrote in the period and who is overdue) only the notes of the
    units' periods are read, not the year's, and no cell knows its last note."""
    today = today or clock.today()
    if departments is None:
        departments = ReportingUnit.objects.active().departments()
    # A unit set to kind 市直部门 by hand, with no department behind it, answers for no measure.
    departments = departments.filter(department__isnull=False)
    departments = list(departments.select_related("department").order_by("sort_order", "code"))
    districts = (
        list(units) if units is not None else list(ReportingUnit.objects.leaves().order_by("sort_order", "code"))
    )
    by_department = {unit.department.pk: unit for unit in departments}
    unit_ids = [u.pk for u in districts] + [u.pk for u in departments]
    measures = list(
        Measure.objects.filter(action__plan=plan)
        .select_related("action")
        .prefetch_related(
            Prefetch("responsibilities", queryset=MeasureResponsibility.objects.order_by("order"), to_attr="named")
        )
        .order_by("action__number", "number")
    )
    returns = {
        (r.unit_id, r.month): r
        for r in MonthlyReturn.objects.filter(plan=plan, month__lte=month, unit_id__in=unit_ids)
        .order_by()
        .only("pk", "unit_id", "month", "status", "first_submitted_at", "submitted_at")
    }
    # Every note that reached the city up to the month: per unit and measure, its status and words by month.
    periods = {u.pk: period_month_for(plan=plan, unit=u, month=month) for u in [*districts, *departments]}
    seen = MeasureProgress.objects.filter(
        monthly_return__plan=plan,
        monthly_return__month__lte=month,
        monthly_return__status__in=REACHED_THE_CITY,
        monthly_return__unit_id__in=unit_ids,
    )
    if not history:
        seen = seen.filter(monthly_return__month__in={m for m in periods.values() if m is not None})
    notes: dict[tuple[int, int], dict[int, NoteSeen]] = {}
    for unit_id, return_month, measure_id, status, note in (
        seen.order_by()
        .values_list("monthly_return__unit_id", "monthly_return__month", "measure_id", "status", "note")
    ):
        notes.setdefault((unit_id, measure_id), {})[return_month] = NoteSeen(status, note)

    def cell(unit: ReportingUnit, measure: Measure, is_lead: bool) -> LedgerCell:
        result = LedgerCell(unit=unit, is_lead=is_lead, period_month=periods[unit.pk])
        by_month = notes.get((unit.pk, measure.pk), {})
        if result.period_month is not None:
            monthly_return = returns.get((unit.pk, result.period_month))
            filed = monthly_return is not None and monthly_return.status in REACHED_THE_CITY
            if filed:
                entry = by_month.get(result.period_month)
                result.status = entry.status if entry else "not_started"
                result.noted = bool(entry and entry.note.strip())
            due = due_date_for(year=plan.year, month=result.period_month, due_day=due_day_for(plan=plan, unit=unit))
            never_in = monthly_return is None or monthly_return.first_submitted_at is None
            result.overdue = never_in and today > due
        written = [m for m, entry in by_month.items() if entry.note.strip()] if history else []
        if written:
            result.last_note_month = max(written)
            submitted = returns[(unit.pk, result.last_note_month)].submitted_at
            result.last_note_on = submitted.date() if submitted else None
        return result

    rows = []
    for measure in measures:
        row = LedgerRow(measure=measure)
        for responsibility in measure.named:
            unit = by_department.get(responsibility.unit_id)
            if unit is not None:
                row.cells.append(cell(unit, measure, responsibility.is_lead))
        if measure.reported_by_districts:
            row.cells.extend(cell(unit, measure, False) for unit in districts)
        rows.append(row)
    return Ledger(plan=plan, month=month, departments=departments, districts=districts, rows=rows)


def unit_notes_on_measure(*, plan: PlanYear, unit: ReportingUnit, measure: Measure) -> list[MeasureProgress]:
    """A unit's notes on one measure over the plan year, month by month, from its returns that reached the city."""
    return list(
        MeasureProgress.objects.filter(
            monthly_return__plan=plan,
            monthly_return__unit=unit,
            measure=measure,
            monthly_return__status__in=REACHED_THE_CITY,
        )
        .select_related("monthly_return__plan")
        .order_by("monthly_return__month")
    )
