from django.contrib import admin

from .models import IssuedBulletin


@admin.register(IssuedBulletin)
class IssuedBulletinAdmin(admin.ModelAdmin):
    """Read only: an issued bulletin is a record of what was sent out, never edited afterwards."""

    list_display = ["number", "plan", "month", "issued_on", "issued_by"]
    list_filter = ["plan"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
