"""API tokens, for other departments' systems that read the roll-up (measure 5.7: data sharing)."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def token_digest(key: str) -> str:
    """Only a digest of a token is stored, so a database dump does not hand out working keys."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        """Tokens that still open the API."""
        return self.filter(is_active=True, user__is_active=True)


class ApiToken(models.Model):
    """A key that lets a program read the API as ``user``, with that user's rights."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("Which system uses this token."))
    prefix = models.CharField(_("key begins with"), max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class UnitYearToDate(models.Model):
    """Derived data, kept by ``dashboards.summary`` on every write to a return, in the same transaction.

    A filing unit's year-to-date for one indicator at the end of each month, under both counting rules (approved
    returns only; approved and submitted ones): the running sum of its values (flows), its latest reported value
    (stocks), the latest ratio parts (of the latest month that gives both). The roll-up reads one month of it instead of the whole year's
    figures, so a dashboard costs the same in January and December and stays live.
    """

    plan = models.ForeignKey("actions.PlanYear", on_delete=models.CASCADE, related_name="+", db_index=False)
    unit = models.ForeignKey("districts.ReportingUnit", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey("actions.Indicator", on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.PositiveSmallIntegerField(_("month"))
    value_sum = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    value_last = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    numerator = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    denominator = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    all_value_sum = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    all_value_last = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    all_numerator = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    all_denominator = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    # The month each latest figure comes from (value_last, the ratio parts), under each rule.
    value_month = models.PositiveSmallIntegerField(null=True)
    ratio_month = models.PositiveSmallIntegerField(null=True)
    all_value_month = models.PositiveSmallIntegerField(null=True)
    all_ratio_month = models.PositiveSmallIntegerField(null=True)

    class Meta:
        verbose_name = _("year-to-date summary")
        verbose_name_plural = _("year-to-date summaries")
        constraints = [
            # Also the index of the roll-up's read (one plan, one month, the units in sight); on PostgreSQL it carries
            # the figures too, so that read is an index-only scan.
            models.UniqueConstraint(
                fields=["plan", "month", "unit", "indicator"],
                include=[
                    "value_sum",
                    "value_last",
                    "numerator",
                    "denominator",
                    "all_value_sum",
                    "all_value_last",
                    "all_numerator",
                    "all_denominator",
                    "value_month",
                    "ratio_month",
                    "all_value_month",
                    "all_ratio_month",
                ],
                name="ytd_once_per_unit_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.indicator_id} {self.month}"
