"""The dry run: read every row of a file against the plan and the database, and say for each row whether it is
new, changed, unchanged or refused — with every refusal at its sheet, row and column. Nothing is written here;
``services.import_apply`` writes what a clean check found, through the returns services.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actions.models import Indicator, Measure, PlanYear
from districts.models import ReportingUnit
from reports.models import Figure, MeasureProgress, MonthlyReturn, ProgressStatus
from reports.scoping import can_import_for_unit
from reports.services import FigureInput, ProgressInput

from .cleaning import CellProblem, is_blank, lookup_key, measure_code_parse, month_parse, number_parse, text_clean
from .layout import FIGURE_CONTENT, PROGRESS_CONTENT, Located, Table, TableRow, label
from .reading import Sheet

NEW, CHANGED, UNCHANGED, EMPTY, REFUSED = "new", "changed", "unchanged", "empty", "refused"
STATUS_LABELS = {
    NEW: gettext_lazy("new"),
    CHANGED: gettext_lazy("changed"),
    UNCHANGED: gettext_lazy("unchanged"),
    EMPTY: gettext_lazy("blank, skipped"),
    REFUSED: gettext_lazy("refused"),
}
# The percentage written next to a numerator and denominator may differ from theirs by rounding, no more.
RATE_TOLERANCE = Decimal("0.05")
MAX_COMMENT, MAX_NOTE = 500, 2000

_STATUS_WORDS = {
    ProgressStatus.NOT_STARTED: ["未启动", "未开始", "notstarted", "not_started"],
    ProgressStatus.IN_PROGRESS: ["推进中", "进行中", "正在推进", "inprogress", "in_progress"],
    ProgressStatus.DONE: ["已完成", "完成", "done", "completed"],
}


@dataclass
class CellError:
    sheet: str
    row: int | None
    column: str
    header: str
    message: str

    @property
    def text(self) -> str:
        """The whole refusal in one sentence, as the preview and the messages show it."""
        if self.row is None:
            return _("Sheet “%(sheet)s”: %(message)s") % {"sheet": self.sheet, "message": self.message}
        if not self.column:
            return _("Sheet “%(sheet)s”, row %(row)s: %(message)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "message": self.message,
            }
        return _("Sheet “%(sheet)s”, row %(row)s, column %(column)s (%(header)s): %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "message": self.message,
        }


@dataclass
class RowResult:
    sheet: str
    row: int
    kind: str
    unit: str = ""
    month: int | None = None
    item: str = ""
    status: str = EMPTY
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass
class Group:
    """What a clean file writes to one unit's return for one month."""

    unit: ReportingUnit
    month: int
    figures: dict[int, FigureInput] = field(default_factory=dict)
    progress: dict[int, ProgressInput] = field(default_factory=dict)


@dataclass
class ImportCheck:
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[CellError] = field(default_factory=list)
    groups: dict[tuple[int, int], Group] = field(default_factory=dict)

    @property
    def errors(self) -> list[CellError]:
        return self.file_errors + [error for row in self.rows for error in row.errors]

    @property
    def is_clean(self) -> bool:
        return not self.errors

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in STATUS_LABELS}

    @property
    def has_changes(self) -> bool:
        return any(group.figures or group.progress for group in self.groups.values())


def _number_text(value) -> str:
    if value is None:
        return ""
    return format(value.normalize(), ",f") if isinstance(value, Decimal) else str(value)


