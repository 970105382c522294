from django.contrib import admin

from .models import Provision, ProvisionMapping


class MappingInline(admin.TabularInline):
    model = ProvisionMapping
    extra = 0


@admin.register(Provision)
class ProvisionAdmin(admin.ModelAdmin):
    list_display = ["code", "source", "clause", "title_zh", "effective_from", "effective_to"]
    list_filter = ["source"]
    search_fields = ["code", "title_zh", "title_en", "clause"]
    inlines = [MappingInline]
