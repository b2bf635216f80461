"""Workflow steps, imports and the filings' decisions notify the people concerned, in the step's own transaction."""

from django.dispatch import receiver
from django.urls import reverse

from filings.models import FilingStatus
from filings.signals import unit_told
from imports.signals import returns_imported
from reports.signals import return_transitioned

from .models import NotificationKind
from .services import notifications_for_import, notifications_for_step, notifications_for_unit_item


@receiver(return_transitioned, dispatch_uid="notifications_on_return_transitioned")
def _return_transitioned(sender, monthly_return, step, actor, **kwargs):
    notifications_for_step(monthly_return=monthly_return, step=step, actor=actor)


@receiver(returns_imported, dispatch_uid="notifications_on_returns_imported")
def _returns_imported(sender, log, user, returns, changes, **kwargs):
    notifications_for_import(returns=returns, changes=changes, user=user, file_name=log.file_name)


def _unit_item(event: str, item) -> tuple[str, int, str, str]:
    """(kind, plan id, link, message) of a filings decision."""
    if event in (FilingStatus.ACCEPTED, FilingStatus.RETURNED):
        link = reverse("filings:filing-unit", args=[item.plan.year, item.unit.code])
        kind = NotificationKind.FILING_OK if event == FilingStatus.ACCEPTED else NotificationKind.FILING_BACK
        return kind, item.plan_id, link, item.review_reason
    if event == "assessed":
        return NotificationKind.ASSESSED, item.plan_id, reverse("filings:assessment-detail", args=[item.pk]), ""
    plan_id = item.measure.action.plan_id
    return NotificationKind.FEATURED, plan_id, reverse("filings:practice-detail", args=[item.pk]), item.title


@receiver(unit_told, dispatch_uid="notifications_on_unit_told")
def _unit_told(sender, event, item, actor, **kwargs):
    kind, plan_id, link, message = _unit_item(event, item)
    notifications_for_unit_item(
        kind=kind, plan_id=plan_id, unit_id=item.unit_id, link=link, message=message, actor=actor
    )
