from django.contrib import admin

from .models import BulletinStep, IssuedBulletin


class BulletinStepInline(admin.TabularInline):
    model = BulletinStep
    fields = ["at", "step", "from_stage", "to_stage", "user", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(IssuedBulletin)
class IssuedBulletinAdmin(admin.ModelAdmin):
    """Read only: a bulletin moves through its chain on its own pages, and an issued one is never edited.

    Who may check (审核) or sign (签发) is set on the user's page, by the groups 通报审核 and 通报签发.
    """

    list_display = ["__str__", "plan", "month", "status", "drafted_by", "issued_on", "issued_by"]
    list_filter = ["plan", "status"]
    exclude = ["snapshot"]
    inlines = [BulletinStepInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
