from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    """The administrators' own pages (/manage/): org tree, accounts, roles, line systems,
    periods, security settings and holidays. The Django admin is left to superusers."""

    name = "fazhi.administration"
    verbose_name = "系统管理"

    def ready(self) -> None:
        from django.contrib import admin

        # The Django admin stays for emergencies: superusers only (issue 14).
        admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser
