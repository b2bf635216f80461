"""Writes to accounts. The user admin's form comes through here, so that what an admin may give (``accounts.rights``),
the temporary password and which unit goes with which role are decided in one place."""

from collections.abc import Collection, Iterable

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import User
from .rights import grantable_groups, outranks
from .roles import COORDINATOR, DEPARTMENT_VIEWER, DISTRICT_STAFF, PLAN_ADMIN
from .units import NO_UNIT, Membership, membership_of

# Roles that act for the whole city: whoever holds one belongs to no unit (an admin's filing right would otherwise
# act on the unit it was given).
CITY_ROLES = (COORDINATOR, PLAN_ADMIN)


def user_unit_check(*, membership: Membership, role_names: Collection[str]) -> None:
    """Refuse a unit that does not go with the roles.

    District staff file for a reporting unit and a department viewer sees its department's measures, so each needs
    that kind of unit; the two roles never go together; the city's roles have no unit; and a unit given beside roles
    none of which uses it is a mistake. Someone with no role yet may keep a unit.
    """
    roles = set(role_names)
    if membership.reporting_unit is not None and membership.responsible_unit is not None:
        raise ValidationError(
            _("A person belongs to one unit: choose a reporting unit or a responsible unit, not both."),
            code="unit_both",
        )
    if DISTRICT_STAFF in roles and DEPARTMENT_VIEWER in roles:
        raise ValidationError(
            _("The roles %(staff)s and %(viewer)s do not go together: a person belongs to one unit.")
            % {"staff": DISTRICT_STAFF, "viewer": DEPARTMENT_VIEWER},
            code="unit_roles_conflict",
        )
    for role in CITY_ROLES:
        if role in roles and membership.choice:
            raise ValidationError(
                _("%(role)s works for the whole city and belongs to no unit: leave the unit empty.") % {"role": role},
                code="unit_city_role",
            )
    if DISTRICT_STAFF in roles and membership.reporting_unit is None:
        raise ValidationError(
            _("%(role)s files returns for a reporting unit: choose the person's district as the unit.")
            % {"role": DISTRICT_STAFF},
            code="unit_needs_reporting_unit",
        )
    if DEPARTMENT_VIEWER in roles and membership.responsible_unit is None:
        raise ValidationError(
            _("%(role)s sees a department's measures: choose the person's responsible unit as the unit.")
            % {"role": DEPARTMENT_VIEWER},
            code="unit_needs_responsible_unit",
        )
    if roles and membership.reporting_unit is not None and DISTRICT_STAFF not in roles:
        raise ValidationError(
            _("Only %(role)s belongs to a reporting unit: give that role, or leave the unit empty.")
            % {"role": DISTRICT_STAFF},
            code="unit_without_role",
        )
    if roles and membership.responsible_unit is not None and DEPARTMENT_VIEWER not in roles:
        raise ValidationError(
            _("Only %(role)s belongs to a responsible unit: give that role, or leave the unit empty.")
            % {"role": DEPARTMENT_VIEWER},
            code="unit_without_role",
        )


def _require_grantable(*, actor: User, groups: list[Group]) -> None:
    allowed = set(grantable_groups(actor).values_list("pk", flat=True))
    refused = [group.name for group in groups if group.pk not in allowed]
    if refused:
        raise ValidationError(
            _("You may not give the role %(roles)s: it holds rights you do not hold yourself.")
            % {"roles": "、".join(refused)},
            code="group_not_grantable",
        )


@transaction.atomic
def user_create(
    *,
    actor: User,
    username: str,
    password: str,
    full_name: str = "",
    email: str = "",
    membership: Membership = NO_UNIT,
    groups: Iterable[Group] = (),
    is_active: bool = True,
) -> User:
    """A new account made by ``actor``, with roles it may give and a temporary password the person changes first."""
    if not actor.has_perm("accounts.add_user"):
        raise PermissionDenied(_("You may not add people."))
    groups = list(groups)
    _require_grantable(actor=actor, groups=groups)
    user_unit_check(membership=membership, role_names=[group.name for group in groups])
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        reporting_unit=membership.reporting_unit,
        responsible_unit=membership.responsible_unit,
        is_active=is_active,
    )
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = True  # chosen by the admin, so the person replaces it at the first login
    user.full_clean()
    user.save()
    user.groups.set(groups)
    return user


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    username: str,
    full_name: str,
    email: str,
    membership: Membership,
    groups: Iterable[Group],
    is_active: bool,
) -> User:
    """Change ``user``'s account as ``actor``: only within ``actor``'s rights, and never ``actor``'s own unit or roles.

    The password is not changed here: an admin sets one on the password page, as a temporary one.
    """
    current = User.objects.select_for_update().get(pk=user.pk)
    if not actor.has_perm("accounts.change_user") or outranks(current, actor):
        raise PermissionDenied(_("You may not change this person's account."))
    groups = list(groups)
    if current.pk == actor.pk and not actor.is_superuser:
        same_groups = {group.pk for group in groups} == set(current.groups.values_list("pk", flat=True))
        if not same_groups or membership.choice != membership_of(current).choice:
            raise ValidationError(_("You cannot change your own unit or roles: ask another admin."), code="own_rights")
    _require_grantable(actor=actor, groups=groups)
    user_unit_check(membership=membership, role_names=[group.name for group in groups])
    current.username = username
    current.full_name = full_name
    current.email = email
    current.reporting_unit = membership.reporting_unit
    current.responsible_unit = membership.responsible_unit
    current.is_active = is_active
    current.full_clean()
    current.save()
    current.groups.set(groups)
    return current
