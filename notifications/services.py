"""Writes: notifications for workflow steps, reminders (催报) by a coordinator or by the schedule, reading, and a
person's e-mail preferences. Every write that creates notifications sends their mails only after its commit."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import PlanYear
from reports.models import MonthlyReturn, ReturnTransition, due_date_for
from reports.scoping import subtree_for_user
from weihai_newcitizen import clock

from .mail import notifications_mail_after_commit
from .models import (
    MailState,
    Notification,
    NotificationKind,
    NotificationPreference,
    Reminder,
    ReminderKind,
    ReminderSettings,
    UnitReminder,
)
from .selectors import DEPARTMENTS, DISTRICTS, reviewers, unit_checkers, unit_staff, units_awaiting

MESSAGE_MAX_LENGTH = 500
IMPORT_LINES = 20  # the changes an import notification lists; the return's history has them all

# Which workflow step tells whom: the unit's staff hear the coordinators' decisions, the coordinators hear submissions.
_STEP_KINDS = {
    ReturnTransition.Kind.SUBMIT: NotificationKind.SUBMITTED,
    ReturnTransition.Kind.SEND_BACK: NotificationKind.SENT_BACK,
    ReturnTransition.Kind.APPROVE: NotificationKind.APPROVED,
    ReturnTransition.Kind.REOPEN: NotificationKind.REOPENED,
    ReturnTransition.Kind.TO_CHECK: NotificationKind.UNIT_CHECK,
    ReturnTransition.Kind.CHECK_BACK: NotificationKind.CHECK_BACK,
}
# A coordinator's decision settles the "…已报送，请审核" notification of every coordinator (one acted for all).
_DECISIONS = (ReturnTransition.Kind.APPROVE, ReturnTransition.Kind.SEND_BACK, ReturnTransition.Kind.REOPEN)
_REMINDER_KINDS = {
    ReminderKind.MANUAL: NotificationKind.REMINDER,
    ReminderKind.DEADLINE: NotificationKind.DEADLINE,
    ReminderKind.OVERDUE: NotificationKind.OVERDUE,
}


def _mail_state(user) -> str:
    return MailState.PENDING if user.email and not getattr(user, "opted_out", False) else MailState.NONE


def _notify(notifications: list[Notification]) -> list[Notification]:
    created = Notification.objects.bulk_create(notifications)
    notifications_mail_after_commit(ids=[n.pk for n in created if n.mail_state == MailState.PENDING])
    return created


def notifications_for_step(*, monthly_return: MonthlyReturn, step: ReturnTransition, actor) -> list[Notification]:
    """Tell the people a workflow step concerns, in the step's transaction: a submission goes to the coordinators,
    a decision (sent back with its reason, approved, reopened) to the unit's staff; never to the one who acted."""
    if step.kind in _DECISIONS:
        Notification.objects.filter(
            monthly_return=monthly_return, kind=NotificationKind.SUBMITTED, read_at__isnull=True
        ).update(read_at=timezone.now())
    kind = _STEP_KINDS.get(step.kind)
    if kind is None:
        return []
    if kind == NotificationKind.SUBMITTED:
        people = reviewers(unit_id=monthly_return.unit_id)
    elif kind == NotificationKind.UNIT_CHECK:
        people = unit_checkers(unit_ids=[monthly_return.unit_id])
    else:
        people = unit_staff(unit_ids=[monthly_return.unit_id])
    if actor is not None and actor.pk:
        people = people.exclude(pk=actor.pk)
    return _notify(
        [
            Notification(
                recipient=person,
                kind=kind,
                plan_id=monthly_return.plan_id,
                unit_id=monthly_return.unit_id,
                month=monthly_return.month,
                monthly_return=monthly_return,
                message=step.reason,
                mail_state=_mail_state(person),
            )
            for person in people
        ]
    )


def notifications_for_import(*, returns, changes: dict[int, list], user, file_name: str) -> list[Notification]:
    """Tell each unit's staff that an import changed its return: which fields, old → new, by whom, from which file.

    ``changes`` is per return pk the (item, field, old, new) the import's preview showed; the importer is not told.
    """
    by_unit: dict[int, list] = {}
    for person in unit_staff(unit_ids={r.unit_id for r in returns}).exclude(pk=user.pk):
        by_unit.setdefault(person.reporting_unit_id, []).append(person)
    notifications = []
    for monthly_return in returns:
        lines = [
            f"{item} {field}：{old or '—'} → {new or '—'}"
            for item, field, old, new in changes.get(monthly_return.pk, [])
        ]
        shown = lines[:IMPORT_LINES]
        if len(lines) > len(shown):
            shown.append(_("and %(n)s more") % {"n": len(lines) - len(shown)})
        message = _("%(who)s imported %(file)s and changed %(n)s fields: %(list)s") % {
            "who": user.get_full_name() or user.get_username(),
            "file": file_name,
            "n": len(lines),
            "list": "；".join(shown),
        }
        notifications += [
            Notification(
                recipient=person,
                kind=NotificationKind.IMPORTED,
                plan_id=monthly_return.plan_id,
                unit_id=monthly_return.unit_id,
                month=monthly_return.month,
                monthly_return=monthly_return,
                message=message,
                mail_state=_mail_state(person),
            )
            for person in by_unit.get(monthly_return.unit_id, [])
        ]
    return _notify(notifications)


