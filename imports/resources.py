"""The long layout of figures as django-import-export sees it: one row per unit, month and indicator.

Exports (the Excel page and the admin) are built from this resource; imports of the same layout are read by
``imports.checking`` and written through ``reports.services``, never by the resource itself, so that every
import passes the returns' validation, lock and audit trail.
"""

from decimal import Decimal

from import_export import fields, resources, widgets

from actions.models import rate_of
from reports.models import Figure
from reports.unit_check import signed_text

from .layout import label


class FigureNumberWidget(widgets.DecimalWidget):
    """A figure as entered: a whole number without decimals (63342, not 63342.00), in the .csv as in the .xlsx."""

    def render(self, value, obj=None, **kwargs):
        value = super().render(value, obj, **kwargs)
        if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
            return int(value)
        return value


# Numbers stay numbers, so that an .xlsx export has number cells, not text.
NUMBER = FigureNumberWidget(coerce_to_string=False)


class FigureResource(resources.ModelResource):
    unit_code = fields.Field(attribute="monthly_return__unit__code", column_name=label("unit_code"))
    unit_name = fields.Field(column_name=label("unit_name"))
    month = fields.Field(column_name=label("month"))
    indicator_code = fields.Field(attribute="indicator__code", column_name=label("indicator_code"))
    indicator_name = fields.Field(attribute="indicator__name", column_name=label("indicator_name"))
    unit_of_measure = fields.Field(attribute="indicator__unit", column_name=label("unit_of_measure"))
    kind = fields.Field(column_name=label("kind"))
    value = fields.Field(attribute="value", column_name=label("value"), widget=NUMBER)
    numerator = fields.Field(attribute="numerator", column_name=label("numerator"), widget=NUMBER)
    denominator = fields.Field(attribute="denominator", column_name=label("denominator"), widget=NUMBER)
    rate = fields.Field(column_name=label("rate"))
    comment = fields.Field(attribute="comment", column_name=label("comment"))
    return_status = fields.Field(column_name=label("return_status"))
    filed_by = fields.Field(column_name=label("filed_by"))
    checked_by = fields.Field(column_name=label("checked_by"))

    def __init__(self, *, sign_offs: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        # {return pk: reports.unit_check.SignOff}, read once for the whole export (imports.selectors.sign_offs_for).
        self.sign_offs = sign_offs or {}

    class Meta:
        model = Figure
        fields = (
            "unit_code",
            "unit_name",
            "month",
            "indicator_code",
            "indicator_name",
            "unit_of_measure",
            "kind",
            "value",
            "numerator",
            "denominator",
            "rate",
            "comment",
            "return_status",
            "filed_by",
            "checked_by",
        )
        export_order = fields

    def dehydrate_unit_name(self, figure) -> str:
        return figure.monthly_return.unit.name

    def dehydrate_month(self, figure) -> str:
        return f"{figure.monthly_return.plan.year}-{figure.monthly_return.month:02d}"

    def dehydrate_kind(self, figure) -> str:
        return str(figure.indicator.get_kind_display())

    def dehydrate_rate(self, figure):
        return rate_of(figure.numerator, figure.denominator)

    def dehydrate_return_status(self, figure) -> str:
        return str(figure.monthly_return.get_status_display())

    def dehydrate_filed_by(self, figure) -> str:
        signed = self.sign_offs.get(figure.monthly_return_id)
        return signed_text(signed.filer, signed.filed_at) if signed else ""

    def dehydrate_checked_by(self, figure) -> str:
        signed = self.sign_offs.get(figure.monthly_return_id)
        return signed_text(signed.checker, signed.checked_at) if signed else ""
