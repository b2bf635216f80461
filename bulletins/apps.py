from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _grant_bulletin_perms(sender, **kwargs):
    from accounts.roles import COORDINATOR, PLAN_ADMIN, roles_ensure

    roles_ensure(
        extra={
            COORDINATOR: ["bulletins.issue_bulletin", "bulletins.view_issuedbulletin"],
            PLAN_ADMIN: ["bulletins.view_issuedbulletin"],
        }
    )


class BulletinsConfig(AppConfig):
    name = "bulletins"
    verbose_name = _("Issued bulletins")

    def ready(self):
        # Our permissions exist only once this app has migrated, so grant them on our own post_migrate.
        post_migrate.connect(_grant_bulletin_perms, sender=self, dispatch_uid="bulletins_grant_perms")
