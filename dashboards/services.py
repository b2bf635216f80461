"""Writes of the dashboards app: API tokens."""

import secrets

from django.db import transaction
from django.utils import timezone

from .models import ApiToken, token_digest


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it and its key, which is shown once and never stored."""
    key = secrets.token_hex(20)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:8], digest=token_digest(key))
    return token, key


def api_token_touch(*, token: ApiToken) -> None:
    """Record when a token was last used (one UPDATE, no read-modify-write)."""
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
