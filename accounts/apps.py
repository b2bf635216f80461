from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People")

    def ready(self):
        from . import backends, signals  # noqa: F401 — backends: its receivers retire kept permissions


def _axes_config():
    """django-axes under a name a Chinese admin reads (its own catalogue has no Chinese; ours translates its labels)."""
    from axes.apps import AppConfig as AxesAppConfig

    class AxesConfig(AxesAppConfig):
        default = False  # named in INSTALLED_APPS by its path; "accounts" keeps AccountsConfig
        verbose_name = _("Login security: access log")

    return AxesConfig


AxesConfig = _axes_config()
