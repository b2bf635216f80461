from django.contrib import admin

from .models import ChangeEntry, Figure, MeasureProgress, MonthlyReturn, ReturnTransition
from .scoping import returns_for_user


class ReadOnlyInline(admin.TabularInline):
    """Figures change only through the return form or an import, so that every change is validated and audited."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FigureInline(ReadOnlyInline):
    model = Figure
    fields = ["indicator", "value", "numerator", "denominator", "comment"]
    readonly_fields = fields


class ProgressInline(ReadOnlyInline):
    model = MeasureProgress
    fields = ["measure", "status", "note"]
    readonly_fields = fields


class TransitionInline(ReadOnlyInline):
    model = ReturnTransition
    fields = ["kind", "from_status", "to_status", "user", "at", "reason", "late"]
    readonly_fields = fields


@admin.register(MonthlyReturn)
class MonthlyReturnAdmin(admin.ModelAdmin):
    list_display = ["unit", "plan", "month", "status", "is_late", "submitted_at", "approved_at"]
    list_filter = ["plan", "status", "is_late", "unit", "month"]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit", "plan"]
    readonly_fields = [
        "plan",
        "unit",
        "month",
        "status",
        "version",
        "is_late",
        "first_submitted_at",
        "submitted_at",
        "approved_at",
    ]
    inlines = [FigureInline, ProgressInline, TransitionInline]

    def get_queryset(self, request):
        # The admin reaches returns through the same scoping helper as the views.
        return returns_for_user(request.user).select_related("unit", "plan")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChangeEntry)
class ChangeEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "monthly_return", "indicator", "measure", "field", "old_value", "new_value", "user", "source"]
    list_filter = ["source", "field"]
    search_fields = ["source_name", "indicator__code", "user__username"]
    list_select_related = ["monthly_return__unit", "monthly_return__plan", "indicator", "measure__action", "user"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(monthly_return__in=returns_for_user(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
