"""Deploy check: mails link to ``SITE_URL``, so a production server left at the default sends links nobody can open."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0", ""}


@register(Tags.security, deploy=True)
def site_url_check(app_configs=None, **kwargs):
    """W001: ``SITE_URL`` unset (the default names this machine) or not https."""
    parts = urlsplit(settings.SITE_URL)
    if parts.hostname in LOCAL_HOSTS or parts.hostname is None or parts.hostname.startswith("127."):
        return [
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}: mails would link to this machine.",
                hint="Set SITE_URL to the address people reach the app at, e.g. https://tracker.example.gov.cn.",
                id="notifications.W001",
            )
        ]
    if parts.scheme != "https":
        return [
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}: links in mails would not use HTTPS.",
                hint="Production serves HTTPS only (SECURE_SSL_REDIRECT); let SITE_URL start with https://.",
                id="notifications.W002",
            )
        ]
    return []
