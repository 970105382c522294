from django.contrib import admin

from .forms import AgencyForm, LenderForm
from .models import Agency, Lender, Mandate


@admin.register(Lender)
class LenderAdmin(admin.ModelAdmin):
    form = LenderForm
    list_display = ["code", "name", "type", "province", "credit_code"]
    list_filter = ["type", "province"]
    search_fields = ["code", "name", "credit_code"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    form = AgencyForm
    list_display = ["code", "name", "status", "province", "credit_code"]
    list_filter = ["status", "province"]
    search_fields = ["code", "name", "credit_code"]


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ["lender", "agency", "valid_from", "valid_to"]
    list_filter = ["valid_from"]
    search_fields = ["lender__code", "lender__name", "agency__code", "agency__name"]
    autocomplete_fields = ["lender", "agency"]
    list_select_related = ["lender", "agency"]
