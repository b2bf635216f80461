from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .models import (
    Action,
    Indicator,
    Measure,
    MeasureResponsibility,
    PlanYear,
    ResponsibleUnit,
    Target,
    TargetAllocation,
)
from .selectors import plan_copy_summary
from .services import plan_copy_to_year


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["number", "title", "objective"]
    show_change_link = True


@admin.register(PlanYear)
class PlanYearAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "document_number", "due_day", "department_period", "filing_deadline"]
    search_fields = ["title", "document_number"]
    inlines = [ActionInline]
    actions = ["copy_to_next_year"]

    @admin.action(description=_("Start the next plan year as a copy of the selected one"))
    def copy_to_next_year(self, request, queryset):
        """Asks first, saying what will be created and what will not; creates only once confirmed."""
        plans = list(queryset.order_by("year"))
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "admin/actions/planyear/confirm_next_year.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Start the next plan year?"),
                    "opts": self.model._meta,
                    "plans": [(plan, plan_copy_summary(source=plan)) for plan in plans],
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                    "action": "copy_to_next_year",
                },
            )
        for plan in plans:
            try:
                new_plan = plan_copy_to_year(source=plan, year=plan.year + 1)
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("Plan year %(year)s created.") % {"year": new_plan.year}, messages.SUCCESS)
        return None


class MeasureInline(admin.StackedInline):
    model = Measure
    extra = 0
    fields = ["number", "text", "reported_by_districts"]
    show_change_link = True


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "objective"]
    list_filter = ["plan"]
    search_fields = ["title", "objective"]
    inlines = [MeasureInline]


class ResponsibilityInline(admin.TabularInline):
    model = MeasureResponsibility
    extra = 0
    autocomplete_fields = ["unit"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["code", "name", "unit", "kind", "is_active", "sort_order"]
    show_change_link = True


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["measure_code", "action", "short_text", "leads", "reported_by_districts"]
    list_filter = ["action__plan", "action", "responsible_units"]
    search_fields = ["text"]
    list_select_related = ["action"]
    inlines = [ResponsibilityInline, IndicatorInline]

    @admin.display(description=_("number"), ordering="number")
    def measure_code(self, obj):
        return obj.code

    @admin.display(description=_("text"))
    def short_text(self, obj):
        return obj.text[:60]

    @admin.display(description=_("responsible units"))
    def leads(self, obj):
        return "、".join(r.unit.name for r in obj.responsibilities.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("responsibilities__unit")


class TargetInline(admin.StackedInline):
    model = Target
    extra = 0
    fields = ["comparator", "scope", "value", "baseline", "due_mode", "due_month", "note"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "kind", "action", "measure", "department", "is_objective", "is_active"]
    list_filter = ["plan", "kind", "is_active", "is_objective", "action__number"]
    search_fields = ["code", "name"]
    list_select_related = ["action", "measure__action"]
    list_editable = ["is_active"]
    inlines = [TargetInline]
    actions = ["retire", "reactivate"]

    @admin.action(description=_("Retire the selected indicators (their history is kept)"))
    def retire(self, request, queryset):
        self._set_active(queryset, False)

    @admin.action(description=_("Reactivate the selected indicators"))
    def reactivate(self, request, queryset):
        self._set_active(queryset, True)

    @staticmethod
    def _set_active(queryset, active: bool) -> None:
        # One save each, not update(): the save's signal moves the dashboards' cached pages (dashboards/receivers.py).
        for indicator in queryset.exclude(is_active=active):
            indicator.is_active = active
            indicator.save(update_fields=["is_active"])


class AllocationInline(admin.TabularInline):
    model = TargetAllocation
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "comparator", "scope", "value", "baseline", "due_mode", "due_month", "note"]
    list_filter = ["indicator__plan", "comparator", "scope", "due_mode"]
    search_fields = ["indicator__code", "indicator__name"]
    list_select_related = ["indicator"]
    autocomplete_fields = ["indicator"]
    inlines = [AllocationInline]


@admin.register(ResponsibleUnit)
class ResponsibleUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sort_order", "reporting_unit"]
    search_fields = ["code", "name"]
    # Made with the department (actions.services.department_unit_ensure): its returns hang on it.
    readonly_fields = ["reporting_unit"]
