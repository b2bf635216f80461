"""Workflow steps notify the people concerned, in the step's own transaction."""

from django.dispatch import receiver

from reports.signals import return_transitioned

from .services import notifications_for_step


@receiver(return_transitioned, dispatch_uid="notifications_on_return_transitioned")
def _return_transitioned(sender, monthly_return, step, actor, **kwargs):
    notifications_for_step(monthly_return=monthly_return, step=step, actor=actor)
