from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _grant_permissions(sender, app_config=None, **kwargs):
    if app_config is not None and app_config.label == "imports":
        from accounts.roles import PLAN_ADMIN, roles_ensure

        roles_ensure(extra={PLAN_ADMIN: ["imports.view_importlog", "imports.view_figurerecord"]})


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Excel import and export")

    def ready(self):
        post_migrate.connect(_grant_permissions, sender=self, dispatch_uid="imports_grant_permissions")
