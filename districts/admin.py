from django.contrib import admin

from .models import ReportingUnit


@admin.register(ReportingUnit)
class ReportingUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "kind", "parent", "sort_order", "is_active", "requires_unit_check"]
    list_filter = ["kind", "is_active", "requires_unit_check", "parent"]
    search_fields = ["code", "name", "short_name"]
    list_editable = ["sort_order", "is_active"]
    autocomplete_fields = ["parent"]
