"""Production: everything that must be right comes from the environment, and a missing secret stops the start."""

from email.utils import getaddresses

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import BEHIND_TLS_PROXY, LOGGING, env

DEBUG = False
if env("NEWCITIZEN_TODAY", default=""):
    raise ImproperlyConfigured("NEWCITIZEN_TODAY is for the demo only: unset it, production runs on today's date.")
SECRET_KEY = env("SECRET_KEY")  # no default: refusing to start beats running with a known key
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names the app is served under.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[f"https://{host}" for host in ALLOWED_HOSTS])

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

STORAGES = {
    **STORAGES,  # noqa: F405 — the uploads' storage as the environment chose it (base settings)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Server errors are logged to the console (base.LOGGING); mailed too when ADMINS="Name <a@example.gov.cn>, b@…".
ADMINS = [(name, address) for name, address in getaddresses(env.list("ADMINS", default=[])) if address]
if ADMINS:
    LOGGING["handlers"]["mail_admins"] = {
        "class": "django.utils.log.AdminEmailHandler",
        "formatter": "request",
        "filters": ["request_context"],
    }
    LOGGING["loggers"]["django.request"]["handlers"].append("mail_admins")