class _Checker:
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
        indicators = list(Indicator.objects.filter(plan=plan).active())
        self.indicators = {lookup_key(i.code): i for i in indicators}
        self.indicators_by_name = {lookup_key(i.name): i for i in indicators}
        self.measures = {
            (m.action.number, m.number): m for m in Measure.objects.filter(action__plan=plan).select_related("action")
        }
        self.allowed: dict[int, bool] = {}
        self.seen: dict[tuple, RowResult] = {}
        self.returns: dict[tuple[int, int], MonthlyReturn] = {}
        self.figures: dict[tuple[int, int], Figure] = {}
        self.progress: dict[tuple[int, int], MeasureProgress] = {}

    # -- the database as it stands, read once ------------------------------------------------------------
    def load_existing(self) -> None:
        returns = MonthlyReturn.objects.filter(plan=self.plan)
        if self.only_return is not None:
            returns = returns.filter(pk=self.only_return.pk)
        self.returns = {(r.unit_id, r.month): r for r in returns}
        ids = [r.pk for r in self.returns.values()]
        by_id = {r.pk: r for r in self.returns.values()}
        for figure in Figure.objects.filter(monthly_return_id__in=ids):
            r = by_id[figure.monthly_return_id]
            self.figures[(r.unit_id, r.month, figure.indicator_id)] = figure
        for entry in MeasureProgress.objects.filter(monthly_return_id__in=ids):
            r = by_id[entry.monthly_return_id]
            self.progress[(r.unit_id, r.month, entry.measure_id)] = entry

    # -- errors ------------------------------------------------------------------------------------------
    def error(self, result: RowResult, located: Located | None, message: str) -> None:
        if located is None:
            result.errors.append(CellError(result.sheet, result.row, "", "", message))
        else:
            result.errors.append(CellError(result.sheet, located.row, located.column_letter, located.header, message))

    # -- unit and month ----------------------------------------------------------------------------------
    def unit_for(self, table: Table, row: TableRow, result: RowResult) -> ReportingUnit | None:
        candidates = [
            row.get("unit_code"),
            row.get("unit_name"),
            table.block.get("unit_code"),
            table.block.get("unit_name"),
        ]
        located = next((c for c in candidates if c is not None and not is_blank(c.value)), None)
        if located is None:
            self.error(result, None, _("no unit: write the unit's code or name in a “区市” column or above the header"))
            return None
        unit = self.units.get(lookup_key(located.value))
        if unit is None:
            self.error(result, located, _("unknown unit “%(value)s”") % {"value": text_clean(located.value)})
            return None
        result.unit = unit.display_name
        if unit.pk not in self.allowed:
            self.allowed[unit.pk] = can_import_for_unit(self.user, unit)
        if not self.allowed[unit.pk]:
            self.error(result, located, _("you may not import figures for %(unit)s") % {"unit": unit.display_name})
            return None
        if self.only_return is not None and unit.pk != self.only_return.unit_id:
            self.error(
                result,
                located,
                _("this upload is for the return of %(expected)s, but the row is for %(unit)s")
                % {"expected": self.only_return.unit.display_name, "unit": unit.display_name},
            )
            return None
        return unit

    def month_for(self, table: Table, row: TableRow, result: RowResult) -> int | None:
        candidates = [row.get("month"), table.block.get("month")]
        located = next((c for c in candidates if c is not None and not is_blank(c.value)), None)
        if located is None:
            self.error(result, None, _("no month: write it in a “月份” column or above the header, e.g. 2023-06"))
            return None
        try:
            year, month = month_parse(located.value)
        except CellProblem as problem:
            self.error(result, located, problem.message)
            return None
        if year is not None and year != self.plan.year:
            self.error(
                result,
                located,
                _("%(year)s-%(month)02d is outside the %(plan)s plan year")
                % {"year": year, "month": month, "plan": self.plan.year},
            )
            return None
        result.month = month
        if self.only_return is not None and month != self.only_return.month:
            self.error(
                result,
                located,
                _("this upload is for %(expected)s, but the row is for month %(month)s")
                % {"expected": f"{self.plan.year}-{self.only_return.month:02d}", "month": month},
            )
            return None
        return month

    def duplicate(self, key: tuple, result: RowResult, located: Located | None) -> bool:
        first = self.seen.get(key)
        if first is not None:
            self.error(
                result,
                located,
                _("duplicates sheet “%(sheet)s” row %(row)s") % {"sheet": first.sheet, "row": first.row},
            )
            return True
        self.seen[key] = result
        return False

    def lock_check(self, unit: ReportingUnit, month: int, result: RowResult, located: Located | None) -> bool:
        monthly_return = self.returns.get((unit.pk, month))
        if monthly_return is not None and not monthly_return.is_editable:
            self.error(
                result,
                located,
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
        return self.check.groups.setdefault((unit.pk, month), Group(unit=unit, month=month))

    # -- figures -----------------------------------------------------------------------------------------
    def figure_row(self, table: Table, row: TableRow) -> None:
        result = RowResult(sheet=row.sheet, row=row.row, kind="figure")
        indicator = self.indicator_for(row, result)
        if not row.has_content(FIGURE_CONTENT):
            if indicator is not None:
                result.errors.clear()
                self.check.rows.append(result)
            return
        self.check.rows.append(result)
        unit = self.unit_for(table, row, result)
        month = self.month_for(table, row, result)
        numbers = {}
        for key in ("value", "numerator", "denominator", "rate"):
            located = row.get(key)
            if located is None:
                numbers[key] = (None, False)
                continue
            try:
                numbers[key] = number_parse(
                    located.value, number_format=located.number_format, unit=indicator.unit if indicator else ""
                )
            except CellProblem as problem:
                numbers[key] = (None, False)
                self.error(result, located, problem.message)
        comment_cell = row.get("comment")
        comment = text_clean(comment_cell.value) if comment_cell else ""
        if len(comment) > MAX_COMMENT:
            self.error(result, comment_cell, _("the comment is longer than %(n)s characters") % {"n": MAX_COMMENT})
        if indicator is None or result.errors:
            result.status = REFUSED
            return
        data = self.figure_input(indicator, row, numbers, result)
        if unit is None or month is None or data is None or result.errors:
            result.status = REFUSED
            return
        if self.duplicate(("figure", unit.pk, month, indicator.pk), result, row.get("indicator_code")):
            result.status = REFUSED
            return
        existing = self.figures.get((unit.pk, month, indicator.pk))
        if not data.comment and existing is not None:
            data = FigureInput(data.value, data.numerator, data.denominator, existing.comment)
        changes = []
        for name in ("value", "numerator", "denominator", "comment"):
            old = getattr(existing, name) if existing is not None else (None if name != "comment" else "")
            new = getattr(data, name)
            if old != new:
                changes.append((label(name if name != "value" else "value"), _number_text(old), _number_text(new)))
        result.changes = changes
        if not changes:
            result.status = UNCHANGED
            return
        if self.lock_check(unit, month, result, row.get("value") or row.get("numerator")):
            result.status = REFUSED
            return
        result.status = NEW if existing is None else CHANGED
        self.group(unit, month).figures[indicator.pk] = data

    def indicator_for(self, row: TableRow, result: RowResult) -> Indicator | None:
        code, name = row.get("indicator_code"), row.get("indicator_name")
        if code is not None and not is_blank(code.value):
            indicator = self.indicators.get(lookup_key(code.value))
            if indicator is None:
                self.error(
                    result,
                    code,
                    _("unknown indicator “%(value)s” in the %(plan)s plan")
                    % {"value": text_clean(code.value), "plan": self.plan.year},
                )
        elif name is not None and not is_blank(name.value):
            indicator = self.indicators_by_name.get(lookup_key(name.value))
            if indicator is None:
                self.error(result, name, _("unknown indicator “%(value)s”") % {"value": text_clean(name.value)})
        else:
            self.error(result, code, _("no indicator code"))
            indicator = None
        if indicator is not None:
            result.item = f"{indicator.code} {indicator.name}"
        return indicator

    def figure_input(self, indicator: Indicator, row: TableRow, numbers, result: RowResult) -> FigureInput | None:
        (value, value_pct), (numerator, _n), (denominator, _d) = (
            numbers["value"],
            numbers["numerator"],
            numbers["denominator"],
        )
        rate, _r = numbers["rate"]
        comment = text_clean(row.get("comment").value) if row.get("comment") else ""
        if not indicator.is_ratio:
            for key in ("numerator", "denominator"):
                if numbers[key][0] is not None:
                    self.error(
                        result,
                        row.get(key),
                        _("%(indicator)s is not a ratio: write its figure under the value")
                        % {"indicator": indicator.code},
                    )
            if value_pct and indicator.unit != "%":
                self.error(
                    result,
                    row.get("value"),
                    _("%(indicator)s is counted in %(unit)s, not in per cent")
                    % {"indicator": indicator.code, "unit": indicator.unit},
                )
            if value is None and not comment:
                self.error(result, row.get("value"), _("no figure"))
            return None if result.errors else FigureInput(value=value, comment=comment)
        # A ratio is kept as numerator and denominator; a percentage beside them is checked, never stored alone.
        if value is not None and rate is None:
            rate = value
        if numerator is None and denominator is None:
            if rate is not None:
                self.error(
                    result,
                    row.get("value") or row.get("rate"),
                    _("%(indicator)s is a ratio: write its numerator and denominator, not only the percentage")
                    % {"indicator": indicator.code},
                )
            elif not comment:
                self.error(result, row.get("numerator"), _("no figure"))
            return None if result.errors else FigureInput(comment=comment)
        if numerator is None or denominator is None:
            missing = "numerator" if numerator is None else "denominator"
            self.error(result, row.get(missing), _("a ratio needs both numerator and denominator"))
            return None
        if denominator == 0:
            self.error(result, row.get("denominator"), _("the denominator must be above zero"))
            return None
        if numerator > denominator:
            self.error(result, row.get("numerator"), _("the numerator cannot be above the denominator"))
            return None
        if rate is not None and abs(numerator * 100 / denominator - rate) > RATE_TOLERANCE:
            self.error(
                result,
                row.get("rate") or row.get("value"),
                _("%(rate)s%% does not match numerator / denominator (%(computed)s%%)")
                % {
                    "rate": _number_text(rate),
                    "computed": _number_text((numerator * 100 / denominator).quantize(Decimal("0.01"))),
                },
            )
            return None
        return FigureInput(numerator=numerator, denominator=denominator, comment=comment)

    # -- progress notes ----------------------------------------------------------------------------------
    def progress_row(self, table: Table, row: TableRow) -> None:
        result = RowResult(sheet=row.sheet, row=row.row, kind="progress")
        code = row.get("measure_code")
        parsed = measure_code_parse(code.value) if code is not None else None
        measure = self.measures.get(parsed) if parsed else None
        if measure is not None:
            result.item = measure.code
        if not row.has_content(PROGRESS_CONTENT):
            if measure is not None:
                self.check.rows.append(result)
            return
        self.check.rows.append(result)
        if measure is None:
            self.error(
                result,
                code,
                _("unknown measure “%(value)s”; write it as 1.2") % {"value": text_clean(code.value if code else "")},
            )
        unit = self.unit_for(table, row, result)
        month = self.month_for(table, row, result)
        status_cell, note_cell = row.get("status"), row.get("note")
        status = None
        if status_cell is not None and not is_blank(status_cell.value):
            status = self.status_parse(status_cell.value)
            if status is None:
                self.error(
                    result,
                    status_cell,
                    _("unknown status “%(value)s”; write 未启动, 推进中 or 已完成")
                    % {"value": text_clean(status_cell.value)},
                )
        note = text_clean(note_cell.value) if note_cell is not None else ""
        if len(note) > MAX_NOTE:
            self.error(result, note_cell, _("the progress note is longer than %(n)s characters") % {"n": MAX_NOTE})
        if measure is None or unit is None or month is None or result.errors:
            result.status = REFUSED
            return
        if self.duplicate(("progress", unit.pk, month, measure.pk), result, code):
            result.status = REFUSED
            return
        existing = self.progress.get((unit.pk, month, measure.pk))
        old_status = existing.status if existing else ""
        old_note = existing.note if existing else ""
        new_status = status or old_status or (ProgressStatus.IN_PROGRESS if note else ProgressStatus.NOT_STARTED)
        new_note = note or old_note
        changes = []
        if old_status != new_status:
            changes.append(
                (
                    label("status"),
                    str(ProgressStatus(old_status).label) if old_status else "",
                    str(ProgressStatus(new_status).label),
                )
            )
        if old_note != new_note:
            changes.append((label("note"), old_note, new_note))
        if existing is None and new_status == ProgressStatus.NOT_STARTED and not new_note:
            changes = []
        result.changes = changes
        if not changes:
            result.status = UNCHANGED
            return
        if self.lock_check(unit, month, result, status_cell if status else note_cell):
            result.status = REFUSED
            return
        result.status = NEW if existing is None else CHANGED
        self.group(unit, month).progress[measure.pk] = ProgressInput(status=new_status, note=new_note)

    @staticmethod
    def status_parse(value) -> str | None:
        key = text_clean(value).replace(" ", "").lower()
        for status, words in _STATUS_WORDS.items():
            if key in words or key == str(status.label).replace(" ", "").lower():
                return status
        return None


def import_check(*, user, plan: PlanYear, sheets: list[Sheet], only_return: MonthlyReturn | None = None) -> ImportCheck:
    """Check every row of the file without writing anything.

    ``only_return`` limits the file to one return (a district's upload from its return page): rows for another
    unit or month are refused. A row that would change a locked (submitted or approved) return is refused; a row
    equal to what a locked return holds is merely unchanged, so a whole year's export imports back cleanly.
    """
    from .layout import tables_find

    checker = _Checker(user=user, plan=plan, only_return=only_return)
    tables = tables_find(sheets)
    if not tables:
        checker.check.file_errors.append(
            CellError(
                sheets[0].name if sheets else "—",
                None,
                "",
                "",
                _(
                    "no table found: the header row needs an “指标代码” column (figures) or a “举措编号” column (progress)"
                ),
            )
        )
        return checker.check
    checker.load_existing()
    for table in tables:
        for row in table.rows:
            if all(is_blank(cell.value) for cell in row.cells.values()):
                continue
            if table.kind == "figure":
                checker.figure_row(table, row)
            else:
                checker.progress_row(table, row)
    return checker.check
