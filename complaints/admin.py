from django.contrib import admin

from .models import Complaint, ComplaintEvent, PersonalDataAccess


class ComplaintEventInline(admin.TabularInline):
    model = ComplaintEvent
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "at", "note"]


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ["receipt_no", "received_at", "status", "lender", "agency", "source"]
    list_filter = ["status", "source"]
    search_fields = ["receipt_no"]
    raw_id_fields = ["lender", "agency", "duplicate_of"]
    inlines = [ComplaintEventInline]
    exclude = ["complainant_name", "complainant_phone", "complainant_email"]  # seen (and logged) on the page


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "complaint", "purpose"]
    list_filter = ["purpose"]
    readonly_fields = ["at", "user", "complaint", "purpose"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
