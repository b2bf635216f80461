"""Notification pages: a person's own list, opening and marking read, the profile; and 催报 for coordinators."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from actions.models import PlanYear

from . import services
from .forms import ProfileForm, ReminderForm
from .mail import notification_link
from .models import NotificationPreference
from .selectors import get_notification_for_user, notifications_for_user

PAGE_SIZE = 30


@login_required
def notification_list(request):
    """The person's notifications, newest first; unread ones stand out."""
    page = Paginator(notifications_for_user(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(n, notification_link(n)) for n in page]
    return render(request, "notifications/notification_list.html", {"page": page, "rows": rows})


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark the notification read and go to its return."""
    notification = get_notification_for_user(request.user, pk)
    services.notification_mark_read(notification=notification, user=request.user)
    return redirect(notification_link(notification))


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = get_notification_for_user(request.user, pk)
    services.notification_mark_read(notification=notification, user=request.user)
    return redirect("notifications:notification-list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(
            request,
            ngettext("%(count)d notification marked read.", "%(count)d notifications marked read.", count)
            % {"count": count},
        )
    return redirect("notifications:notification-list")


@login_required
def profile(request):
    """The person's own e-mail address and whether they want e-mails."""
    preference = NotificationPreference.objects.filter(user=request.user).first()
    initial = {"email": request.user.email, "email_opt_out": bool(preference and preference.email_opt_out)}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("notifications:profile")
    return render(request, "notifications/profile.html", {"form": form})


@login_required
@require_POST
def reminder_send(request):
    """催报 for a month from the timeliness page; back to that page with what happened."""
    if not request.user.has_perm("reports.review_return"):
        raise PermissionDenied(_("Only municipal coordinators send reminders."))
    form = ReminderForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("dashboards:timeliness")
    plan = PlanYear.objects.filter(year=form.cleaned_data["year"]).first()
    if plan is None:
        raise Http404(_("No such plan year."))
    month = form.cleaned_data["month"]
    try:
        reminder = services.reminder_send(
            plan=plan, month=month, user=request.user, message=form.cleaned_data["message"]
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        if reminder is None:
            messages.info(
                request,
                _("No reminder sent: every unit without a submitted return for month %(month)s was reminded today.")
                % {"month": month},
            )
        else:
            count = reminder.units_reached.count()
            messages.success(
                request,
                ngettext(
                    "Reminder for month %(month)s sent to %(count)d unit.",
                    "Reminder for month %(month)s sent to %(count)d units.",
                    count,
                )
                % {"month": month, "count": count},
            )
    query = urlencode({"year": plan.year, "month": month})
    return redirect(f"{reverse('dashboards:timeliness')}?{query}")
