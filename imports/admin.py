from django.contrib import admin
from django.shortcuts import redirect
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX

from reports.scoping import returns_for_user

from .models import FigureRecord, ImportLog
from .resources import FigureResource
from .workbooks import export_csv, export_xlsx


@admin.register(ImportLog)
class ImportLogAdmin(admin.ModelAdmin):
    list_display = [
        "file_name",
        "user",
        "plan",
        "status",
        "created_at",
        "applied_at",
        "rows_new",
        "rows_changed",
        "changes_count",
    ]
    list_filter = ["status", "plan"]
    search_fields = ["file_name", "user__username", "user__full_name"]
    date_hierarchy = "created_at"
    fields = [
        "file_name",
        "file",
        "user",
        "plan",
        "monthly_return",
        "status",
        "created_at",
        "applied_at",
        "rows_total",
        "rows_new",
        "rows_changed",
        "rows_unchanged",
        "changes_count",
        "changes_table",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("changes"))
    def changes_table(self, obj):
        return format_html_join(
            "\n",
            "<div>{} {}-{:02d} {} · {}: {} → {}</div>",
            (
                (c["unit"], obj.plan.year, c["month"] or 0, c["item"], c["field"], c["old"] or "—", c["new"] or "—")
                for c in obj.change_list
            ),
        )


@admin.register(FigureRecord)
class FigureRecordAdmin(ImportExportMixin, admin.ModelAdmin):
    """Figures in the admin: read-only, exported through FigureResource; "Import" opens the checked import flow."""

    resource_classes = [FigureResource]
    formats = [XLSX, CSV]
    list_display = ["monthly_return", "indicator", "value", "numerator", "denominator"]
    list_filter = ["monthly_return__plan", "monthly_return__unit", "indicator__action", "monthly_return__month"]
    list_select_related = ["monthly_return__unit", "monthly_return__plan", "indicator"]
    search_fields = ["indicator__code", "indicator__name", "monthly_return__unit__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(monthly_return__in=returns_for_user(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_import_permission(self, request):
        return request.user.has_perm("reports.import_returns")

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def import_action(self, request, **kwargs):
        # Imports always go through the preview → confirm flow that writes via reports.services.
        return redirect("imports:import-upload")

    def get_export_data(self, file_format, request, queryset, **kwargs):
        with translation.override("zh-hans"):
            dataset = self.get_data_for_export(request, queryset, **kwargs)
            headers, rows = list(dataset.headers), [list(row) for row in dataset]
        if isinstance(file_format, CSV):
            return export_csv(headers=headers, rows=rows)
        return export_xlsx(sheets=[(str(self.model._meta.verbose_name_plural), headers, rows)])
