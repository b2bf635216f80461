from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def create_roles(sender, app_config=None, **kwargs):
    # Groups depend on every app's permissions, so wait for the last app the project migrates.
    if app_config is not None and app_config.label == "reports":
        from .roles import roles_ensure

        roles_ensure()
