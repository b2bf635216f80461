"""Figure rows: an indicator, its value (or numerator and denominator, and a percentage that must agree), and a
comment; checked against the same rules as the form."""

from decimal import Decimal

from django.utils.translation import gettext as _

from actions.models import Indicator, rate_of
from reports.figure_rules import figure_problems
from reports.services import FigureInput

from ..cleaning import CellProblem, is_blank, lookup_key, number_parse, text_clean, text_keep
from ..layout import FIGURE_CONTENT, Table, TableRow, label
from .results import CHANGED, NEW, REFUSED, UNCHANGED, RowResult, number_text

# The percentage written next to a numerator and denominator may differ from theirs by rounding, no more.
RATE_TOLERANCE = Decimal("0.05")
MAX_COMMENT = 500


class FigureRows:
    # -- figures -----------------------------------------------------------------------------------------
    def figure_row(self, table: Table, row: TableRow) -> None:
        # The hot path of a province's file (some 5,000 rows, checked at the preview and again at the confirm):
        # cells are read by value, and located (for an error's sheet, row and column) only when refused.
        result = RowResult(row.sheet, row.row, "figure")
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
            cell = row.cell(key)
            if cell is None or cell.value is None:
                numbers[key] = (None, False)
                continue
            try:
                numbers[key] = number_parse(
                    cell.value, number_format=cell.number_format, unit=indicator.unit if indicator else ""
                )
            except CellProblem as problem:
                numbers[key] = (None, False)
                self.error(result, row.get(key), problem.message)
        comment = row.value("comment")
        comment = "" if comment is None else text_keep(comment)
        if len(comment) > MAX_COMMENT:
            self.error(
                result, row.get("comment"), _("the comment is longer than %(n)s characters") % {"n": MAX_COMMENT}
            )
        if indicator is None or result.errors:
            result.status = REFUSED
            return
        data = self.figure_input(indicator, row, numbers, comment, result)
        if unit is None or month is None or data is None or result.errors:
            result.status = REFUSED
            return
        key = (unit.pk, month, indicator.pk)
        if self.duplicate(("figure", *key), result, row, "indicator_code"):
            result.status = REFUSED
            return
        existing = self.figures.get(key)
        if not data.comment and existing is not None:
            data = FigureInput(data.value, data.numerator, data.denominator, existing.comment)
        changes = []
        for name in ("value", "numerator", "denominator", "comment"):
            old = getattr(existing, name) if existing is not None else (None if name != "comment" else "")
            new = getattr(data, name)
            if old != new:
                changes.append((label(name), number_text(old), number_text(new)))
        result.changes = changes
        if not changes:
            result.status = UNCHANGED
            return
        if self.lock_check(unit, month, result, row, ("value", "numerator")):
            result.status = REFUSED
            return
        if not self.rules_check(indicator, data, row, result, history=self.history.get(key)):
            result.status = REFUSED
            return
        result.status = NEW if existing is None else CHANGED
        self.group(unit, month).figures[key[2]] = data

    def rules_check(self, indicator: Indicator, data: FigureInput, row: TableRow, result: RowResult, history) -> bool:
        """The form's rules (reports.figure_rules): whole counts, the largest figure, and the outlier check, which
        a comment in the file confirms (the row is then flagged in the preview) and which refuses the row without
        one."""
        problems = figure_problems(
            indicator=indicator,
            value=data.value,
            numerator=data.numerator,
            denominator=data.denominator,
            history=history,
        )
        for problem in problems:
            if problem.code == "outlier" and data.comment.strip():
                if problem.part == "value":
                    result.flags.append(problem.message)
                continue
            if problem.code == "outlier" and problem.part == "comment":
                self.error(result, row.get("comment"), _("write in the comment column why this figure is right"))
                continue
            self.error(result, row.get(problem.part) or row.get("value"), problem.message)
        return not result.errors

    def indicator_for(self, row: TableRow, result: RowResult) -> Indicator | None:
        code = row.value("indicator_code")
        if not is_blank(code):
            indicator = self.indicators.get(lookup_key(code))
            if indicator is None:
                self.error(
                    result,
                    row.get("indicator_code"),
                    _("unknown indicator “%(value)s” in the %(plan)s plan")
                    % {"value": text_clean(code), "plan": self.plan.year},
                )
        elif not is_blank(name := row.value("indicator_name")):
            indicator = self.indicators_by_name.get(lookup_key(name))
            if indicator is None:
                self.error(
                    result, row.get("indicator_name"), _("unknown indicator “%(value)s”") % {"value": text_clean(name)}
                )
        else:
            self.error(result, row.get("indicator_code"), _("no indicator code"))
            indicator = None
        if indicator is not None:
            result.item = self.indicator_items[indicator.pk]
        return indicator

    def figure_input(
        self, indicator: Indicator, row: TableRow, numbers, comment: str, result: RowResult
    ) -> FigureInput | None:
        (value, value_pct), (numerator, _n), (denominator, _d) = (
            numbers["value"],
            numbers["numerator"],
            numbers["denominator"],
        )
        rate, _r = numbers["rate"]
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
                    "rate": number_text(rate),
                    "computed": number_text(rate_of(numerator, denominator)),
                },
            )
            return None
        return FigureInput(numerator=numerator, denominator=denominator, comment=comment)