def notifications_for_unit_item(*, kind: str, plan_id: int, unit_id: int, link: str, message: str, actor):
    """Tell a unit's staff of a decision on one of its filings, assessments or good practices (never the actor)."""
    people = unit_staff(unit_ids=[unit_id])
    if actor is not None and actor.pk:
        people = people.exclude(pk=actor.pk)
    return _notify(
        [
            Notification(
                recipient=person,
                kind=kind,
                plan_id=plan_id,
                unit_id=unit_id,
                month=None,
                link=link,
                message=message,
                mail_state=_mail_state(person),
            )
            for person in people
        ]
    )


def _remind(
    *,
    plan: PlanYear,
    month: int,
    kind: str,
    today: datetime.date,
    sent_by=None,
    message: str = "",
    kinds=(DISTRICTS, DEPARTMENTS),
    within: set[int] | None = None,
) -> Reminder | None:
    units = units_awaiting(plan=plan, month=month, kinds=kinds, within=within)
    reminded = set(UnitReminder.objects.filter(plan=plan, month=month, sent_on=today).values_list("unit_id", flat=True))
    units = [unit for unit in units if unit.pk not in reminded]
    if not units:
        return None
    reminder = Reminder.objects.create(
        plan=plan, month=month, kind=kind, sent_by=sent_by, message=message, sent_on=today
    )
    try:
        with transaction.atomic():
            UnitReminder.objects.bulk_create(
                [UnitReminder(reminder=reminder, plan=plan, unit=u, month=month, sent_on=today) for u in units]
            )
    except IntegrityError:
        # Someone reminded the same unit a moment ago: the day's reminder is theirs.
        raise ValidationError(
            _("Someone else sent reminders for this month just now; reload the page to see them."), code="stale"
        ) from None
    returns = dict(MonthlyReturn.objects.filter(plan=plan, month=month, unit__in=units).values_list("unit_id", "pk"))
    _notify(
        [
            Notification(
                recipient=person,
                kind=_REMINDER_KINDS[kind],
                plan=plan,
                unit_id=person.reporting_unit_id,
                month=month,
                monthly_return_id=returns.get(person.reporting_unit_id),
                message=message,
                reminder=reminder,
                mail_state=_mail_state(person),
            )
            for person in unit_staff(unit_ids=[u.pk for u in units]).order_by("reporting_unit_id", "pk")
        ]
    )
    return reminder


@transaction.atomic
def reminder_send(
    *, plan: PlanYear, month: int, user, message: str = "", today: datetime.date | None = None
) -> Reminder | None:
    """催报: remind every unit without a submitted return for the month, once a day; return the reminder, or None
    when every such unit was already reminded today (or none is awaited)."""
    if not user.has_perm("reports.review_return"):
        raise PermissionDenied(_("Only municipal coordinators send reminders."))
    if not 1 <= month <= 12:
        raise ValidationError(_("The month must be between 1 and 12."), code="bad_month")
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            _("Keep the message to %(max)s characters.") % {"max": MESSAGE_MAX_LENGTH}, code="message_too_long"
        )
    return _remind(
        plan=plan,
        month=month,
        kind=ReminderKind.MANUAL,
        today=today or clock.today(),
        sent_by=user,
        message=message,
        # A city's coordinator reminds the units of its city only.
        within=subtree_for_user(user),
    )


def reminders_scheduled(*, today: datetime.date) -> list[Reminder]:
    """The scheduled reminders of ``today``: for each plan year and month whose settings call for one today, remind
    the units still awaited. Safe to run as often as one likes: a unit is reminded at most once a day."""
    sent = []
    for plan in PlanYear.objects.select_related("reminder_settings").order_by("year"):
        schedule = ReminderSettings.for_plan(plan)
        for month in range(1, 13):
            # Districts and departments may have different due days: each is reminded on its own schedule.
            by_kind: dict[str, list[str]] = {}
            for who, due_day in ((DISTRICTS, plan.due_day), (DEPARTMENTS, plan.department_due_day)):
                kind = schedule.kind_on(today=today, due=due_date_for(year=plan.year, month=month, due_day=due_day))
                if kind is not None:
                    by_kind.setdefault(kind, []).append(who)
            for kind, kinds in by_kind.items():
                with transaction.atomic():
                    reminder = _remind(plan=plan, month=month, kind=kind, today=today, kinds=tuple(kinds))
                if reminder is not None:
                    sent.append(reminder)
    return sent


@transaction.atomic
def notification_mark_read(*, notification: Notification, user) -> Notification:
    """Mark one of the person's own notifications read (reading it again changes nothing)."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    """Mark all of the person's notifications read; return how many were unread."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


@transaction.atomic
def profile_update(*, user, email: str, email_opt_out: bool) -> None:
    """Change a person's e-mail address and whether they want e-mails."""
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                _("Enter an e-mail address such as name@example.gov.cn, or leave it empty."), code="bad_email"
            ) from None
    if len(email) > 254:
        raise ValidationError(_("This e-mail address is too long."), code="bad_email")
    user.email = email
    user.save(update_fields=["email"])
    NotificationPreference.objects.update_or_create(user=user, defaults={"email_opt_out": email_opt_out})
