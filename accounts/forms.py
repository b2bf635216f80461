from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AdminUserCreationForm, PasswordChangeForm, UserChangeForm, UserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from .models import User
from .services import user_unit_check
from .units import Membership, membership_from_choice, membership_of, unit_choices


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Django's password change, with the old password checked as a login is: counted and locked out by django-axes.

    A stolen session must not be a way to guess the password at full speed: a wrong old password counts as a failed
    login of this person from this address, and once they are locked out no guess is checked at all (the lock-out
    page answers, as on the login page).
    """

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(self.request, username=self.user.get_username(), password=old_password)
        if checked is None or checked.pk != self.user.pk:
            raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password


class UnitAndRolesMixin:
    """What the user admin's forms share: the unit comes first, as one choice (``accounts.units``), and is checked
    against the roles chosen beside it by the rule the services apply (``user_unit_check``).

    Where the unit or the roles are not on the form (an admin's own account, whose rights it may not change), the
    account's own are checked.
    """

    # The admin's own forms ask for the person's name; a superuser's full form leaves it optional, as before.
    require_full_name = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = pgettext("label", ": ")
        if self.require_full_name and "full_name" in self.fields:
            self.fields["full_name"].required = True
        if "unit" in self.fields:
            self.fields["unit"].widget.attrs["autofocus"] = True
            if self.instance.pk is not None:
                self.initial.setdefault("unit", membership_of(self.instance).choice)
        username = self.fields.get("username")
        if username is not None and "unit" in self.fields:
            username.widget.attrs.pop("autofocus", None)

    def membership(self) -> Membership:
        data = self.cleaned_data
        if "unit" in self.fields:
            return membership_from_choice(data.get("unit") or "")
        # A superuser's full form has both unit fields; a field not on the form keeps the account's own.
        own = membership_of(self.instance)
        kinds = ("reporting_unit", "responsible_unit")
        return Membership(**{kind: data.get(kind) if kind in self.fields else getattr(own, kind) for kind in kinds})

    def roles(self) -> list[Group]:
        if "groups" in self.fields:
            return list(self.cleaned_data.get("groups") or [])
        return list(self.instance.groups.all()) if self.instance.pk is not None else []

    def clean(self):
        cleaned = super().clean()
        if not {"unit", "reporting_unit", "responsible_unit", "groups"} & set(self.errors):
            try:
                user_unit_check(membership=self.membership(), role_names=[group.name for group in self.roles()])
            except ValidationError as error:
                self.add_error(next((f for f in ("unit", "reporting_unit") if f in self.fields), None), error)
        return cleaned

    def _post_clean(self):
        # The password rules read the person's unit (its name may not be in the password): give it before they run.
        if "unit" in self.fields and "unit" in self.cleaned_data:
            membership = self.membership().for_roles([group.name for group in self.roles()])
            self.instance.reporting_unit = membership.reporting_unit
            self.instance.responsible_unit = membership.responsible_unit
        super()._post_clean()


def _unit_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Unit"),
        choices=unit_choices,
        required=False,
        help_text=_(
            "District staff: their district. Department viewers: their department. Coordinators and admins: none."
        ),
    )


class UserAddForm(UnitAndRolesMixin, UserCreationForm):
    """An admin adds a person: unit, name, login, e-mail, roles; the password it types is a temporary one."""

    unit = _unit_field()
    require_full_name = True

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "email", "groups")


class UserManageForm(UnitAndRolesMixin, UserChangeForm):
    """An admin changes a person's unit, name, login, e-mail, roles and whether the account is active."""

    unit = _unit_field()
    require_full_name = True

    class Meta(UserChangeForm.Meta):
        model = User
        fields = ("username", "full_name", "email", "groups", "is_active")
        # Read by the admin where the roles are shown, not offered (one's own account, one only viewed).
        labels = {"groups": _("Roles")}
        help_texts = {"groups": _("What the person may do comes with their roles.")}


class SuperuserAddForm(UnitAndRolesMixin, AdminUserCreationForm):
    """A superuser's full add form, with the same check of unit against roles."""


class SuperuserChangeForm(UnitAndRolesMixin, UserChangeForm):
    """A superuser's full change form, with the same check of unit against roles."""
