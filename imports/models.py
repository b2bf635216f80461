"""The import log (who imported which file when, and what it changed) and the figures as the admin exports them."""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from reports.models import Figure

from .packing import json_unpack


def _stored_name(instance, filename: str) -> str:
    # A random name, so that an uploaded file can never be guessed or collide with another; the person's own
    # file name is kept in ImportLog.file_name.
    suffix = PurePath(filename).suffix.lower()
    return f"imports/{secrets.token_hex(16)}{suffix if suffix in ('.xlsx', '.csv') else ''}"


class ImportLogQuerySet(models.QuerySet):
    def applied(self):
        """Imports that were confirmed and written."""
        return self.filter(status=ImportLog.Status.APPLIED)


class ImportLog(models.Model):
    """One uploaded file: kept from the preview until it is confirmed, then the record of what it changed."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed, not imported")
        APPLIED = "applied", _("Imported")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    plan = models.ForeignKey("actions.PlanYear", verbose_name=_("plan year"), on_delete=models.PROTECT)
    monthly_return = models.ForeignKey(
        "reports.MonthlyReturn",
        verbose_name=_("monthly return"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Set when a unit uploaded its template from the return's page."),
    )
    file_name = models.CharField(_("file"), max_length=255)
    # Kept in the database, not on an app server's disk, so that any instance can preview and confirm the import.
    file = models.FileField(_("stored file"), upload_to=_stored_name, max_length=255, blank=True)
    content = models.BinaryField(_("uploaded workbook"), blank=True, default=b"")
    # The file as parsed once at upload, as compressed JSON (imports.reading.sheets_pack): the preview and the
    # confirm read this.
    sheets = models.BinaryField(_("parsed sheets"), default=b"", blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PREVIEWED)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_new = models.PositiveIntegerField(_("new"), default=0)
    rows_changed = models.PositiveIntegerField(_("changed"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    changes_count = models.PositiveIntegerField(_("fields changed"), default=0)
    # What the import changed, as the preview showed it: [{"unit", "month", "item", "field", "old", "new"}, ...] as
    # compressed JSON (imports.packing); read it as ``change_list``.
    changes = models.BinaryField(_("changes"), default=b"", blank=True)

    objects = ImportLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("import log")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=["previewed", "applied"]), name="import_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else self.file_name

    @cached_property
    def change_list(self) -> list[dict]:
        return json_unpack(self.changes, default=[])


class FigureRecord(Figure):
    """Figures as the admin lists and exports them (a proxy: the same rows as reports.Figure)."""

    class Meta:
        proxy = True
        verbose_name = _("figure (import and export)")
        verbose_name_plural = _("figures (import and export)")
