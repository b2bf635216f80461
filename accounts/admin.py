from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "reporting_unit", "responsible_unit", "is_active", "is_staff"]
    list_filter = ["groups", "reporting_unit", "responsible_unit", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Unit"), {"fields": ("full_name", "reporting_unit", "responsible_unit")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Unit"), {"fields": ("full_name", "reporting_unit", "responsible_unit", "groups")}),
    )
    list_select_related = ["reporting_unit", "responsible_unit"]
    # Powers that only a superuser hands out: otherwise an admin could make themselves superuser.
    PRIVILEGED = ("is_superuser", "user_permissions", "is_staff")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += (
                [*self.PRIVILEGED, "groups"] if obj is not None and obj.pk == request.user.pk else list(self.PRIVILEGED)
            )
        return readonly
