import logging
import time

from axes.helpers import get_client_ip_address
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from .middleware import LAST_SEEN, LOGIN_AT

logger = logging.getLogger("newcitizen.auth")


@receiver(post_migrate)
def create_roles(sender, app_config=None, **kwargs):
    # Groups depend on every app's permissions, so wait for the last app the project migrates.
    if app_config is not None and app_config.label == "reports":
        from .roles import roles_ensure

        roles_ensure()


def _address(request) -> str:
    # The same client address django-axes counts failures by (behind the TLS proxy: the client's, not the proxy's).
    return (get_client_ip_address(request) or "-") if request is not None else "-"


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT] = request.session[LAST_SEEN] = time.time()
    logger.info("login user=%s from=%s", user.username, _address(request))


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    logger.info("logout user=%s from=%s", getattr(user, "username", None), _address(request))


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    logger.warning("failed login user=%s from=%s", credentials.get("username"), _address(request))
