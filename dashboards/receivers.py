"""Every write to a return refreshes the unit's year-to-date summary, in the same transaction."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from reports.models import Figure, MonthlyReturn
from reports.signals import return_changed

from .cache import data_version_bump
from .summary import summary_refresh, summary_refresh_for_return


@receiver(return_changed, dispatch_uid="dashboards_summary_on_return_changed")
def _return_changed(sender, monthly_return, **kwargs):
    summary_refresh_for_return(monthly_return=monthly_return)


@receiver(post_delete, sender=MonthlyReturn, dispatch_uid="dashboards_summary_on_return_deleted")
def _return_deleted(sender, instance, **kwargs):
    summary_refresh_for_return(monthly_return=instance)


@receiver(post_save, sender=Figure, dispatch_uid="dashboards_summary_on_figure_saved")
def _figure_saved(sender, instance, raw=False, **kwargs):
    # A single save outside the services (the shell, a future admin form); fixtures (raw) bring their own summary.
    if not raw:
        monthly_return = instance.monthly_return
        summary_refresh(plan_id=monthly_return.plan_id, unit_id=monthly_return.unit_id, month=monthly_return.month)


# What else the dashboards show: the plan (indicators, targets, their shares, plan years) and the unit tree. An admin's
# edit there moves the data version too, so that cached pages never outlive it (dashboards/cache.py).
_PLAN_APPS = {"actions", "districts"}


@receiver(post_save, dispatch_uid="dashboards_cache_on_plan_saved")
@receiver(post_delete, dispatch_uid="dashboards_cache_on_plan_deleted")
@receiver(m2m_changed, dispatch_uid="dashboards_cache_on_plan_m2m")
def _plan_changed(sender, instance=None, **kwargs):
    if sender is MonthlyReturn:
        data_version_bump(plan_id=instance.plan_id, month=instance.month)
    elif sender._meta.app_label in _PLAN_APPS:
        data_version_bump()
