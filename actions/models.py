"""The plan as data: plan year → actions → measures → indicators, with targets and responsible units."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

CHINESE_NUMERALS = "〇一二三四五六七八九十"


def action_label(number: int) -> str:
    """行动一…行动五 as the plan names its actions (Action 1…5 in English)."""
    chinese = (get_language() or "").startswith("zh") and 0 < number < len(CHINESE_NUMERALS)
    return gettext("Action %(number)s") % {"number": CHINESE_NUMERALS[number] if chinese else number}


class DepartmentPeriod(models.TextChoices):
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")


class PlanYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    due_day = models.PositiveSmallIntegerField(
        _("return due day"),
        default=settings.NEWCITIZEN["DEFAULT_DUE_DAY"],
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("A return for month M is due on this day of month M+1."),
    )
    filing_deadline = models.DateField(
        _("implementation plan deadline"),
        null=True,
        blank=True,
        help_text=_("Districts file their implementation plans by this date."),
    )
    department_period = models.CharField(
        _("departments report"),
        max_length=10,
        choices=DepartmentPeriod.choices,
        default=DepartmentPeriod.MONTHLY,
        help_text=_("How often the responsible departments file on their measures."),
    )
    department_due_day = models.PositiveSmallIntegerField(
        _("department return due day"),
        default=settings.NEWCITIZEN["DEFAULT_DUE_DAY"],
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("A department's return for a period is due on this day of the month after it ends."),
    )
    # The review page flags a figure that moved more than this from the unit's previous month (环比波动).
    swing_alert_percent = models.PositiveSmallIntegerField(
        _("month-on-month swing to flag (%)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_(
            "The review page flags a figure that rose or fell by more than this share of the unit's previous month."
        ),
    )

    class Meta:
        verbose_name = _("plan year")
        verbose_name_plural = _("plan years")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(due_day__gte=1, due_day__lte=28), name="plan_due_day_in_month"),
            models.CheckConstraint(
                condition=Q(department_due_day__gte=1, department_due_day__lte=28),
                name="plan_department_due_day_in_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    def department_months(self) -> list[int]:
        """The months whose end closes a department reporting period (the month a period's return is filed for)."""
        if self.department_period == DepartmentPeriod.QUARTERLY:
            return [3, 6, 9, 12]
        return list(range(1, 13))


class ResponsibleUnit(models.Model):
    """One of the municipal departments that a measure names as responsible (责任单位)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    # The unit the department files its own returns as (部门报送): the same return machinery as a district's.
    reporting_unit = models.OneToOneField(
        "districts.ReportingUnit",
        verbose_name=_("files as"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="department",
    )

    class Meta:
        verbose_name = _("responsible unit")
        verbose_name_plural = _("responsible units")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Action(models.Model):
    plan = models.ForeignKey(PlanYear, verbose_name=_("plan year"), on_delete=models.CASCADE, related_name="actions")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    objective = models.TextField(_("main objective"))

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="action_number_unique_in_plan"),
            models.CheckConstraint(condition=Q(number__gte=1), name="action_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def label(self) -> str:
        return action_label(self.number)


class MeasureQuerySet(models.QuerySet):
    def reported_by(self, unit):
        """Measures a return of ``unit`` reports on: a department's own (lead or co-responsible), or the districts'."""
        if not unit.is_department:
            return self.filter(reported_by_districts=True)
        department = getattr(unit, "department", None)
        if department is None:
            return self.none()
        return self.filter(responsibilities__unit=department)


class Measure(models.Model):
    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))
    responsible_units = models.ManyToManyField(
        ResponsibleUnit,
        through="MeasureResponsibility",
        verbose_name=_("responsible units"),
        related_name="measures",
    )
    reported_by_districts = models.BooleanField(
        _("districts report on it"),
        default=True,
        help_text=_("Off for a measure whose progress is the city's alone: only its departments report on it."),
    )

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["action__plan", "action__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["action", "number"], name="measure_number_unique_in_action"),
            models.CheckConstraint(condition=Q(number__gte=1), name="measure_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:30]}"

    @property
    def code(self) -> str:
        return f"{self.action.number}.{self.number}"


class MeasureResponsibility(models.Model):
    """A responsible unit of a measure, in the plan's order; the first named leads (牵头)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="responsibilities")
    unit = models.ForeignKey(ResponsibleUnit, verbose_name=_("responsible unit"), on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["measure", "order"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "unit"], name="responsibility_unit_once"),
            models.UniqueConstraint(fields=["measure", "order"], name="responsibility_order_once"),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.unit}"

    @property
    def is_lead(self) -> bool:
        return self.order == 1


