"""The Django admin, kept for emergencies and open to superusers only (fazhi.administration
closes it to everyone else); the administrators work on their own pages under /manage/. The
guards below still hold there: no password set by an administrator, roles from the catalogue."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse

from fazhi.orgs import accounts, roles
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


class AccountCreationForm(forms.ModelForm):
    """A new account: who and where. The password is generated, never typed by the administrator."""

    class Meta:
        model = User
        fields = ["username", "full_name", "title", "org", "email"]


class RoleForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["groups"]

    def clean_groups(self):
        groups = self.cleaned_data["groups"]
        problems = roles.conflicts(roles.codes_of_groups(groups))
        if problems:
            raise ValidationError(problems)
        return groups


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "full_name",
        "org",
        "title",
        "is_active",
        "must_change_password",
        "last_login",
    ]
    list_filter = ["is_active", "groups", "org"]
    search_fields = ["username", "full_name"]
    add_form = AccountCreationForm
    # The system administrator manages accounts; only the security administrator grants roles.
    account_fieldsets = (
        (None, {"fields": ("username",)}),
        ("基本信息", {"fields": ("full_name", "title", "org", "email")}),
        ("状态", {"fields": ("is_active", "must_change_password", "last_login", "date_joined")}),
    )
    role_fieldsets = ((None, {"fields": ("username", "full_name", "org")}), ("角色", {"fields": ("groups",)}))
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "title", "org", "email")}),
    )
    actions = ["issue_one_time_passwords", "disable_accounts", "enable_accounts"]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        if request.user.has_perm("orgs.change_user"):
            return self.account_fieldsets
        return self.role_fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and not request.user.has_perm("orgs.change_user"):
            kwargs["form"] = RoleForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if request.user.has_perm("orgs.change_user"):
            # Enabling, disabling and passwords go through the audited actions only.
            return ["username", "is_active", "must_change_password", "last_login", "date_joined"]
        return ["username", "full_name", "org"]

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "groups":
            # Only the roles of the catalogue in code can be assigned.
            kwargs["queryset"] = Group.objects.filter(name__in=roles.ROLE_BY_NAME).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return request.user.has_perm("orgs.add_user")

    def has_change_permission(self, request, obj=None):
        if request.user.has_perm("orgs.change_user"):
            return True
        if not request.user.has_perm("orgs.assign_roles"):
            return False
        # Nobody changes their own roles: the security administrator sees its own account read-only.
        return obj is None or obj.pk != request.user.pk

    def has_manage_accounts_permission(self, request):
        return request.user.has_perm("orgs.change_user")

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are deactivated, never deleted, so the history keeps its authors

    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied(
            "管理员不能为用户设置密码；请在账号列表中选择“签发一次性密码”，用户下次登录时须自行修改。"
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            request.fazhi_one_time_passwords = [(obj, accounts.create_account(request, obj))]

    def response_add(self, request, obj, post_url_continue=None):
        return self._show_passwords(request, "账号已创建")

    def _show_passwords(self, request, title):
        response = TemplateResponse(
            request,
            "orgs/one_time_passwords.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "issued": request.fazhi_one_time_passwords,
                "opts": self.opts,
            },
        )
        response["Cache-Control"] = "no-store"
        return response

    def _others(self, request, queryset):
        if queryset.filter(pk=request.user.pk).exists():
            self.message_user(request, "不能对自己的账号执行此操作。", messages.ERROR)
            return None
        return list(queryset)

    @admin.action(description="签发一次性密码（下次登录须修改）", permissions=["manage_accounts"])
    def issue_one_time_passwords(self, request, queryset):
        users = self._others(request, queryset)
        if users is None:
            return None
        request.fazhi_one_time_passwords = [(u, accounts.issue_one_time_password(request, u)) for u in users]
        return self._show_passwords(request, "已签发一次性密码")

    @admin.action(description="停用所选账号", permissions=["manage_accounts"])
    def disable_accounts(self, request, queryset):
        users = self._others(request, queryset)
        if users is None:
            return
        for user in users:
            accounts.disable_account(request, user, "系统管理员停用")
        self.message_user(request, f"已停用 {len(users)} 个账号，其API令牌已撤销。", messages.SUCCESS)

    @admin.action(description="重新启用所选账号并签发一次性密码", permissions=["manage_accounts"])
    def enable_accounts(self, request, queryset):
        users = self._others(request, queryset)
        if users is None:
            return None
        request.fazhi_one_time_passwords = [(u, accounts.enable_account(request, u)) for u in users]
        return self._show_passwords(request, "账号已重新启用")


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(admin.ModelAdmin):
    """Roles are defined in code (roles.py) and synced after every migrate: their permissions can
    be read here, never edited, so no administrator can widen another's role."""

    list_display = ["name"]
    readonly_fields = ["name", "permissions"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
