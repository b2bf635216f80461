from .base import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "zh-hans"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING["loggers"]["newcitizen"]["level"] = "WARNING"  # noqa: F405
# Tests log in with client.login(), which django-axes refuses without a request; the throttling tests enable it.
AXES_ENABLED = False
# One process, so the local-memory cache is coherent: the dashboards' cache is on, as in production (each test
# starts with an empty cache: tests/conftest.py).
NEWCITIZEN = {**NEWCITIZEN, "DASHBOARD_CACHE_SECONDS": 300}  # noqa: F405
# Likewise sessions and permissions are read from the cache, as with CACHE_URL in production.
CACHE_SHARED = True
SESSION_ENGINE = "accounts.sessions"
NEWCITIZEN_TODAY = None  # tests run on the real date unless one sets the demo day
