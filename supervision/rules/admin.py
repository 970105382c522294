from django.contrib import admin

from .models import RuleProfile


@admin.register(RuleProfile)
class RuleProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "is_default", "permitted_from", "permitted_until", "response_window_days"]
    list_filter = ["name", "is_default"]
