import datetime
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

LOGIN_AT = "login_at"
LAST_SEEN = "last_seen"
# Writing the session on every request would cost a database write per page; a minute's precision is plenty.
TOUCH_EVERY = 60


class SessionTimeoutMiddleware:
    """Log a person out after a spell of idleness, and in any case some hours after logging in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            login_at = request.session.get(LOGIN_AT, now)
            last_seen = request.session.get(LAST_SEEN, now)
            if now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT or now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("Your session has ended; please log in again."))
                return redirect_to_login(request.get_full_path())
            if LOGIN_AT not in request.session:
                request.session[LOGIN_AT] = now
            if now - last_seen >= TOUCH_EVERY or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


def password_change_due(user) -> bool:
    """Whether ``user`` must choose a new password before anything else: a temporary one, or one too old."""
    if user.must_change_password:
        return True
    max_age = settings.PASSWORD_MAX_AGE_DAYS
    return bool(max_age) and user.password_changed_at < timezone.now() - datetime.timedelta(days=max_age)


class PasswordChangeRequiredMiddleware:
    """Send a person whose password is temporary or expired to the password page until they have changed it."""

    # The password pages themselves, logging out and the language switch stay open.
    OPEN = ("password_change", "password_change_done", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and password_change_due(request.user):
            open_paths = {reverse(name) for name in self.OPEN}
            if request.path_info not in open_paths and not request.path_info.startswith("/" + settings.STATIC_URL):
                if request.user.must_change_password:
                    messages.warning(request, _("Your password is a temporary one: choose your own to continue."))
                else:
                    messages.warning(request, _("Your password has expired: choose a new one to continue."))
                return redirect("password_change")
        return self.get_response(request)
