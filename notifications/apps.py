from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _grant_settings_admin(sender, **kwargs):
    from accounts.roles import PLAN_ADMIN, roles_ensure

    roles_ensure(
        extra={
            PLAN_ADMIN: [
                "notifications.add_remindersettings",
                "notifications.change_remindersettings",
                "notifications.view_remindersettings",
                "notifications.view_reminder",
            ]
        }
    )


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications and reminders")

    def ready(self):
        # Our permissions exist only once this app has migrated, so grant them on our own post_migrate.
        post_migrate.connect(_grant_settings_admin, sender=self, dispatch_uid="notifications_grant_settings_admin")
        from . import checks, receivers  # noqa: F401 — the deploy check; workflow steps notify the people concerned
