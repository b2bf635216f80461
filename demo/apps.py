from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo logins and returns of `make run`: on top of every other app, so that none of them imports it."""

    name = "demo"
    verbose_name = _("Demo data")
