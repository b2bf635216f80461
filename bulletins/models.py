"""A bulletin (通报) as the bureau issued it: its 文号, its date, and the numbers frozen at that moment."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from actions.models import PlanYear


class IssuedBulletinQuerySet(models.QuerySet):
    def for_plan(self, plan):
        """The bulletins issued for one plan year."""
        return self.filter(plan=plan)

    def before(self, *, year: int, month: int):
        """Bulletins about a period earlier than ``year``/``month``, latest first: the one to compare ranks with."""
        return self.filter(models.Q(plan__year__lt=year) | models.Q(plan__year=year, month__lt=month)).order_by(
            "-plan__year", "-month", "-issued_on", "-pk"
        )


class IssuedBulletin(models.Model):
    """An issued bulletin. ``snapshot`` holds every number it printed, so later corrections to returns leave it be."""

    plan = models.ForeignKey(
        PlanYear, verbose_name=_("plan year"), on_delete=models.PROTECT, related_name="issued_bulletins"
    )
    month = models.PositiveSmallIntegerField(_("up to the end of month"))
    number = models.CharField(
        _("document number"), max_length=60, unique=True, help_text=_("The 文号, e.g. 威人社字〔2023〕45号.")
    )
    issued_on = models.DateField(_("issued on"))
    recipients = models.CharField(_("addressed to"), max_length=200)
    include_submitted = models.BooleanField(_("counted submitted returns"), default=False)
    snapshot = models.JSONField(_("numbers as issued"), editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = IssuedBulletinQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued bulletin")
        verbose_name_plural = _("issued bulletins")
        ordering = ["-plan__year", "-month", "-issued_on", "-pk"]
        permissions = [("issue_bulletin", _("Can issue a bulletin"))]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="one_issued_bulletin_per_month"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="issued_bulletin_month"),
        ]

    def __str__(self) -> str:
        return self.number
