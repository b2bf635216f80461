"""The unit a person belongs to, chosen in one field: a reporting unit (区市) or a responsible unit (责任单位).

The user admin's form asks here for its choices and for what a choice means, so that when the kinds of unit change
(departments are to become reporting units too) this module is the one to change.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from actions.models import ResponsibleUnit
from districts.models import ReportingUnit

REPORTING = "reporting"
RESPONSIBLE = "responsible"


@dataclass(frozen=True)
class Membership:
    """Where a person belongs: a reporting unit, a responsible unit, or neither (the whole city)."""

    reporting_unit: ReportingUnit | None = None
    responsible_unit: ResponsibleUnit | None = None

    @property
    def choice(self) -> str:
        """The value of this membership in the form's unit field."""
        if self.responsible_unit is not None:
            return f"{RESPONSIBLE}:{self.responsible_unit.pk}"
        if self.reporting_unit is not None:
            return f"{REPORTING}:{self.reporting_unit.pk}"
        return ""

    @property
    def chosen(self) -> "Membership":
        """The one unit chosen: a department's member who files holds its department's filing unit as well."""
        if self.responsible_unit is not None and self.reporting_unit is not None:
            if self.reporting_unit.pk == self.responsible_unit.reporting_unit_id:
                return Membership(responsible_unit=self.responsible_unit)
        return self

    def for_roles(self, role_names) -> "Membership":
        """What the account stores: a department's staff (部门经办人) files as the department's own unit."""
        from .roles import DEPARTMENT_STAFF

        if DEPARTMENT_STAFF in set(role_names) and self.responsible_unit is not None:
            return Membership(
                reporting_unit=self.responsible_unit.reporting_unit, responsible_unit=self.responsible_unit
            )
        return self.chosen


# Someone who works for the whole city (a coordinator, an admin), or has no role yet.
NO_UNIT = Membership()


def unit_choices() -> list:
    """The form's unit field: none (a city-level person), then the units that file returns, then the departments,
    then the nodes of the tree above the filing units (a city or a province: a coordinator's part of the tree)."""
    choices = [
        ("", _("None: works for the whole city")),
        (
            _("Reporting units (districts)"),
            [(f"{REPORTING}:{unit.pk}", unit.name) for unit in ReportingUnit.objects.leaves()],
        ),
        (
            _("Responsible units (departments)"),
            [(f"{RESPONSIBLE}:{unit.pk}", unit.name) for unit in ResponsibleUnit.objects.all()],
        ),
    ]
    nodes = ReportingUnit.objects.active().districts().filter(children__is_active=True).distinct()
    if nodes:
        choices.append(
            (_("Part of the tree a coordinator reviews"), [(f"{REPORTING}:{unit.pk}", unit.name) for unit in nodes])
        )
    return choices


def membership_of(user) -> Membership:
    return Membership(reporting_unit=user.reporting_unit, responsible_unit=user.responsible_unit).chosen


def membership_from_choice(choice: str) -> Membership:
    """What a value of the unit field means; the field has already checked it is one of ``unit_choices()``."""
    if not choice:
        return NO_UNIT
    kind, _sep, pk = choice.partition(":")
    if kind == REPORTING:
        return Membership(reporting_unit=ReportingUnit.objects.get(pk=pk))
    return Membership(responsible_unit=ResponsibleUnit.objects.get(pk=pk))
