"""District implementation plans (备案), assessments (督察评估) and good practice (典型经验).

The plan's safeguards (三、保障措施) ask each reporting unit to file its own implementation plan by the deadline of the
plan year, the municipal bureau to assess the units' work, and good practice to be publicised.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FilingStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Sent back")
    SUPERSEDED = "superseded", _("Replaced by a later version")


def filing_upload_to(instance: "PlanFiling", filename: str) -> str:
    # The extension comes from the sniffed content, never from the name the browser sent.
    return (
        f"filings/{instance.plan.year}/{instance.unit.code}/v{instance.version}-{uuid.uuid4().hex}.{instance.extension}"
    )


class PlanFilingQuerySet(models.QuerySet):
    def for_plan(self, plan):
        """Filings of one plan year."""
        return self.filter(plan=plan)

    def for_unit(self, unit):
        """Every version one unit filed."""
        return self.filter(unit=unit)


class PlanFiling(models.Model):
    """One version of a unit's implementation plan (区市实施方案); every re-filing adds a version, none is deleted."""

    plan = models.ForeignKey(
        "actions.PlanYear", verbose_name=_("plan year"), on_delete=models.PROTECT, related_name="filings"
    )
    unit = models.ForeignKey(
        "districts.ReportingUnit", verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="filings"
    )
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("document"), upload_to=filing_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    extension = models.CharField(_("file type"), max_length=10)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    targets = models.TextField(_("targets"), help_text=_("The unit's own targets for the year, as its plan sets them."))
    schedule = models.TextField(_("schedule"), help_text=_("Milestones and dates, as the unit's plan sets them."))
    status = models.CharField(_("status"), max_length=12, choices=FilingStatus.choices, default=FilingStatus.SUBMITTED)
    filed_at = models.DateTimeField(_("filed at"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    is_late = models.BooleanField(_("filed after the deadline"), default=False)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_reason = models.TextField(_("reason for sending back"), blank=True)

    objects = PlanFilingQuerySet.as_manager()

    class Meta:
        verbose_name = _("implementation plan filing")
        verbose_name_plural = _("implementation plan filings")
        ordering = ["plan", "unit__sort_order", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit", "version"], name="filing_version_once"),
            models.CheckConstraint(condition=Q(version__gte=1), name="filing_version_positive"),
            models.CheckConstraint(condition=Q(status__in=[s.value for s in FilingStatus]), name="filing_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(review_reason=""), name="filing_send_back_has_reason"
            ),
        ]
        permissions = [
            ("file_plan", _("Can file its own unit's implementation plan and good practice")),
            ("review_filing", _("Can accept or send back implementation plans")),
            ("view_all_filings", _("Can see every unit's plans, assessments and good practice")),
            ("allocate_targets", _("Can split city targets among units")),
        ]

    def __str__(self) -> str:
        return f"{self.plan.year} {self.unit} v{self.version}"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent (优秀)")
    GOOD = "good", _("Good (良好)")
    FAIR = "fair", _("Fair (一般)")
    POOR = "poor", _("Poor (较差)")


# The score bands a grade follows (lowest score of each): 优秀 90 and above, 良好 80, 一般 60, 较差 below 60.
GRADE_BANDS = ((Decimal(90), Grade.EXCELLENT), (Decimal(80), Grade.GOOD), (Decimal(60), Grade.FAIR), (Decimal(0), Grade.POOR))


def grade_for_score(score: Decimal) -> str:
    """The grade a score of 0–100 falls in (95 → 优秀, 59.9 → 较差)."""
    return next(grade for lowest, grade in GRADE_BANDS if score >= lowest)


class AssessmentQuerySet(models.QuerySet):
    def for_plan(self, plan):
        """Assessments of one plan year."""
        return self.filter(plan=plan)

    def latest_first(self):
        """The most recent period first; for one period, the latest recorded first."""
        return self.order_by("-period_end", "-created_at", "-pk")


class Assessment(models.Model):
    """A coordinator's assessment of one unit's work over a period (督察评估)."""

    plan = models.ForeignKey(
        "actions.PlanYear", verbose_name=_("plan year"), on_delete=models.PROTECT, related_name="assessments"
    )
    unit = models.ForeignKey(
        "districts.ReportingUnit",
        verbose_name=_("reporting unit"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    overall_grade = models.CharField(_("overall grade"), max_length=12, choices=Grade.choices, blank=True)
    comments = models.TextField(_("comments"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-period_end", "unit__sort_order", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="assessment_period_order"
            ),
        ]
        permissions = [("record_assessment", _("Can assess units' work"))]

    def __str__(self) -> str:
        return f"{self.unit} {self.period_start:%Y-%m}–{self.period_end:%Y-%m}"


class AssessmentItem(models.Model):
    """The score or grade one assessment gives for one action of the plan."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="items"
    )
    action = models.ForeignKey("actions.Action", verbose_name=_("action"), on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=12, choices=Grade.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        ordering = ["assessment", "action__number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "action"], name="assessment_action_once"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100), name="assessment_score_range"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=False) | ~Q(grade=""), name="assessment_item_score_or_grade"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.action.number}"


class GoodPracticeQuerySet(models.QuerySet):
    def featured(self):
        """Accounts coordinators chose to show on the home page, most recently chosen first."""
        return self.filter(is_featured=True).order_by("-featured_at", "-pk")


class GoodPractice(models.Model):
    """A unit's short account of work that went well under one measure (典型经验)."""

    unit = models.ForeignKey(
        "districts.ReportingUnit",
        verbose_name=_("reporting unit"),
        on_delete=models.PROTECT,
        related_name="good_practices",
    )
    measure = models.ForeignKey(
        "actions.Measure", verbose_name=_("measure"), on_delete=models.PROTECT, related_name="good_practices"
    )
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("account"), max_length=3000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    is_featured = models.BooleanField(_("featured on the home page"), default=False)
    featured_at = models.DateTimeField(_("featured at"), null=True, blank=True)
    featured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("featured by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = GoodPracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-created_at", "-pk"]
        permissions = [("feature_practice", _("Can feature good practice on the home page"))]

    def __str__(self) -> str:
        return self.title
