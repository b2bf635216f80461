from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _grant_bulletin_perms(sender, **kwargs):
    from .roles import bulletin_roles_ensure

    bulletin_roles_ensure()


class BulletinsConfig(AppConfig):
    name = "bulletins"
    verbose_name = _("Issued bulletins")

    def ready(self):
        # Our permissions exist only once this app has migrated, so grant them on our own post_migrate.
        post_migrate.connect(_grant_bulletin_perms, sender=self, dispatch_uid="bulletins_grant_perms")
