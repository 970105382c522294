from django.contrib import admin

from .models import Finding, Inspection, InspectionEvent


class EventInline(admin.TabularInline):
    model = InspectionEvent
    extra = 0
    can_delete = False
    readonly_fields = ["from_state", "to_state", "by", "at", "note"]


class FindingInline(admin.StackedInline):
    model = Finding
    extra = 0
    raw_id_fields = ["complaints", "metric_results"]


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    """The state is read-only here: it changes through the workflow, by the right role."""

    list_display = ["pk", "lender", "agency", "type", "trigger", "state", "lead", "planned_start"]
    list_filter = ["state", "type", "trigger"]
    raw_id_fields = ["lender", "agency", "lead", "alert"]
    filter_horizontal = ["members", "agencies_in_scope"]
    readonly_fields = ["state", "state_changed_at"]
    inlines = [FindingInline, EventInline]
