from django.contrib import admin, messages
from django.utils.translation import gettext as _

from .models import ApiToken
from .services import api_token_create


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    autocomplete_fields = ["user"]

    def get_fields(self, request, obj=None):
        return ["user", "name", "is_active"] + (self.readonly_fields if obj else [])

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token, key = api_token_create(user=obj.user, name=obj.name)
        obj.pk = token.pk
        obj.__dict__.update({k: v for k, v in token.__dict__.items() if not k.startswith("_")})
        self.message_user(
            request,
            _("The token's key is %(key)s. Copy it now: it is not stored and will not be shown again.") % {"key": key},
            messages.WARNING,
        )
