"""The unit's own check before 报送 (填报人 → 单位审核人 → the city).

A unit with ``requires_unit_check`` hands a return in twice: its filer sends it for the unit's check, and a checker
of the unit (the 单位审核人 role, never the filer) sends it on to the city (the ordinary submit, recorded as the
checker's) or back inside the unit with a reason. A unit without it files in one step, as before. The form, the
return page and the Excel import all hand returns in through :func:`monthly_return_hand_in`, so the rule lives here.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import services
from .models import MonthlyReturn, ReturnStatus, ReturnTransition
from .scoping import can_file_for_unit, can_import_for_unit, returns_for_user

EDITABLE = (ReturnStatus.DRAFT, ReturnStatus.RETURNED)
# django-axes adds a backend of its own; permissions come from Django's.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def needs_unit_check(monthly_return: MonthlyReturn) -> bool:
    """Whether handing this return in sends it to its unit's checker rather than to the city."""
    return monthly_return.unit.requires_unit_check and monthly_return.status in EDITABLE


def can_check(user, monthly_return: MonthlyReturn) -> bool:
    """Whether ``user`` holds the unit's checker role for this return's unit (the filer rule is the service's)."""
    return can_file_for_unit(user, monthly_return.unit) and user.has_perm("reports.check_unit_return")


def unit_checkers(*, unit, excluding=None):
    """The active people of ``unit`` who may check its returns (the filer excluded when given)."""
    people = get_user_model().objects
    checkers = people.with_perm("reports.check_unit_return", include_superusers=False, backend=MODEL_BACKEND)
    filers = people.with_perm("reports.file_return", include_superusers=False, backend=MODEL_BACKEND)
    users = checkers.filter(reporting_unit=unit, pk__in=filers.values("pk"))
    if excluding is not None:
        users = users.exclude(pk=excluding.pk)
    return users


@transaction.atomic
def monthly_return_send_for_check(*, monthly_return: MonthlyReturn, user, via_import: bool = False, reason: str = ""):
    """The filer hands a draft or returned return to the unit's checker; it is then locked and counts nowhere.

    Refused when no one else of the unit may check it, so that a return never waits for a checker who does not
    exist. An import hands in as the person who imported; the checker's 报送 still checks the outliers then.
    """
    allowed = (
        can_import_for_unit(user, monthly_return.unit) if via_import else can_file_for_unit(user, monthly_return.unit)
    )
    if not allowed:
        raise PermissionDenied(_("Only the unit's own staff hand in its return."))
    if not monthly_return.unit.requires_unit_check:
        raise ValidationError(_("This unit submits its returns to the city directly."), code="no_unit_check")
    if not via_import:
        services._require_confirmed_outliers(monthly_return)
        services._require_confirmed_carried(monthly_return)
    if not unit_checkers(unit=monthly_return.unit, excluding=user).exists():
        raise ValidationError(
            _(
                "This unit's returns are checked by a second person before they go to the city, and nobody else of "
                "the unit holds the checker role (单位审核人): ask an admin to give it to someone."
            ),
            code="no_checker",
        )
    return services._transition(
        monthly_return=monthly_return,
        user=user,
        kind=ReturnTransition.Kind.TO_CHECK,
        allowed_from=EDITABLE,
        to_status=ReturnStatus.UNIT_CHECK,
        reason=reason,
    )


@transaction.atomic
def monthly_return_check_back(*, monthly_return: MonthlyReturn, user, reason: str) -> ReturnTransition:
    """The checker sends a return back inside the unit, with a reason; it goes back to what it was before (a draft,
    or returned when the city had sent it back), so the city's view of it does not change."""
    if not can_check(user, monthly_return):
        raise PermissionDenied(_("Only the unit's checker (单位审核人) checks its return."))
    handed_in = monthly_return.transitions.filter(kind=ReturnTransition.Kind.TO_CHECK).order_by("-at", "-pk").first()
    back_to = handed_in.from_status if handed_in and handed_in.from_status in EDITABLE else ReturnStatus.DRAFT
    return services._transition(
        monthly_return=monthly_return,
        user=user,
        kind=ReturnTransition.Kind.CHECK_BACK,
        allowed_from=(ReturnStatus.UNIT_CHECK,),
        to_status=back_to,
        reason=services._require_reason(reason),
    )


