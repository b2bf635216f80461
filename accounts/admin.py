from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from .models import User
from .rights import outranks


class TemporaryPasswordForm(AdminPasswordChangeForm):
    """An admin sets a password for someone else: by default a temporary one, changed at the next login."""

    temporary = forms.BooleanField(
        label=_("Temporary: must be changed at the next login"),
        required=False,
        initial=True,
    )

    def save(self, commit=True):
        user = super().save(commit=False)
        user.must_change_password = self.cleaned_data.get("temporary", False)
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    change_password_form = TemporaryPasswordForm
    list_display = ["username", "full_name", "reporting_unit", "responsible_unit", "is_active", "is_staff"]
    list_filter = ["groups", "reporting_unit", "responsible_unit", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Unit"), {"fields": ("full_name", "reporting_unit", "responsible_unit")}),
        (_("Password"), {"fields": ("must_change_password", "password_changed_at")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Unit"), {"fields": ("full_name", "reporting_unit", "responsible_unit", "groups")}),
    )
    list_select_related = ["reporting_unit", "responsible_unit"]
    # Powers that only a superuser hands out: otherwise an admin could make themselves superuser.
    PRIVILEGED = ("is_superuser", "user_permissions", "is_staff")

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "password_changed_at"]
        if not request.user.is_superuser:
            readonly += (
                [*self.PRIVILEGED, "groups"] if obj is not None and obj.pk == request.user.pk else list(self.PRIVILEGED)
            )
        return readonly

    def has_change_permission(self, request, obj=None):
        # Someone with more rights (a superuser above all) is changed only by someone with at least as many: no
        # password set, no deactivation, no groups. This also guards the admin's password page, which asks here.
        if obj is not None and outranks(obj, request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and outranks(obj, request.user):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.must_change_password = True  # the password an admin typed on the add form is a temporary one
        super().save_model(request, obj, form, change)
