from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "role", "lender", "agency", "is_entity_admin", "is_active"]
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["lender", "agency"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Role"), {"fields": ["role", "lender", "agency", "is_entity_admin"]}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Role"), {"fields": ["role", "lender", "agency"]}),)
