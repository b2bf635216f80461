"""Monthly returns (月报): one per reporting unit and month, with figures, progress notes, workflow and audit."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# Figure columns are DECIMAL(16, 2), but SQLite keeps a decimal as a REAL and Django reads it back through a
# 15-digit context: a 16-digit figure comes back altered (12345678901234.56 → 12345678901234.60) or not at all
# (99999999999999.95 rounds to 17 digits and every read of its return fails). Fifteen digits, two of them
# decimals, come back exactly on both databases. The form, the import and the services refuse more
# (reports.figure_rules); the database's check constraints hold the line behind them.
MAX_FIGURE = Decimal("9999999999999.99")


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # With the unit's own check (districts.ReportingUnit.requires_unit_check): handed in by its filer, not yet sent
    # on to the city by its checker. Counts nowhere, as a draft does.
    UNIT_CHECK = "unit_check", _("Awaiting the unit's check")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")


class MonthlyReturnQuerySet(models.QuerySet):
    def for_plan(self, plan):
        """Returns of one plan year."""
        return self.filter(plan=plan)

    def for_unit(self, unit):
        """Returns of one reporting unit."""
        return self.filter(unit=unit)

    def counted(self, *, include_submitted: bool = False):
        """Returns whose figures count in roll-ups: approved ones, and submitted ones when asked."""
        statuses = [ReturnStatus.APPROVED]
        if include_submitted:
            statuses.append(ReturnStatus.SUBMITTED)
        return self.filter(status__in=statuses)

    def editable(self):
        """Returns that their unit may still change."""
        return self.filter(status__in=[ReturnStatus.DRAFT, ReturnStatus.RETURNED])


def due_day_for(*, plan, unit) -> int:
    """The day of the following month a return of ``unit`` is due: departments have their own."""
    return plan.department_due_day if unit.is_department else plan.due_day


def due_date_for(*, year: int, month: int, due_day: int) -> datetime.date:
    """The day by which the return for ``month`` of ``year`` is due: ``due_day`` of the following month."""
    if month == 12:
        return datetime.date(year + 1, 1, due_day)
    return datetime.date(year, month + 1, due_day)


class MonthlyReturn(models.Model):
    plan = models.ForeignKey(
        "actions.PlanYear", verbose_name=_("plan year"), on_delete=models.PROTECT, related_name="returns"
    )
    unit = models.ForeignKey(
        "districts.ReportingUnit", verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="returns"
    )
    month = models.PositiveSmallIntegerField(_("month"))
    status = models.CharField(_("status"), max_length=12, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT)
    # Bumped by every save: a form carries the version it was read at, so a stale save is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    is_late = models.BooleanField(_("late"), default=False)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MonthlyReturnQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly return")
        verbose_name_plural = _("monthly returns")
        ordering = ["-plan__year", "-month", "unit__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit", "month"], name="return_once_per_unit_and_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="return_month_in_year"),
            models.CheckConstraint(condition=Q(status__in=[s.value for s in ReturnStatus]), name="return_status_valid"),
        ]
        indexes = [models.Index(fields=["plan", "month", "status"], name="return_plan_month_status")]
        permissions = [
            ("file_return", _("Can file its own unit's returns")),
            ("review_return", _("Can approve and return returns")),
            ("view_all_returns", _("Can see every unit's returns")),
            ("import_returns", _("Can import returns from Excel")),
            ("check_unit_return", _("Can check its own unit's returns before they go to the city")),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.plan.year}-{self.month:02d}"

    @property
    def period(self) -> datetime.date:
        """The first day of the return's month, for display as 2023年6月."""
        return datetime.date(self.plan.year, self.month, 1)

    @property
    def due_date(self) -> datetime.date:
        return due_date_for(year=self.plan.year, month=self.month, due_day=due_day_for(plan=self.plan, unit=self.unit))

    @property
    def is_editable(self) -> bool:
        return self.status in (ReturnStatus.DRAFT, ReturnStatus.RETURNED)


