"""Issuing a bulletin: the numbers of that moment are written down once and never recomputed."""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import PlanYear
from dashboards.selectors.scope import scope_for_user

from .models import IssuedBulletin
from .snapshot import bulletin_snapshot

logger = logging.getLogger("newcitizen.bulletins")


def month_has_ended(*, year: int, month: int, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (year, month) < (today.year, today.month)


def bulletin_issue(
    *,
    plan: PlanYear,
    month: int,
    number: str,
    issued_on: datetime.date,
    recipients: str,
    user,
    include_submitted: bool = False,
    today: datetime.date | None = None,
) -> IssuedBulletin:
    """Issue the bulletin of ``month``: rank every unit the issuer sees, freeze the numbers, give it its 文号.

    Refuses a month that has not ended, a 文号 already used, and a second bulletin for the same month.
    """
    if not user.has_perm("bulletins.issue_bulletin"):
        raise PermissionDenied(_("Only coordinators issue bulletins."))
    number = number.strip()
    if not number:
        raise ValidationError(_("Enter the document number (文号)."), code="number_missing")
    if not month_has_ended(year=plan.year, month=month, today=today):
        raise ValidationError(
            _("Month %(month)s of %(year)s has not ended yet: a bulletin reports on months that are over.")
            % {"month": month, "year": plan.year},
            code="month_not_over",
        )
    if IssuedBulletin.objects.filter(number=number).exists():
        raise ValidationError(
            _("Document number %(number)s is already used by another bulletin.") % {"number": number},
            code="number_taken",
        )
    if IssuedBulletin.objects.filter(plan=plan, month=month).exists():
        raise ValidationError(
            _("The bulletin of month %(month)s of %(year)s has already been issued.")
            % {"month": month, "year": plan.year},
            code="already_issued",
        )
    scope = scope_for_user(user=user)
    if not scope.city_wide:
        raise PermissionDenied(_("Only municipal users see every unit's ranking."))
    units = scope.units
    snapshot = bulletin_snapshot(plan=plan, month=month, units=units, include_submitted=include_submitted)
    try:
        with transaction.atomic():
            bulletin = IssuedBulletin.objects.create(
                plan=plan,
                month=month,
                number=number,
                issued_on=issued_on,
                recipients=recipients.strip(),
                include_submitted=include_submitted,
                snapshot=snapshot,
                issued_by=user,
            )
    except IntegrityError:  # issued by someone else a moment ago
        raise ValidationError(
            _("The bulletin of month %(month)s of %(year)s has already been issued.")
            % {"month": month, "year": plan.year},
            code="already_issued",
        ) from None
    logger.info("bulletin %s (%s-%02d) issued by %s", number, plan.year, month, user.username)
    return bulletin