class IndicatorQuerySet(models.QuerySet):
    def active(self):
        """Indicators that returns ask for."""
        return self.filter(is_active=True)

    def of_districts(self):
        """Indicators the districts report (and district roll-ups add up): not those a department reports."""
        return self.filter(department__isnull=True)

    def reported_by(self, unit):
        """Indicators a return of ``unit`` asks for: a department's own, or the districts' ones."""
        department = getattr(unit, "department", None) if unit.is_department else None
        if department is None:
            return self.of_districts() if not unit.is_department else self.none()
        return self.filter(department=department)

    def for_plan(self, plan):
        """Indicators of one plan year, in the plan's order (sort_order, not the measure: objective indicators have
        none, and SQLite and PostgreSQL sort an empty measure differently)."""
        return self.filter(plan=plan).order_by("action__number", "sort_order", "code")


class Indicator(models.Model):
    """A figure every district reports (or, for a city-level figure, one department); its kind decides the roll-up."""

    class Kind(models.TextChoices):
        FLOW = "flow", _("Flow (new this month)")
        STOCK = "stock", _("Stock (level at month end)")
        RATIO = "ratio", _("Ratio (numerator / denominator)")

    plan = models.ForeignKey(PlanYear, verbose_name=_("plan year"), on_delete=models.CASCADE, related_name="indicators")
    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="indicators")
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
        help_text=_("Empty for an indicator of the action's main objective."),
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit of measure"), max_length=20)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    is_objective = models.BooleanField(_("measures the main objective"), default=False)
    numerator_label = models.CharField(_("numerator label"), max_length=100, blank=True)
    denominator_label = models.CharField(_("denominator label"), max_length=100, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Retired indicators keep their history."))
    department = models.ForeignKey(
        ResponsibleUnit,
        verbose_name=_("reported by department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_indicators",
        help_text=_("A city-level figure that this department reports instead of the districts; empty: the districts."),
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan", "action__number", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_code_unique_in_plan"),
            models.CheckConstraint(condition=Q(kind__in=["flow", "stock", "ratio"]), name="indicator_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_ratio(self) -> bool:
        return self.kind == self.Kind.RATIO


class Target(models.Model):
    """The plan's target for one indicator in its plan year."""

    class Comparator(models.TextChoices):
        AT_LEAST = ">=", _("at least (以上)")
        ABOUT = "~", _("about (左右)")
        INCREASE = "increase", _("increase over baseline (持续扩大)")
        FULL = "full", _("full coverage (全覆盖)")

    class Scope(models.TextChoices):
        CITY = "city", _("whole city")
        PER_DISTRICT = "per_district", _("every reporting unit")

    class DueMode(models.TextChoices):
        """How a stock target is due: a level judged every month, or something built by a deadline month."""

        HOLD = "hold", _("a level to hold, judged every month (稳定在)")
        BUILD = "build", _("something to build by a deadline month (打造)")

    indicator = models.OneToOneField(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="target"
    )
    comparator = models.CharField(_("comparator"), max_length=10, choices=Comparator.choices)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.CITY)
    value = models.DecimalField(_("target value"), max_digits=16, decimal_places=2, null=True, blank=True)
    baseline = models.DecimalField(
        _("baseline"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The previous year-end figure, for targets that must increase."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    due_mode = models.CharField(
        _("how a stock target is due"),
        max_length=10,
        choices=DueMode.choices,
        default=DueMode.HOLD,
        help_text=_("For stock indicators only; flows follow the schedule, rates are judged every month."),
    )
    due_month = models.PositiveSmallIntegerField(
        _("deadline month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("For something to build: the month it is due by. Empty: the end of the plan year."),
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator"]
        constraints = [
            models.CheckConstraint(
                condition=Q(comparator__in=[">=", "~", "increase", "full"]), name="target_comparator_valid"
            ),
            models.CheckConstraint(condition=Q(scope__in=["city", "per_district"]), name="target_scope_valid"),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0), name="target_value_non_negative"),
            models.CheckConstraint(
                condition=Q(baseline__isnull=True) | Q(baseline__gte=0), name="target_baseline_non_negative"
            ),
            models.CheckConstraint(
                condition=~Q(comparator__in=[">=", "~"]) | Q(value__isnull=False), name="target_value_required"
            ),
            models.CheckConstraint(condition=Q(due_mode__in=["hold", "build"]), name="target_due_mode_valid"),
            models.CheckConstraint(
                condition=Q(due_month__isnull=True) | Q(due_month__gte=1, due_month__lte=12),
                name="target_due_month_in_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.get_comparator_display()} {self.value or ''}".strip()

    def clean(self) -> None:
        if self.due_month is not None and self.due_mode != self.DueMode.BUILD:
            message = _("Only something to build has a deadline month; leave it empty for a level to hold.")
            raise ValidationError({"due_month": ValidationError(message, code="due_month_without_build")})


class TargetAllocation(models.Model):
    """A reporting unit's share of a city target (任务分解)."""

    target = models.ForeignKey(Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="allocations")
    unit = models.ForeignKey("districts.ReportingUnit", verbose_name=_("reporting unit"), on_delete=models.PROTECT)
    value = models.DecimalField(
        _("allocated value"),
        max_digits=16,
        decimal_places=2,
        help_text=_("The unit's share of the target; for an “increase” target, the unit's own baseline."),
    )

    class Meta:
        verbose_name = _("target allocation")
        verbose_name_plural = _("target allocations")
        ordering = ["target", "unit__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["target", "unit"], name="allocation_unit_once"),
            models.CheckConstraint(condition=Q(value__gte=0), name="allocation_value_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.target.indicator.code} {self.unit}: {self.value}"


RATE_PLACES = Decimal("0.01")


def rate_of(numerator, denominator) -> Decimal | None:
    """A rate in %, from the exact parts, rounded once, half up, to two decimals (1,150 / 1,270 → 90.55)."""
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(RATE_PLACES, ROUND_HALF_UP)


def format_rate(numerator, denominator) -> str:
    """A rate as people read it everywhere: two decimals, half up, from the exact parts ("90.55%", "89.00%")."""
    from django.utils.formats import number_format

    rate = rate_of(numerator, denominator)
    return "—" if rate is None else f"{number_format(rate, decimal_pos=2, force_grouping=True)}%"


def format_quantity(value, unit: str = "") -> str:
    """A number as people read it in a bulletin: thousands grouped, no trailing zeros, unit after."""
    from django.utils.formats import number_format

    if value is None:
        return "—"
    decimals = 0 if value == value.to_integral_value() else 2
    text = number_format(value, decimal_pos=decimals, force_grouping=True)
    return f"{text}{unit}" if unit != "%" else f"{text}%"


def describe_target(target: "Target") -> str:
    """The target in words, e.g. "60场以上" / "at least 60 场"."""
    from django.utils.translation import gettext

    unit = target.indicator.unit
    if target.comparator == Target.Comparator.INCREASE:
        text = gettext("increase over the baseline")
        if target.baseline is not None:
            text += gettext(" (baseline %(value)s)") % {"value": format_quantity(target.baseline, unit)}
    elif target.comparator == Target.Comparator.FULL:
        text = gettext("full coverage (100%)")
    elif target.comparator == Target.Comparator.ABOUT:
        text = gettext("about %(value)s") % {"value": format_quantity(target.value, unit)}
    else:
        text = gettext("at least %(value)s") % {"value": format_quantity(target.value, unit)}
    if target.scope == Target.Scope.PER_DISTRICT:
        text = gettext("every unit: %(target)s") % {"target": text}
    return text
