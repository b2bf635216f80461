from django.contrib import admin

from .models import Reminder, ReminderSettings, UnitReminder


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["plan", "enabled", "days_before", "every_days", "overdue_days"]
    list_select_related = ["plan"]


class UnitReminderInline(admin.TabularInline):
    model = UnitReminder
    fields = ["unit", "sent_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The record of reminders sent: read only, it is history."""

    list_display = ["plan", "month", "kind", "sent_on", "sent_by", "created_at"]
    list_filter = ["kind", "plan", "month"]
    list_select_related = ["plan", "sent_by"]
    fields = ["plan", "month", "kind", "sent_by", "message", "sent_on", "created_at"]
    readonly_fields = fields
    inlines = [UnitReminderInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
