from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportingUnitQuerySet(models.QuerySet):
    def active(self):
        """Units that still report."""
        return self.filter(is_active=True)

    def leaves(self):
        """Units that file returns themselves: those with no active children."""
        return self.active().exclude(children__is_active=True)

    def roots(self):
        """The top of the tree (the city today, a province later)."""
        return self.filter(parent__isnull=True)


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
