"""The part of a dry run every row shares: the plan and the database as they stand (read once, for the units and
months the file names only), and where a row belongs — its unit and month, whether the person may import it, whether
it repeats an earlier row, whether its return is locked."""

from django.db.models import Max, Q
from django.utils.translation import gettext as _

from actions.models import Indicator, Measure, PlanYear
from districts.models import ReportingUnit
from reports.models import Figure, MonthlyReturn
from reports.scoping import can_import_for_unit
from reports.selectors import IndicatorHistory
from reports.writes import FigureRow, NoteRow, stored_rows

from ..cleaning import CellProblem, is_blank, lookup_key, month_parse, month_read, text_clean
from ..layout import Located, Table, TableRow
from .results import CellError, Group, ImportCheck, RowResult

UNIT_KEYS, MONTH_KEYS = ("unit_code", "unit_name"), ("month",)


class Where:
    def __init__(self, *, user, plan: PlanYear, only_return: MonthlyReturn | None):
        self.user, self.plan, self.only_return = user, plan, only_return
        self.check = ImportCheck()
        self.units: dict[str, ReportingUnit] = {}
        # Only units that file returns themselves: a city or province rolls up, it does not report.
        for unit in ReportingUnit.objects.leaves():
            for key in (unit.code, unit.name, unit.short_name):
                if key:
                    self.units.setdefault(lookup_key(key), unit)
        # Retired indicators keep their history but take no new figures, as on the form.
        indicators = list(Indicator.objects.filter(plan=plan).active().of_districts())
        self.indicators = {lookup_key(i.code): i for i in indicators}
        self.indicators_by_name = {lookup_key(i.name): i for i in indicators}
        self.indicator_items = {i.pk: f"{i.code} {i.name}" for i in indicators}
        # From the list, not the lookup above: two codes may reduce to the same key (s1, S1).
        self.stocks = [i.pk for i in indicators if i.kind == Indicator.Kind.STOCK]
        self.measures = {
            (m.action.number, m.number): m
            for m in Measure.objects.filter(action__plan=plan, reported_by_districts=True).select_related("action")
        }
        self.allowed: dict[int, bool] = {}
        self.seen: dict[tuple, RowResult] = {}
        self.returns: dict[tuple[int, int], MonthlyReturn] = {}
        self.figures: dict[tuple[int, int, int], FigureRow] = {}
        self.progress: dict[tuple[int, int, int], NoteRow] = {}
        self.history: dict[tuple[int, int, int], IndicatorHistory] = {}
        # What a located unit or month cell was read as, by the cell (id: the block's cells are shared by every row
        # of their table; the cell is kept with the answer, so its id is never reused while the check runs).
        self._units_found: dict[int, tuple] = {}
        self._months_found: dict[int, tuple] = {}

    # -- the database as it stands, read once ------------------------------------------------------------
    def named(self, tables: list[Table]) -> tuple[set[int], set[int]]:
        """The units and months the file names, however it names them (rows that name none are refused later)."""
        units, months = set(), set()
        for table in tables:
            named_in_rows = {"unit_code", "unit_name", "month"} & table.columns.keys()
            # A template names its unit and month once, above the header: its rows are not looked through.
            for source in [table.block, *(table.rows if named_in_rows else ())]:
                for key in UNIT_KEYS:
                    located = source.get(key)
                    unit = self.units.get(lookup_key(located.value)) if located is not None else None
                    if unit is not None:
                        units.add(unit.pk)
                located = source.get("month")
                if located is not None and not is_blank(located.value):
                    found = month_read(located.value)
                    if found is not None:
                        months.add(found[1])
        return units, months

    def load_existing(self, tables: list[Table]) -> None:
        """The returns, figures and notes of the units and months the file names, and each unit's history before
        each of those months for the outlier check: a few queries, whatever the size of the database."""
        units, months = self.named(tables)
        if self.only_return is not None:
            units &= {self.only_return.unit_id}
            months &= {self.only_return.month}
        if not units or not months:
            return
        # order_by(): the models' default orderings join the plan, the unit and the indicator, for nothing here.
        returns = MonthlyReturn.objects.filter(plan=self.plan, unit_id__in=units, month__in=months).order_by()
        self.returns = {(r.unit_id, r.month): r for r in returns}
        by_id = {r.pk: (r.unit_id, r.month) for r in self.returns.values()}
        # Plain rows, not model instances (a province's month holds some 5,000 figures): the save's own reader.
        figures, notes = stored_rows(list(by_id))
        for return_id, stored in figures.items():
            for indicator_id, figure in stored.items():
                self.figures[(*by_id[return_id], indicator_id)] = figure
        for return_id, stored in notes.items():
            for measure_id, note in stored.items():
                self.progress[(*by_id[return_id], measure_id)] = note
        for month in months:
            self._history_load(units, month)

    def _history_load(self, units: set[int], month: int) -> None:
        # As reports.selectors.unit_history, for many units at once: the largest earlier month, and the latest
        # earlier level of each stock. One pass finds both the peak and the month of that latest level; only the
        # levels of those months are then read (a month's worth, where all earlier months would be eleven). The
        # stocks are named by id, so neither query joins the indicators (whose kind the planner cannot estimate).
        stocks = self.stocks
        earlier = Figure.objects.filter(
            monthly_return__plan=self.plan, monthly_return__unit_id__in=units, monthly_return__month__lt=month
        ).order_by()
        latest: dict[tuple[int, int], int] = {}
        for unit_id, indicator_id, peak, last in earlier.values_list(
            "monthly_return__unit_id", "indicator_id"
        ).annotate(
            peak=Max("value"),
            # Without any stock (an empty IN cannot be compiled), the month of a flow's figure, never used.
            last=Max("monthly_return__month", filter=Q(indicator_id__in=stocks or [0], value__isnull=False)),
        ):
            self.history[(unit_id, month, indicator_id)] = IndicatorHistory(max_month=peak)
            if last is not None:
                latest[(unit_id, indicator_id)] = last
        if not latest:
            return
        levels = earlier.filter(
            indicator_id__in=stocks, value__isnull=False, monthly_return__month__in=set(latest.values())
        )
        for unit_id, indicator_id, value, earlier_month in levels.values_list(
            "monthly_return__unit_id", "indicator_id", "value", "monthly_return__month"
        ):
            if latest.get((unit_id, indicator_id)) == earlier_month:
                entry = self.history[(unit_id, month, indicator_id)]
                entry.previous, entry.previous_month = value, earlier_month

    # -- errors ------------------------------------------------------------------------------------------
    def error(self, result: RowResult, located: Located | None, message: str) -> None:
        if located is None:
            result.errors.append(CellError(result.sheet, result.row, "", "", message))
        else:
            result.errors.append(CellError(result.sheet, located.row, located.column_letter, located.header, message))

    # -- unit and month ----------------------------------------------------------------------------------
    def unit_for(self, table: Table, row: TableRow, result: RowResult) -> ReportingUnit | None:
        located, unit, message = self._named(table, row, UNIT_KEYS, self._units_found, self._unit_read)
        if unit is not None:
            result.unit = unit.display_name  # shown in the preview, refused or not
        if message:
            self.error(result, located, message)
            return None
        return unit

    def _named(self, table: Table, row: TableRow, keys: tuple[str, ...], found: dict, read) -> tuple:
        """(the cell, then what ``read`` makes of it) for the row's unit or month: from the row's own column, else
        from above the header. A template names them only above its header: every row of the table gets the same
        answer, read once; a cell read before is not read again either."""
        if table.columns.keys().isdisjoint(keys):
            key = (keys, id(table))
            if key not in found:
                located = next((c for c in self._block(table, keys) if c is not None), None)
                found[key] = (located, *read(located))
            return found[key]
        candidates = (*map(row.get, keys), *self._block(table, keys))
        located = next((c for c in candidates if c is not None and not is_blank(c.value)), None)
        key = id(located)
        if key not in found:
            found[key] = (located, *read(located))
        return found[key]

    def _unit_read(self, located: Located | None) -> tuple[ReportingUnit | None, str]:
        """The unit a cell names (None when it names none) and, if its rows are refused, why."""
        if located is None:
            return None, _("no unit: write the unit's code or name in a “区市” column or above the header")
        unit = self.units.get(lookup_key(located.value))
        if unit is None:
            return None, _("unknown unit “%(value)s”") % {"value": text_clean(located.value)}
        if unit.pk not in self.allowed:
            self.allowed[unit.pk] = can_import_for_unit(self.user, unit)
        if not self.allowed[unit.pk]:
            return unit, _("you may not import figures for %(unit)s") % {"unit": unit.display_name}
        if self.only_return is not None and unit.pk != self.only_return.unit_id:
            return unit, _("this upload is for the return of %(expected)s, but the row is for %(unit)s") % {
                "expected": self.only_return.unit.display_name,
                "unit": unit.display_name,
            }
        return unit, ""

    def month_for(self, table: Table, row: TableRow, result: RowResult) -> int | None:
        located, month, message = self._named(table, row, MONTH_KEYS, self._months_found, self._month_read)
        if month is not None:
            result.month = month
        if message:
            self.error(result, located, message)
            return None
        return month

    @staticmethod
    def _block(table: Table, keys: tuple[str, ...]) -> tuple[Located | None, ...]:
        """The table's unit or month cells above its header that hold a value."""
        return tuple(
            located if located is not None and not is_blank(located.value) else None
            for located in map(table.block.get, keys)
        )

    def _month_read(self, located: Located | None) -> tuple[int | None, str]:
        """The month a cell names (None when it names none or one of another year) and, if refused, why."""
        if located is None:
            return None, _("no month: write it in a “月份” column or above the header, e.g. 2023-06")
        try:
            year, month = month_parse(located.value)
        except CellProblem as problem:
            return None, problem.message
        if year is not None and year != self.plan.year:
            return None, _("%(year)s-%(month)02d is outside the %(plan)s plan year") % {
                "year": year,
                "month": month,
                "plan": self.plan.year,
            }
        if self.only_return is not None and month != self.only_return.month:
            return month, _("this upload is for %(expected)s, but the row is for month %(month)s") % {
                "expected": f"{self.plan.year}-{self.only_return.month:02d}",
                "month": month,
            }
        return month, ""

    def duplicate(self, key: tuple, result: RowResult, row: TableRow, column: str) -> bool:
        first = self.seen.get(key)
        if first is not None:
            self.error(
                result,
                row.get(column),
                _("duplicates sheet “%(sheet)s” row %(row)s") % {"sheet": first.sheet, "row": first.row},
            )
            return True
        self.seen[key] = result
        return False

    def lock_check(
        self, unit: ReportingUnit, month: int, result: RowResult, row: TableRow, columns: tuple[str, ...]
    ) -> bool:
        """Whether the row's return is locked; if so the row is refused at the first of ``columns`` it has."""
        monthly_return = self.returns.get((unit.pk, month))
        if monthly_return is not None and not monthly_return.is_editable:
            self.error(
                result,
                next((located for located in map(row.get, columns) if located is not None), None),
                _("the return of %(unit)s for %(period)s is %(status)s and locked; ask a coordinator to reopen it")
                % {
                    "unit": unit.display_name,
                    "period": f"{self.plan.year}-{month:02d}",
                    "status": monthly_return.get_status_display(),
                },
            )
            return True
        return False

    def group(self, unit: ReportingUnit, month: int) -> Group:
        key = (unit.pk, month)
        group = self.check.groups.get(key)
        if group is None:
            existing = self.returns.get(key)
            group = self.check.groups[key] = Group(
                unit=unit, month=month, version=existing.version if existing else None
            )
        return group
