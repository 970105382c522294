from django.contrib import admin

from .models import Report, ReportEvent


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "at", "note"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: accepted reports are immutable, and status changes go through the services."""

    list_display = ["pk", "agency", "lender", "period", "status", "contacts_rows", "error_count", "created_at"]
    list_filter = ["status", "period"]
    search_fields = ["agency__code", "lender__code"]
    inlines = [ReportEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