@transaction.atomic
def monthly_return_hand_in(*, monthly_return: MonthlyReturn, user) -> ReturnTransition:
    """The filer's one button: to the unit's checker when the unit requires it, otherwise to the city (报送)."""
    if needs_unit_check(monthly_return):
        return monthly_return_send_for_check(monthly_return=monthly_return, user=user)
    return services.monthly_return_submit(monthly_return=monthly_return, user=user)


@transaction.atomic
def monthly_return_save_and_hand_in(
    *, monthly_return: MonthlyReturn, user, version: int, figures, progress=None
) -> int:
    """Save and hand in as one step: if handing in is refused, the figures are not saved either."""
    changed = services.monthly_return_save(
        monthly_return=monthly_return, user=user, version=version, figures=figures, progress=progress
    )
    monthly_return_hand_in(monthly_return=monthly_return, user=user)
    return changed


@transaction.atomic
def imported_returns_hand_in(*, user, returns: list[MonthlyReturn], source_name: str) -> int:
    """After an import: each changed return of a unit that requires the check goes to its checker (the import is
    the filing, by the person who imported); nothing reaches the city without the checker. Returns how many."""
    handed = 0
    for monthly_return in returns:
        monthly_return.refresh_from_db(fields=["status", "version"])
        if needs_unit_check(monthly_return) and unit_checkers(unit=monthly_return.unit, excluding=user).exists():
            monthly_return_send_for_check(
                monthly_return=monthly_return,
                user=user,
                via_import=True,
                reason=_("Excel import: %(file)s") % {"file": source_name},
            )
            handed += 1
    return handed


@dataclass
class SignOff:
    """填报人 and 审核人 of a return's latest hand-in, with their times; the checker is None in one-step units."""

    filer: object = None
    filed_at: datetime.datetime | None = None
    checker: object = None
    checked_at: datetime.datetime | None = None


def sign_off(transitions) -> SignOff:
    """Who filed and who checked the return's current round, from its workflow steps in order (no query)."""
    signed = SignOff()
    for step in transitions:
        if step.kind == ReturnTransition.Kind.TO_CHECK:
            signed = SignOff(filer=step.user, filed_at=step.at)
        elif step.kind == ReturnTransition.Kind.SUBMIT and step.from_status == ReturnStatus.UNIT_CHECK:
            signed.checker, signed.checked_at = step.user, step.at
        elif step.kind == ReturnTransition.Kind.SUBMIT:
            signed = SignOff(filer=step.user, filed_at=step.at)
        elif step.kind == ReturnTransition.Kind.CHECK_BACK:
            signed.checker, signed.checked_at = None, None
    return signed


def signed_text(person, at) -> str:
    """ "张三 2023年7月5日 10:00": a name and when, for exports and the template's sign-off block; "" for none."""
    if person is None:
        return ""
    return f"{person} {date_format(timezone.localtime(at), 'DATETIME_FORMAT')}" if at else str(person)


def sign_offs_for(return_ids) -> dict[int, SignOff]:
    """:func:`sign_off` of many returns at once, by return pk. One query."""
    steps: dict[int, list] = {}
    for step in (
        ReturnTransition.objects.filter(monthly_return_id__in=list(return_ids))
        .select_related("user")
        .order_by("monthly_return_id", "at", "pk")
    ):
        steps.setdefault(step.monthly_return_id, []).append(step)
    return {pk: sign_off(found) for pk, found in steps.items()}


def sign_off_for(monthly_return: MonthlyReturn) -> SignOff:
    """:func:`sign_off` of a return read from the database. One query."""
    return sign_off(monthly_return.transitions.select_related("user").order_by("at", "pk"))


def awaiting_unit_check(user):
    """Returns of the checker's unit that wait for its check, oldest first (none for anyone else). One query."""
    if not user.is_authenticated or not user.has_perm("reports.check_unit_return") or not user.reporting_unit_id:
        return MonthlyReturn.objects.none()
    return (
        returns_for_user(user)
        .filter(unit_id=user.reporting_unit_id, status=ReturnStatus.UNIT_CHECK)
        .select_related("plan", "unit")
        .order_by("updated_at", "pk")
    )
