from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from fazhi.api import api
from fazhi.indicators.views import home
from fazhi.ledger.views import api_index
from fazhi.ops import health
from fazhi.orgs import second_factor
from fazhi.orgs import views as org_views

admin.site.site_header = "法治政府建设平台 · 系统管理"
admin.site.site_title = "系统管理"
admin.site.index_title = "管理"

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", org_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", org_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/tokens/", org_views.my_tokens, name="my_tokens"),
    path("accounts/tokens/<int:pk>/revoke/", org_views.revoke_token, name="revoke_token"),
    path("accounts/otp/", second_factor.verify, name="otp_verify"),
    path("accounts/otp/setup/", second_factor.setup, name="otp_setup"),
    path("security/second-factor/", second_factor.manage, name="otp_manage"),
    path("security/locked/", org_views.locked_accounts, name="locked_accounts"),
    path("security/tokens/", org_views.security_tokens, name="security_tokens"),
    path("audit/", org_views.audit_log, name="audit_log"),
    path("audit/logins/", org_views.login_log, name="login_log"),
    path("audit/logins/export/", org_views.login_log_export, name="login_log_export"),
    path("audit/export/", org_views.audit_export, name="audit_export"),
    path("manage/", include("fazhi.administration.urls")),
    path("system/dicts/", include("fazhi.dicts.urls")),
    path("l/", include("fazhi.ledger.urls")),
    path("supervision/", include("fazhi.supervision.urls")),
    path("indicators/", include("fazhi.indicators.urls")),
    path("reports/", include("fazhi.reports.urls")),
    path("notifications/", include("fazhi.notifications.urls")),
    path("public/reports/", include("fazhi.reports.public_urls")),
    path("tasks/", include("fazhi.background.urls")),
    path("api/", api_index, name="api_index"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("metrics", health.metrics, name="metrics"),
]

handler400 = "fazhi.errors.bad_request"
handler403 = "fazhi.errors.permission_denied"
handler404 = "fazhi.errors.page_not_found"
handler500 = "fazhi.errors.server_error"
