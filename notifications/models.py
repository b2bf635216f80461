"""Notifications (通知) for each person, reminders (催报) to units, and the reminder schedule of each plan year."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from reports.models import due_date_for, due_day_for


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", _("Return submitted for review")
    SENT_BACK = "sent_back", _("Return sent back")
    APPROVED = "approved", _("Return approved")
    REOPENED = "reopened", _("Return reopened")
    REMINDER = "reminder", _("Reminder from the coordinators")
    DEADLINE = "deadline", _("Due date approaching")
    OVERDUE = "overdue", _("Return overdue")
    UNIT_CHECK = "unit_check", _("Return awaiting the unit's check")
    CHECK_BACK = "check_back", _("Return sent back by the unit's checker")
    IMPORTED = "imported", _("Return changed by an import")
    FILING_OK = "filing_ok", _("Implementation plan accepted")
    FILING_BACK = "filing_back", _("Implementation plan sent back")
    ASSESSED = "assessed", _("Assessment recorded")
    FEATURED = "featured", _("Good practice featured")


# Notifications about a unit's filings rather than a month's return: no month, a link of their own.
UNIT_ITEM_KINDS = (
    NotificationKind.FILING_OK,
    NotificationKind.FILING_BACK,
    NotificationKind.ASSESSED,
    NotificationKind.FEATURED,
)


class MailState(models.TextChoices):
    NONE = "none", _("No e-mail")  # no address, or the person opted out
    PENDING = "pending", _("To be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed; the next run retries")


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """A person's own notifications: nobody reads anyone else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        """Notifications not yet read."""
        return self.filter(read_at__isnull=True)

    def mail_to_retry(self, *, now: datetime.datetime, max_attempts: int):
        """Mails that failed, or that were never tried (the process stopped before the commit hook ran)."""
        return self.filter(
            Q(mail_state=MailState.FAILED, mail_attempts__lt=max_attempts)
            | Q(mail_state=MailState.PENDING, created_at__lt=now - datetime.timedelta(minutes=10))
        )


