from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Assessment, AssessmentItem, GoodPractice, PlanFiling


@admin.register(PlanFiling)
class PlanFilingAdmin(admin.ModelAdmin):
    """Read-only: units file and coordinators review through the tracker's pages, where the checks live."""

    list_display = ["unit", "plan", "version", "status", "filed_at", "is_late"]
    list_filter = ["plan", "status", "is_late", "unit"]
    list_select_related = ["unit", "plan"]
    # The file itself is offered through the scoped download view, never as a media URL.
    exclude = ["file"]
    readonly_fields = ["download"]

    @admin.display(description=_("document"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("filings:filing-download", args=[obj.pk]), obj.original_name)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdminMixin:
    """Assessments and good practice change only through their pages, whose services check scores, grades and who
    featured what; the admin shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AssessmentItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AssessmentItem
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "plan", "period_start", "period_end", "overall_grade", "assessed_by"]
    list_filter = ["plan", "unit"]
    list_select_related = ["unit", "plan", "assessed_by"]
    inlines = [AssessmentItemInline]


@admin.register(GoodPractice)
class GoodPracticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "unit", "measure", "created_at", "is_featured"]
    list_filter = ["is_featured", "unit"]
    list_select_related = ["unit", "measure__action"]
    search_fields = ["title", "body"]
