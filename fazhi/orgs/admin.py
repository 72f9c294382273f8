"""The Django admin serves the three administrator roles, each limited by its permissions:
users and the org tree (system), roles and the security policy (security), logs (audit)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from fazhi.orgs.models import AuditLog, Department, OrgUnit, SecuritySettings, User


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    ordering = ["path"]

    def has_delete_permission(self, request, obj=None):
        return False  # records hang on org units; an org unit is never deleted


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "org", "head"]
    list_filter = ["org"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "org", "title", "is_active", "last_login"]
    list_filter = ["is_active", "groups", "org"]
    search_fields = ["username", "full_name"]
    # The system administrator manages accounts; only the security administrator grants roles.
    account_fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("基本信息", {"fields": ("full_name", "title", "org", "email", "is_active", "must_change_password")}),
    )
    role_fieldsets = ((None, {"fields": ("username",)}), ("角色", {"fields": ("groups",)}))
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "org", "password1", "password2")}),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        if request.user.has_perm("orgs.change_user"):
            return self.account_fieldsets
        return self.role_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not request.user.has_perm("orgs.change_user"):
            return ["username"]
        return []

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("orgs.change_user") or request.user.has_perm("orgs.assign_roles")

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are deactivated, never deleted, so the history keeps its authors


@admin.register(SecuritySettings)
class SecuritySettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return request.user.has_perm("orgs.change_securitysettings") and not SecuritySettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from fazhi.orgs.models import audit

        audit(
            request,
            AuditLog.Action.SETTINGS,
            target="安全设置",
            detail="；".join(f"{k}={form.cleaned_data[k]}" for k in form.changed_data),
        )


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "action", "outcome", "target", "org", "ip"]
    list_filter = ["action", "outcome"]
    search_fields = ["username", "target", "detail", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
