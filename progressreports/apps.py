from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressReportsConfig(AppConfig):
    name = "progressreports"
    verbose_name = _("Progress reports to the province")
