from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .models import User
from .rights import grantable_groups, outranks


class TemporaryPasswordForm(AdminPasswordChangeForm):
    """An admin sets a password for someone else: always a temporary one, which the person changes at next login.

    Django's template for this page renders only its own fields, so a "temporary" box would never be sent: the rule
    lives here, not in a choice. An admin's own password is changed on the site's password page (old one asked).
    """

    def save(self, commit=True):
        user = super().save(commit=False)
        user.must_change_password = True
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
    # What an admin may not change on their own account: their rights, and the unit those rights act on.
    OWN = ("groups", "reporting_unit", "responsible_unit")

    def get_readonly_fields(self, request, obj=None):
        # must_change_password is set by the admin's password pages and cleared by the person's own change only, so
        # an admin-set password cannot be made a lasting one by unticking it.
        readonly = [*super().get_readonly_fields(request, obj), "password_changed_at", "must_change_password"]
        if not request.user.is_superuser:
            readonly += list(self.PRIVILEGED)
            if obj is not None and obj.pk == request.user.pk:
                readonly += list(self.OWN)
        return readonly

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            # Only groups whose every right the admin holds: a group it lacks is refused as an invalid choice.
            kwargs["queryset"] = grantable_groups(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        # Someone holding a right the admin lacks (a superuser above all) is changed only by someone holding it: no
        # password set, no deactivation, no groups. This also guards the admin's password page, which asks here.
        if obj is not None and outranks(obj, request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and outranks(obj, request.user):
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        # One's own password is changed where the old one is asked for (and guessing it is throttled).
        if str(request.user.pk) == unquote(id):
            return redirect("password_change")
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.must_change_password = True  # the password an admin typed on the add form is a temporary one
        super().save_model(request, obj, form, change)
