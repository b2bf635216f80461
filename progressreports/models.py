"""The city's progress report to the province (工作进展情况报告, a 上行文): a period of the plan year, its figures
frozen when it is started, the words the coordinator chose and edited, its chain (``bulletins.chain``), its file."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from actions.models import PlanYear
from bulletins.chain import ChainEntry, Stage
from bulletins.models import KeptFile


class ProgressReportQuerySet(models.QuerySet):
    def issued(self):
        """Reports that went out (印发)."""
        return self.filter(status=Stage.ISSUED)


class ProgressReport(models.Model):
    """A report on months ``month_from``–``month_to`` of a plan year. ``snapshot`` is the progress API's answer for
    ``month_to`` and what the units wrote in the period, frozen when the report is started; ``content`` is what the
    coordinator chose from it and wrote (sentences per measure, good practice, assessments, problems, next steps)."""

    plan = models.ForeignKey(PlanYear, verbose_name=_("plan year"), on_delete=models.PROTECT, related_name="+")
    month_from = models.PositiveSmallIntegerField(_("from month"))
    month_to = models.PositiveSmallIntegerField(_("to month"))
    status = models.CharField(_("status"), max_length=12, choices=Stage.choices, default=Stage.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    recipients = models.CharField(_("addressed to"), max_length=200)
    snapshot = models.JSONField(_("figures and notes as frozen"), editable=False)
    content = models.JSONField(_("text as written"), default=dict)
    number = models.CharField(_("document number"), max_length=60, unique=True, null=True, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    signer_name = models.CharField(_("signed by (签发人)"), max_length=60, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-plan__year", "-month_to", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month_from", "month_to"], name="one_report_per_period"),
            models.CheckConstraint(
                condition=models.Q(month_from__gte=1, month_to__lte=12, month_from__lte=models.F("month_to")),
                name="progress_report_months",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Stage.ISSUED)
                | models.Q(number__isnull=False, issued_on__isnull=False, issued_by__isnull=False),
                name="progress_report_issued_has_number",
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.title

    @property
    def is_issued(self) -> bool:
        return self.status == Stage.ISSUED


class ProgressReportStep(ChainEntry):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="steps")

    class Meta(ChainEntry.Meta):
        verbose_name = _("progress report step")
        verbose_name_plural = _("progress report steps")

    def __str__(self) -> str:
        return f"{self.report} {self.step}"


class ProgressReportFile(KeptFile):
    """The issued report's .docx, written once at issue."""

    report = models.OneToOneField(ProgressReport, on_delete=models.PROTECT, related_name="file")

    class Meta:
        verbose_name = _("progress report file")
        verbose_name_plural = _("progress report files")

    def __str__(self) -> str:
        return f"{self.report}.docx"