class Notification(models.Model):
    """One message to one person about one unit's return for one month."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NotificationKind.choices)
    plan = models.ForeignKey(
        "actions.PlanYear", verbose_name=_("plan year"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "districts.ReportingUnit", verbose_name=_("reporting unit"), on_delete=models.CASCADE, related_name="+"
    )
    # None for a notification about the unit's filings (UNIT_ITEM_KINDS), which concern the year, not a month.
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    # Where a notification about a filing, an assessment or a good practice leads (a path in the app).
    link = models.CharField(_("link"), max_length=200, blank=True)
    # A reminder may concern a month the unit has not started: then there is no return to link to.
    monthly_return = models.ForeignKey(
        "reports.MonthlyReturn",
        verbose_name=_("monthly return"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    message = models.TextField(_("message"), blank=True)
    reminder = models.ForeignKey(
        "notifications.Reminder", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    mail_state = models.CharField(_("e-mail"), max_length=8, choices=MailState.choices, default=MailState.NONE)
    mail_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    mail_sent_at = models.DateTimeField(_("e-mail sent at"), null=True, blank=True)
    mail_error = models.CharField(_("e-mail error"), max_length=500, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["mail_state"], name="notification_mail_state"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="notification_month_in_year"),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in NotificationKind]), name="notification_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.kind} {self.unit_id} {self.month}"

    @property
    def period(self) -> datetime.date | None:
        return datetime.date(self.plan.year, self.month, 1) if self.month else None

    @property
    def due_date(self) -> datetime.date | None:
        if not self.month:
            return None
        due_day = due_day_for(plan=self.plan, unit=self.unit) if self.unit_id else self.plan.due_day
        return due_date_for(year=self.plan.year, month=self.month, due_day=due_day)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def title(self) -> str:
        """One line that says what happened, in the language active now (the page's, or Chinese for mails)."""
        params = {
            "unit": self.unit.name,
            "year": self.plan.year,
            "period": date_format(self.period, "YEAR_MONTH_FORMAT") if self.month else "",
            "date": date_format(self.due_date, "DATE_FORMAT") if self.month else "",
        }
        templates = {
            NotificationKind.SUBMITTED: _("%(unit)s submitted its return for %(period)s for review."),
            NotificationKind.SENT_BACK: _("The return of %(unit)s for %(period)s was sent back for revision."),
            NotificationKind.APPROVED: _("The return of %(unit)s for %(period)s was approved."),
            NotificationKind.REOPENED: _("The return of %(unit)s for %(period)s was reopened for correction."),
            NotificationKind.REMINDER: _(
                "Reminder from the coordinators: please submit the return of %(unit)s for %(period)s (due %(date)s)."
            ),
            NotificationKind.DEADLINE: _("The return of %(unit)s for %(period)s is due on %(date)s."),
            NotificationKind.OVERDUE: _("The return of %(unit)s for %(period)s was due on %(date)s and is overdue."),
            NotificationKind.UNIT_CHECK: _("The return of %(unit)s for %(period)s awaits the unit's check."),
            NotificationKind.CHECK_BACK: _(
                "The return of %(unit)s for %(period)s was sent back inside the unit by its checker."
            ),
            NotificationKind.IMPORTED: _("The return of %(unit)s for %(period)s was changed by an Excel import."),
            NotificationKind.FILING_OK: _("The implementation plan of %(unit)s for %(year)s was accepted (备案)."),
            NotificationKind.FILING_BACK: _("The implementation plan of %(unit)s for %(year)s was sent back."),
            NotificationKind.ASSESSED: _("An assessment of %(unit)s for %(year)s was recorded."),
            NotificationKind.FEATURED: _("A good practice of %(unit)s was featured."),
        }
        return str(templates[NotificationKind(self.kind)]) % params


class ReminderKind(models.TextChoices):
    MANUAL = "manual", _("By a coordinator")
    DEADLINE = "deadline", _("Scheduled, before the due date")
    OVERDUE = "overdue", _("Scheduled, overdue")


class Reminder(models.Model):
    """One round of 催报 for a month: who sent it (nobody for the schedule), when, with what message."""

    plan = models.ForeignKey(
        "actions.PlanYear", verbose_name=_("plan year"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.PositiveSmallIntegerField(_("month"))
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("message"), blank=True, max_length=500)
    sent_on = models.DateField(_("sent on"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["plan", "month"], name="reminder_plan_month")]

    def __str__(self) -> str:
        return f"{self.plan.year}-{self.month:02d} {self.kind} {self.sent_on}"


class UnitReminder(models.Model):
    """A unit reached by a reminder. Once per unit, month and day, whoever sends: the day's idempotence lives here."""

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="units_reached")
    plan = models.ForeignKey("actions.PlanYear", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "districts.ReportingUnit", verbose_name=_("reporting unit"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.PositiveSmallIntegerField(_("month"))
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("unit reminded")
        verbose_name_plural = _("units reminded")
        ordering = ["reminder", "unit__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit", "month", "sent_on"], name="unit_reminded_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month} {self.sent_on}"


class ReminderSettings(models.Model):
    """When the schedule reminds units for a plan year; a plan year without a row uses the defaults."""

    plan = models.OneToOneField(
        "actions.PlanYear", verbose_name=_("plan year"), on_delete=models.CASCADE, related_name="reminder_settings"
    )
    enabled = models.BooleanField(_("send scheduled reminders"), default=True)
    days_before = models.PositiveSmallIntegerField(
        _("days before the due day"),
        default=3,
        validators=[MaxValueValidator(27)],
        help_text=_("Reminders start this many days before a return is due (0: on the due day)."),
    )
    every_days = models.PositiveSmallIntegerField(
        _("every so many days"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("1 reminds every day from then on, 2 every other day, and so on."),
    )
    overdue_days = models.PositiveSmallIntegerField(
        _("overdue reminders for"),
        default=31,
        validators=[MaxValueValidator(366)],
        help_text=_("Stop reminding this many days after the due day (0: no reminders once overdue)."),
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")
        ordering = ["-plan__year"]
        constraints = [
            models.CheckConstraint(condition=Q(every_days__gte=1), name="reminder_every_days_positive"),
        ]

    def __str__(self) -> str:
        return str(self.plan)

    @classmethod
    def for_plan(cls, plan) -> "ReminderSettings":
        """The plan year's settings, or the defaults (unsaved) when an admin has not set any."""
        try:
            return plan.reminder_settings
        except cls.DoesNotExist:
            return cls(plan=plan)

    def kind_on(self, *, today: datetime.date, due: datetime.date) -> str | None:
        """Which scheduled reminder ``today`` brings for a return due on ``due``, or None."""
        start = due - datetime.timedelta(days=self.days_before)
        if not self.enabled or today < start or (today - due).days > self.overdue_days:
            return None
        if (today - start).days % self.every_days:
            return None
        return ReminderKind.DEADLINE if today <= due else ReminderKind.OVERDUE


class NotificationPreference(models.Model):
    """What a person wants by e-mail; in-app notifications always arrive."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_opt_out = models.BooleanField(
        _("no e-mails"), default=False, help_text=_("Notifications still appear under the bell in the app.")
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)
