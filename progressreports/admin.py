from django.contrib import admin

from .models import ProgressReport, ProgressReportStep


class ProgressReportStepInline(admin.TabularInline):
    model = ProgressReportStep
    fields = ["at", "step", "from_stage", "to_stage", "user", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    """Read only: a report moves through its chain on its own pages, and an issued one is never edited."""

    list_display = ["__str__", "plan", "month_from", "month_to", "status", "drafted_by", "issued_on", "signer_name"]
    list_filter = ["plan", "status"]
    exclude = ["snapshot", "content"]
    inlines = [ProgressReportStepInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
