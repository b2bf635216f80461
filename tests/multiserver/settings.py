"""The settings of the two app servers in ``test_two_servers.py``: production's, with the static files served from
their source folders (a test runs no collectstatic). Everything else comes from the environment the test sets."""

from weihai_newcitizen.settings.production import *  # noqa: F401,F403
from weihai_newcitizen.settings.production import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
