"""The rows a save of one or many returns creates and rewrites, and its audit entries: gathered return by return,
then written in one go — a statement or two per table and one insert of the audit trail.

A form saves one return through Django's bulk methods. An imported file saves thousands of figures at once
(``many``): the audit entries are gathered as plain rows, not model instances, and every table is written through
``bulk.py`` (COPY on PostgreSQL), which is what keeps a province's month within a second.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .bulk import rows_delete, rows_insert, timestamp
from .figure_rules import figure_problems
from .models import ChangeEntry, Figure, MeasureProgress, ProgressStatus

# An audit entry before it is written: (return id, indicator id, measure id, field, old value, new value).
AUDIT_FIELDS = ("monthly_return", "indicator", "measure", "field", "old_value", "new_value")
FIGURE_FIELDS = ("monthly_return", "indicator", "value", "numerator", "denominator", "comment")
NOTE_TEXTS = ("status", "note", "problems", "next_steps")
PROGRESS_FIELDS = ("monthly_return", "measure", *NOTE_TEXTS, "carried")


def plain_number(number: Decimal | None) -> str | None:
    """A figure as a person would type it and as the audit trail records it: 1200, not 1200.00 or 1.2E+3."""
    return None if number is None else format(number.normalize(), "f")


def audit_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain_number(value)
    return str(value)


def figure_validate(indicator, data) -> None:
    # The same rules as the form and the import (reports.figure_rules), but the outlier check, which needs history.
    problems = figure_problems(
        indicator=indicator, value=data.value, numerator=data.numerator, denominator=data.denominator
    )
    if problems:
        raise ValidationError([f"{indicator.name}: {problem.message}" for problem in problems], code="invalid_figure")


@dataclass(slots=True)
class FigureRow:
    """A stored figure as plain values: what a many-returns save reads and changes, without a model instance."""

    pk: int | None
    monthly_return_id: int
    indicator_id: int
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    comment: str = ""


@dataclass(slots=True)
class NoteRow:
    pk: int | None
    monthly_return_id: int
    measure_id: int
    status: str = ProgressStatus.NOT_STARTED
    note: str = ""
    problems: str = ""
    next_steps: str = ""
    carried: bool = False


FIGURE_COLUMNS = ("pk", "monthly_return_id", "indicator_id", "value", "numerator", "denominator", "comment")
NOTE_COLUMNS = ("pk", "monthly_return_id", "measure_id", *NOTE_TEXTS, "carried")


def stored_rows(return_ids: list[int]) -> tuple[dict[int, dict[int, FigureRow]], dict[int, dict[int, NoteRow]]]:
    """The figures and notes of the returns, per return and per indicator or measure, as plain rows."""
    figures: dict[int, dict[int, FigureRow]] = {}
    notes: dict[int, dict[int, NoteRow]] = {}
    # order_by(): the default orderings would join the plan, unit, indicator and measure tables to sort for nothing.
    for row in Figure.objects.filter(monthly_return_id__in=return_ids).order_by().values_list(*FIGURE_COLUMNS):
        figures.setdefault(row[1], {})[row[2]] = FigureRow(*row)
    for row in MeasureProgress.objects.filter(monthly_return_id__in=return_ids).order_by().values_list(*NOTE_COLUMNS):
        notes.setdefault(row[1], {})[row[2]] = NoteRow(*row)
    return figures, notes


class Writes:
    def __init__(self, *, user, source: str, source_name: str, many: bool = False):
        self.user, self.source, self.source_name, self.many = user, source, source_name, many
        self.figures_new, self.figures_changed, self.progress_new, self.progress_changed = [], [], [], []
        self.changes: list[tuple] = []

    def add(self, *, monthly_return, figures, progress, indicators, measures, existing, existing_progress) -> None:
        return_id = monthly_return.pk
        for indicator_id, data in figures.items():
            indicator = indicators.get(indicator_id)
            if indicator is None or indicator.plan_id != monthly_return.plan_id:
                raise ValidationError(_("An indicator does not belong to this plan year."), code="bad_indicator")
            figure_validate(indicator, data)
            figure = existing.get(indicator_id)
            if figure is None:
                figure = (
                    FigureRow(None, return_id, indicator_id)
                    if self.many
                    else Figure(monthly_return=monthly_return, indicator=indicator)
                )
            changed = False
            for name in ("value", "numerator", "denominator", "comment"):
                old, new = audit_text(getattr(figure, name)), audit_text(getattr(data, name))
                if old != new:
                    self.changes.append((return_id, indicator_id, None, name, old, new))
                    setattr(figure, name, getattr(data, name))
                    changed = True
            if figure.pk is None:
                if any(getattr(data, n) is not None for n in ("value", "numerator", "denominator")) or data.comment:
                    self.figures_new.append(figure)
            elif changed:
                self.figures_changed.append(figure)

        for measure_id, data in progress.items():
            measure = measures.get(measure_id)
            if measure is None or measure.action.plan_id != monthly_return.plan_id:
                raise ValidationError(_("A measure does not belong to this plan year."), code="bad_measure")
            if data.status not in ProgressStatus.values:
                raise ValidationError(_("Unknown progress status."), code="bad_status")
            entry = existing_progress.get(measure_id)
            if entry is None:
                entry = (
                    NoteRow(None, return_id, measure_id)
                    if self.many
                    else MeasureProgress(monthly_return=monthly_return, measure=measure)
                )
                if data.status == ProgressStatus.NOT_STARTED and not (data.note or data.problems or data.next_steps):
                    continue
                self.progress_new.append(entry)
                old = dict.fromkeys(NOTE_TEXTS, "")
            else:
                old = {name: getattr(entry, name) for name in NOTE_TEXTS}
            new = {name: getattr(data, name) for name in NOTE_TEXTS}
            for name in NOTE_TEXTS:
                if old[name] != new[name]:
                    self.changes.append((return_id, None, measure_id, name, old[name], new[name]))
                    setattr(entry, name, new[name])
            # The carried-over mark is no field of the return: it changes the row, not the audit trail.
            if entry.pk and (old != new or entry.carried != data.carried):
                self.progress_changed.append(entry)
            entry.carried = data.carried

    def write(self) -> int:
        """Write what was gathered; return how many fields changed. ``many``: see the module's docstring."""
        if self.many:
            self._write_rows()
        else:
            Figure.objects.bulk_update(self.figures_changed, ["value", "numerator", "denominator", "comment"])
            MeasureProgress.objects.bulk_update(self.progress_changed, [*NOTE_TEXTS, "carried"])
            Figure.objects.bulk_create(self.figures_new)
            MeasureProgress.objects.bulk_create(self.progress_new)
            ChangeEntry.objects.bulk_create(
                ChangeEntry(
                    monthly_return_id=r,
                    indicator_id=i,
                    measure_id=m,
                    field=f,
                    old_value=o,
                    new_value=n,
                    user=self.user,
                    source=self.source,
                    source_name=self.source_name,
                )
                for r, i, m, f, o, n in self.changes
            )
        return len(self.changes)

    def _write_rows(self) -> None:
        # Rewritten rows keep their ids (deleted, then inserted again): nothing refers to a figure or a note.
        figure = lambda f: (f.monthly_return_id, f.indicator_id, f.value, f.numerator, f.denominator, f.comment)  # noqa: E731
        note = lambda p: (p.monthly_return_id, p.measure_id, *(getattr(p, n) for n in NOTE_TEXTS), p.carried)  # noqa: E731
        rows_delete(Figure, [f.pk for f in self.figures_changed])
        rows_insert(Figure, ("id", *FIGURE_FIELDS), [(f.pk, *figure(f)) for f in self.figures_changed])
        rows_insert(Figure, FIGURE_FIELDS, [figure(f) for f in self.figures_new])
        rows_delete(MeasureProgress, [p.pk for p in self.progress_changed])
        rows_insert(MeasureProgress, ("id", *PROGRESS_FIELDS), [(p.pk, *note(p)) for p in self.progress_changed])
        rows_insert(MeasureProgress, PROGRESS_FIELDS, [note(p) for p in self.progress_new])
        user_id = getattr(self.user, "pk", None)
        now = timestamp(timezone.now())
        rows_insert(
            ChangeEntry,
            (*AUDIT_FIELDS, "user", "at", "source", "source_name"),
            [(*change, user_id, now, self.source, self.source_name) for change in self.changes],
        )
