"""Approving several submitted returns in one step, from the review list, each under its own version check."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import MonthlyReturn, ReturnStatus
from .scoping import returns_for_user
from .services import _require_reviewer, monthly_return_approve


@dataclass
class BulkApproval:
    approved: list[MonthlyReturn] = field(default_factory=list)
    # Changed since the list was shown (another version, or no longer awaiting review): left for a closer look.
    skipped: list[MonthlyReturn] = field(default_factory=list)


def monthly_returns_approve(*, user, versions: dict[int, int]) -> BulkApproval:
    """Approve each return of ``versions`` (pk → the version the list showed) that is still that version and
    submitted; skip the others. Each approval is its own transaction, so a skipped one holds none of the rest back.

    Returns outside the user's sight are ignored, as if never asked for.
    """
    _require_reviewer(user)
    result = BulkApproval()
    returns = (
        returns_for_user(user)
        .filter(pk__in=list(versions))
        .select_related("plan", "unit")
        .order_by("submitted_at", "pk")
    )
    for monthly_return in returns:
        try:
            with transaction.atomic():
                # The version is checked under the row's lock, so a return sent back, changed and submitted again
                # between the list and this step is skipped, not approved unseen.
                current = MonthlyReturn.objects.select_for_update().only("version", "status").get(pk=monthly_return.pk)
                if current.version != versions[monthly_return.pk] or current.status != ReturnStatus.SUBMITTED:
                    raise ValidationError("changed", code="stale")
                monthly_return_approve(monthly_return=monthly_return, user=user)
        except ValidationError:
            result.skipped.append(monthly_return)
        else:
            result.approved.append(monthly_return)
    return result
