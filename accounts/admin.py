from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .forms import SuperuserAddForm, SuperuserChangeForm, UserAddForm, UserManageForm
from .models import User
from .rights import grantable_groups, outranks
from .services import user_create, user_update


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


# What an admin who is not a superuser sees: the person's unit first, then who they are, their roles, and whether the
# account is active; no raw groups or permission lists. Superusers keep Django's full form.
# A new account is active (an unticked box on the add form would make it a login that cannot log in).
ADD_FIELDS = ("unit", "full_name", "username", "email", "groups", "password1", "password2")
MANAGE_FIELDS = ("unit", "full_name", "username", "email", "groups", "is_active")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form_template = "admin/accounts/user/add_form.html"
    form = SuperuserChangeForm
    add_form = SuperuserAddForm
    change_password_form = TemporaryPasswordForm
    list_display = ["username", "full_name", "unit", "roles", "is_active", "is_staff"]
    list_filter = ["groups", "reporting_unit", "responsible_unit", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    # Plain lists, not Django's two-pane chooser: its instructions ("Choose 组 by selecting them…") come untranslated.
    filter_horizontal = ()
    # A superuser's full form: Django's, with the unit first there too.
    fieldsets = (
        (_("Unit"), {"fields": ("reporting_unit", "responsible_unit", "full_name")}),
        *BaseUserAdmin.fieldsets,
        (_("Password"), {"fields": ("must_change_password", "password_changed_at")}),
    )
    add_fieldsets = (
        (_("Unit"), {"fields": ("reporting_unit", "responsible_unit", "full_name", "groups")}),
        *BaseUserAdmin.add_fieldsets,
    )
    manage_add_fieldsets = ((None, {"classes": ("wide",), "fields": ADD_FIELDS}),)
    manage_fieldsets = (
        (None, {"fields": MANAGE_FIELDS}),
        (_("Password"), {"fields": ("password", "must_change_password", "password_changed_at")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    list_select_related = ["reporting_unit", "responsible_unit"]
    # Powers that only a superuser hands out: otherwise an admin could make themselves superuser.
    PRIVILEGED = ("is_superuser", "user_permissions", "is_staff")
    # Kept by the login itself; the admin's own form shows them, it does not ask for them.
    RECORDED = ("last_login", "date_joined")
    # What an admin may not change on their own account: their rights, and the unit those rights act on.
    OWN = ("groups", "unit", "reporting_unit", "responsible_unit")

    @admin.display(description=_("Unit"))
    def unit(self, obj):
        # The list's column, and the field where the unit may not be changed (one's own account, one only viewed).
        return obj.reporting_unit or obj.responsible_unit or _("None: works for the whole city")

    @admin.display(description=_("Roles"))
    def roles(self, obj):
        return "、".join(group.name for group in obj.groups.all()) or "—"

    def get_queryset(self, request):
        # The roles column reads every listed person's groups: one query for the page, not one a row.
        return super().get_queryset(request).prefetch_related("groups")

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.manage_add_fieldsets if obj is None else self.manage_fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if not request.user.is_superuser:
            form = UserAddForm if obj is None else UserManageForm
            # Django drops a read-only field declared on the form only for self.form; this form is chosen here.
            dropped = {name: None for name in self.get_readonly_fields(request, obj) if name in form.declared_fields}
            kwargs["form"] = type(form.__name__, (form,), dropped) if dropped else form
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # must_change_password is set by the admin's password pages and cleared by the person's own change only, so
        # an admin-set password cannot be made a lasting one by unticking it.
        readonly = [*super().get_readonly_fields(request, obj), "password_changed_at", "must_change_password"]
        if not request.user.is_superuser:
            readonly += [*self.PRIVILEGED, *self.RECORDED]
            if obj is not None and obj.pk == request.user.pk:
                readonly += list(self.OWN)
        return readonly

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            # Only groups whose every right the admin holds: a group it lacks is refused as an invalid choice.
            kwargs["queryset"] = grantable_groups(request.user)
            if not request.user.is_superuser:
                # The role groups are named in Chinese: a list of boxes, not Django's two-pane chooser.
                kwargs["widget"] = forms.CheckboxSelectMultiple
                kwargs["label"] = _("Roles")
                kwargs["help_text"] = _("Only roles whose every right you hold yourself are offered.")
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
        if request.user.is_superuser:
            if not change:
                obj.must_change_password = True  # the password an admin typed on the add form is a temporary one
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        fields = {
            "username": data["username"],
            "full_name": data["full_name"],
            "email": data["email"],
            "membership": form.membership(),
            "groups": form.roles(),
            "is_active": data.get("is_active", True),
        }
        if change:
            saved = user_update(actor=request.user, user=obj, **fields)
        else:
            saved = user_create(actor=request.user, password=data["password1"], **fields)
        # The admin goes on with the object its form built (the log entry, the redirect): make it the saved row.
        obj.pk = saved.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        if request.user.is_superuser:
            super().save_related(request, form, formsets, change)
            return
        # The services gave the roles already; saving the form's many-to-many again would bypass them.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
