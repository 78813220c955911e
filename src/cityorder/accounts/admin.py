from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from cityorder.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "role", "organization", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    search_fields = ["username", "last_name", "first_name", "email", "organization__short_name"]
    autocomplete_fields = ["organization"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("cityorder"), {"fields": ("role", "organization", "patronymic", "phone")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("cityorder"), {"fields": ("role", "organization")}),
    )
