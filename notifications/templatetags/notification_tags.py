from django import template

from reports.scoping import subtree_for_user

from ..forms import ReminderForm
from ..selectors import reminders_for, units_awaiting

register = template.Library()


@register.inclusion_tag("notifications/includes/reminder_panel.html", takes_context=True)
def reminder_panel(context, selection):
    """催报 on the timeliness page: the button for coordinators, and what was sent for the month to whom and when.

    Only people who see every unit get the panel; district staff find reminders under their bell."""
    user = context["user"]
    if not (user.is_authenticated and user.has_perm("reports.view_all_returns")):
        return {"show": False}
    plan, month = selection.plan, selection.month
    can_send = user.has_perm("reports.review_return")
    return {
        "show": True,
        "plan": plan,
        "month": month,
        "can_send": can_send,
        "form": ReminderForm(initial={"year": plan.year, "month": month}) if can_send else None,
        "awaiting": units_awaiting(plan=plan, month=month, within=subtree_for_user(user)) if can_send else None,
        "reminders": reminders_for(plan=plan, month=month, within=subtree_for_user(user)),
        "csrf_token": context.get("csrf_token"),
    }
