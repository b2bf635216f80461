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
from .roles import COORDINATOR, DEPARTMENT_STAFF, DEPARTMENT_VIEWER, DISTRICT_STAFF, PLAN_ADMIN
from .units import NO_UNIT, Membership, membership_of


def user_unit_check(*, membership: Membership, role_names: Collection[str]) -> None:
    """Refuse a unit that does not go with the roles.

    District staff file for a reporting unit, a department's viewer or staff belong to a responsible unit, a
    coordinator may be given a part of the tree (a city or province node) to review, an admin has no unit; a unit
    given beside roles none of which uses it is a mistake. Someone with no role yet may keep a unit.
    """
    roles = set(role_names)
    membership = membership.chosen
    department_roles = {DEPARTMENT_VIEWER, DEPARTMENT_STAFF} & roles
    if membership.reporting_unit is not None and membership.responsible_unit is not None:
        raise ValidationError(
            _("A person belongs to one unit: choose a reporting unit or a responsible unit, not both."),
            code="unit_both",
        )
    if DISTRICT_STAFF in roles and department_roles:
        raise ValidationError(
            _("The roles %(staff)s and %(viewer)s do not go together: a person belongs to one unit.")
            % {"staff": DISTRICT_STAFF, "viewer": "、".join(sorted(department_roles))},
            code="unit_roles_conflict",
        )
    if PLAN_ADMIN in roles and membership.choice:
        raise ValidationError(
            _("%(role)s works for the whole city and belongs to no unit: leave the unit empty.") % {"role": PLAN_ADMIN},
            code="unit_city_role",
        )
    if COORDINATOR in roles and (membership.responsible_unit is not None or _files(membership.reporting_unit)):
        raise ValidationError(
            _("%(role)s reviews the whole tree or a part of it: leave the unit empty, or choose a city or province.")
            % {"role": COORDINATOR},
            code="unit_city_role",
        )
    if DISTRICT_STAFF in roles and not _files(membership.reporting_unit):
        raise ValidationError(
            _("%(role)s files returns for a reporting unit: choose the person's district as the unit.")
            % {"role": DISTRICT_STAFF},
            code="unit_needs_reporting_unit",
        )
    for role in sorted(department_roles):
        if membership.responsible_unit is None:
            raise ValidationError(
                _("%(role)s sees a department's measures: choose the person's responsible unit as the unit.")
                % {"role": role},
                code="unit_needs_responsible_unit",
            )
    if roles and membership.reporting_unit is not None and not {DISTRICT_STAFF, COORDINATOR} & roles:
        raise ValidationError(
            _("Only %(role)s belongs to a reporting unit: give that role, or leave the unit empty.")
            % {"role": DISTRICT_STAFF},
            code="unit_without_role",
        )
    if roles and membership.responsible_unit is not None and not department_roles:
        raise ValidationError(
            _("Only %(role)s belongs to a responsible unit: give that role, or leave the unit empty.")
            % {"role": f"{DEPARTMENT_VIEWER}、{DEPARTMENT_STAFF}"},
            code="unit_without_role",
        )


def _files(unit) -> bool:
    """Whether ``unit`` files returns itself: a district with no active unit under it (not a city or province)."""
    return unit is not None and not unit.is_department and not unit.children.filter(is_active=True).exists()


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
    membership = membership.for_roles([group.name for group in groups])
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
    membership = membership.for_roles([group.name for group in groups])
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
