from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportingUnitQuerySet(models.QuerySet):
    def active(self):
        """Units that still report."""
        return self.filter(is_active=True)

    def districts(self):
        """Units of the territorial tree (区市 and those above them), not the municipal departments."""
        return self.exclude(kind=ReportingUnit.Kind.DEPARTMENT)

    def departments(self):
        """The responsible municipal departments' own filing units (部门报送), in the plan's order."""
        return self.filter(kind=ReportingUnit.Kind.DEPARTMENT)

    def leaves(self):
        """Territorial units that file returns themselves: those with no active children (departments are not)."""
        return self.active().districts().exclude(children__is_active=True)

    def roots(self):
        """The top of the territorial tree (the city today, a province later)."""
        return self.districts().filter(parent__isnull=True)

    def subtree_ids(self, node_id: int) -> set[int]:
        """``node_id`` and every unit under it, at any depth. One query (the tree is small: a province is ~150)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in ReportingUnit.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, stack = set(), [node_id]
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(children.get(pk, []))
        return found

    def ancestor_ids(self, unit_id: int) -> set[int]:
        """``unit_id`` and every unit above it. One query."""
        parents = dict(ReportingUnit.objects.values_list("pk", "parent_id"))
        found = set()
        while unit_id is not None and unit_id not in found:
            found.add(unit_id)
            unit_id = parents.get(unit_id)
        return found


class ReportingUnit(models.Model):
    """A 区市-level unit that files monthly returns; units may nest (county → city → province)."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("District")
        COUNTY_CITY = "county_city", _("County-level city")
        DEV_ZONE = "dev_zone", _("National development zone")
        FUNCTIONAL_ZONE = "functional_zone", _("Functional zone")
        COUNTY = "county", _("County")
        CITY = "city", _("City")
        PROVINCE = "province", _("Province")
        # A responsible municipal department filing on its own measures; outside the territorial tree, so never in
        # a district roll-up, ranking or timeliness grid (actions.ResponsibleUnit.reporting_unit links the two).
        DEPARTMENT = "department", _("Municipal department")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # 填报人 and 审核人: when on, a return goes from its filer to a second person of the unit (a 单位审核人) who sends
    # it on to the city (报送) or back inside the unit.
    requires_unit_check = models.BooleanField(
        _("requires the unit's own check"),
        default=False,
        help_text=_("Returns are checked by a second person of the unit (单位审核人) before they reach the city."),
    )

    objects = ReportingUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting unit")
        verbose_name_plural = _("reporting units")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(parent=models.F("pk")), name="reporting_unit_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def is_department(self) -> bool:
        return self.kind == self.Kind.DEPARTMENT