class Figure(models.Model):
    """A unit's figure for one indicator in one month: a value, or numerator and denominator for a ratio."""

    monthly_return = models.ForeignKey(
        MonthlyReturn, verbose_name=_("monthly return"), on_delete=models.CASCADE, related_name="figures"
    )
    indicator = models.ForeignKey(
        "actions.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="figures"
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, null=True, blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=16, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), max_digits=16, decimal_places=2, null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["monthly_return", "indicator__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["monthly_return", "indicator"], name="figure_once_per_return"),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0), name="figure_value_non_negative"),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__gte=0), name="figure_numerator_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0), name="figure_denominator_positive"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(denominator__isnull=True) | Q(numerator__lte=F("denominator")),
                name="figure_numerator_not_above_denominator",
            ),
            # The largest figure that comes back exactly on SQLite and PostgreSQL; see MAX_FIGURE.
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{part}__isnull": True}) | Q(**{f"{part}__lte": MAX_FIGURE}),
                    name=f"figure_{part}_fits",
                )
                for part in ("value", "numerator", "denominator")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.monthly_return} {self.indicator.code}"

    @property
    def rate(self) -> Decimal | None:
        if self.numerator is None or not self.denominator:
            return None
        return self.numerator * 100 / self.denominator


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Completed")


class MeasureProgress(models.Model):
    """A unit's monthly narrative on one measure: status and progress made (工作进展)."""

    monthly_return = models.ForeignKey(MonthlyReturn, on_delete=models.CASCADE, related_name="progress")
    measure = models.ForeignKey(
        "actions.Measure", verbose_name=_("measure"), on_delete=models.PROTECT, related_name="progress"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED
    )
    note = models.TextField(_("progress made"), blank=True, max_length=2000)
    # A department's return also says what stands in the way and what comes next (存在问题, 下步打算).
    problems = models.TextField(_("problems"), blank=True, max_length=2000)
    next_steps = models.TextField(_("next steps"), blank=True, max_length=2000)
    # Set when the note was carried over from the unit's previous month; cleared once someone edits the note or
    # confirms it is still true. A return is not submitted with such a note (issue 25).
    carried = models.BooleanField(_("carried over, to confirm"), default=False)

    class Meta:
        verbose_name = _("measure progress")
        verbose_name_plural = _("measure progress")
        ordering = ["monthly_return", "measure__action__number", "measure__number"]
        constraints = [
            models.UniqueConstraint(fields=["monthly_return", "measure"], name="progress_once_per_return"),
        ]

    def __str__(self) -> str:
        return f"{self.monthly_return} {self.measure.code}"


class ReturnTransition(models.Model):
    """One step of a return's workflow: who moved it from which status to which, when, and why."""

    class Kind(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        TO_CHECK = "to_check", _("Sent for the unit's check")
        CHECK_BACK = "check_back", _("Returned by the unit's checker")
        APPROVE = "approve", _("Approved")
        SEND_BACK = "send_back", _("Returned for revision")
        REOPEN = "reopen", _("Reopened")

    monthly_return = models.ForeignKey(MonthlyReturn, on_delete=models.CASCADE, related_name="transitions")
    kind = models.CharField(_("action"), max_length=12, choices=Kind.choices)
    from_status = models.CharField(_("from"), max_length=12, choices=ReturnStatus.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=ReturnStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)
    late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["monthly_return", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.monthly_return} {self.kind}"


class ChangeSource(models.TextChoices):
    FORM = "form", _("Form")
    IMPORT = "import", _("Excel import")


class ChangeEntry(models.Model):
    """The audit trail: every change of a figure or a note, old → new, by whom and through what."""

    monthly_return = models.ForeignKey(MonthlyReturn, on_delete=models.CASCADE, related_name="changes")
    indicator = models.ForeignKey(
        "actions.Indicator", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    measure = models.ForeignKey("actions.Measure", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(_("field"), max_length=20)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=10, choices=ChangeSource.choices, default=ChangeSource.FORM)
    source_name = models.CharField(_("file"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["monthly_return", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.monthly_return} {self.field}: {self.old_value} → {self.new_value}"


class ReturnQuestion(models.Model):
    """A coordinator's question on one figure (indicator) or one measure's note, asked when sending a return back,
    and the unit's answer."""

    monthly_return = models.ForeignKey(MonthlyReturn, on_delete=models.CASCADE, related_name="questions")
    # The send-back that asked it: the questions of the latest one are those the unit answers now.
    step = models.ForeignKey(
        ReturnTransition, verbose_name=_("asked with"), null=True, on_delete=models.SET_NULL, related_name="questions"
    )
    indicator = models.ForeignKey(
        "actions.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    measure = models.ForeignKey(
        "actions.Measure", verbose_name=_("measure"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("question"), max_length=1000)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True, max_length=2000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["monthly_return", "asked_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(indicator__isnull=False, measure__isnull=True)
                | Q(indicator__isnull=True, measure__isnull=False),
                name="question_on_one_item",
            ),
        ]

    def __str__(self) -> str:
        item = self.indicator.code if self.indicator_id else self.measure.code
        return f"{self.monthly_return} {item}: {self.text[:30]}"
