"""Demo logins for `make run`; never used by production settings."""

from django.db import transaction

from .models import User

DEMO_PASSWORD = "Weihai-2023"


@transaction.atomic
def demo_load() -> list[tuple[str, str]]:
    """Create the demo logins that do not exist yet; return (username, description) for each."""
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "full_name": "系统管理员"}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    return [("admin", "admin — plan, targets, users, imports (/admin/)")]
