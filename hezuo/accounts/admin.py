from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from hezuo.accounts.models import ApiToken, Department, Membership, User


def _site_sign_in(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """The admin signs in on the site's own page, with its rules (a school's passwords
    switched off, the second factor) and its campus sign-ins."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = _site_sign_in  # type: ignore[method-assign]


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ("department",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    list_display = ("username", "display_name", "email", "is_active", "is_superuser")
    search_fields = ("username", "display_name", "email")
    fieldsets = (*(DjangoUserAdmin.fieldsets or ()), (None, {"fields": ("display_name",)}))
    inlines = (MembershipInline,)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ("name", "kind", "school")
    list_filter = ("school", "kind")
    search_fields = ("name",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "school", "role", "department", "is_active")
    list_filter = ("school", "role", "is_active")
    search_fields = ("user__username", "user__display_name")
    autocomplete_fields = ("user", "department")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are made by their owners in the web UI (the token is shown once); here the
    operator can only see and revoke them."""

    list_display = ("name", "user", "school", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("school",)
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = ("school", "user", "name", "prefix", "last_used_at")
    exclude = ("digest",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
