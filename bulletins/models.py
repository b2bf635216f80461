"""A bulletin (通报) on its way from 拟稿 to 印发: its numbers frozen at drafting, its history, its fixed files."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from actions.models import PlanYear

from .chain import ChainEntry, Stage


class IssuedBulletinQuerySet(models.QuerySet):
    def for_plan(self, plan):
        """The bulletins of one plan year."""
        return self.filter(plan=plan)

    def issued(self):
        """Only the bulletins that went out (印发): drafts and those awaiting a signature are not bulletins yet."""
        return self.filter(status=Stage.ISSUED)

    def in_progress(self):
        """Bulletins on their way: drafted, sent back, checked or signed, but not yet issued."""
        return self.exclude(status=Stage.ISSUED)

    def before(self, *, year: int, month: int):
        """Issued bulletins about a period earlier than ``year``/``month``, latest first: the one to compare ranks with."""
        return (
            self.issued()
            .filter(models.Q(plan__year__lt=year) | models.Q(plan__year=year, month__lt=month))
            .order_by("-plan__year", "-month", "-issued_on", "-pk")
        )


class IssuedBulletin(models.Model):
    """A bulletin, from its draft to its issue. ``snapshot`` holds every number it prints, frozen when it is drafted
    (or redrafted), so later corrections to returns leave it be; once issued, its files are kept as ``BulletinFile``.

    The name is kept from the days a bulletin was only ever stored once issued (the table, the permissions).
    """

    plan = models.ForeignKey(
        PlanYear, verbose_name=_("plan year"), on_delete=models.PROTECT, related_name="issued_bulletins"
    )
    month = models.PositiveSmallIntegerField(_("up to the end of month"))
    status = models.CharField(_("status"), max_length=12, choices=Stage.choices, default=Stage.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    number = models.CharField(
        _("document number"),
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The 文号, e.g. 威人社字〔2023〕45号, given when it is issued."),
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    recipients = models.CharField(_("addressed to"), max_length=200)
    include_submitted = models.BooleanField(_("counted submitted returns"), default=False)
    snapshot = models.JSONField(_("numbers as frozen"), editable=False)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
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

    objects = IssuedBulletinQuerySet.as_manager()

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-plan__year", "-month", "-issued_on", "-pk"]
        permissions = [
            ("issue_bulletin", _("Can draft and issue a bulletin")),
            ("check_bulletin", _("Can check a bulletin (审核)")),
            ("sign_bulletin", _("Can sign a bulletin (签发)")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="one_issued_bulletin_per_month"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="issued_bulletin_month"),
            models.CheckConstraint(
                condition=~models.Q(status=Stage.ISSUED)
                | models.Q(number__isnull=False, issued_on__isnull=False, issued_by__isnull=False),
                name="issued_bulletin_has_number_and_date",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.plan.year}-{self.month:02d} ({self.get_status_display()})"

    @property
    def is_issued(self) -> bool:
        return self.status == Stage.ISSUED

    @property
    def completeness(self) -> dict:
        """What was not yet approved when the numbers were frozen, and the reason given for going on."""
        return self.snapshot.get("completeness") or {"missing": [], "reason": ""}


class BulletinStep(ChainEntry):
    bulletin = models.ForeignKey(IssuedBulletin, on_delete=models.CASCADE, related_name="steps")

    class Meta(ChainEntry.Meta):
        verbose_name = _("bulletin step")
        verbose_name_plural = _("bulletin steps")

    def __str__(self) -> str:
        return f"{self.bulletin} {self.step}"


class KeptFile(models.Model):
    """A document's file written once when it is issued, with its checksum: every download serves these very bytes
    (the bulletin's files here, the upward report's in ``progressreports``)."""

    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True

    @staticmethod
    def checksum(content: bytes) -> str:
        return hashlib.sha256(content).hexdigest()

    @property
    def intact(self) -> bool:
        return self.checksum(bytes(self.content)) == self.sha256


class BulletinFile(KeptFile):
    """A file of an issued bulletin, written once at issue: every download serves these very bytes."""

    class Kind(models.TextChoices):
        DOCX = "docx", ".docx"
        XLSX = "xlsx", ".xlsx"

    bulletin = models.ForeignKey(IssuedBulletin, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)

    class Meta:
        verbose_name = _("bulletin file")
        verbose_name_plural = _("bulletin files")
        ordering = ["bulletin", "kind"]
        constraints = [models.UniqueConstraint(fields=["bulletin", "kind"], name="one_file_of_each_kind")]

    def __str__(self) -> str:
        return f"{self.bulletin}.{self.kind}"
