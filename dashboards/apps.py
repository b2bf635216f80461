from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _grant_token_admin(sender, **kwargs):
    from accounts.roles import PLAN_ADMIN, roles_ensure

    roles_ensure(
        extra={
            PLAN_ADMIN: [
                "dashboards.add_apitoken",
                "dashboards.view_apitoken",
                "dashboards.change_apitoken",
                "dashboards.delete_apitoken",
            ]
        }
    )


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        # Our permissions exist only once this app has migrated, so grant them on our own post_migrate.
        post_migrate.connect(_grant_token_admin, sender=self, dispatch_uid="dashboards_grant_token_admin")
        from . import receivers  # noqa: F401 — keeps the year-to-date summary in step with the returns
