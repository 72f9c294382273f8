from django.urls import path

from fazhi.administration import views

app_name = "manage"

urlpatterns = [
    path("orgs/", views.org_tree, name="org_tree"),
    path("orgs/<int:pk>/", views.org_unit, name="org_unit"),
    path("departments/", views.departments, name="departments"),
    path("departments/<int:pk>/", views.department, name="department"),
    path("users/", views.users, name="users"),
    path("users/export/", views.users_export, name="users_export"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/state/", views.user_state, name="user_state"),
    path("users/<int:pk>/one-time-password/", views.user_one_time_password, name="user_otp"),
    path("roles/", views.role_users, name="role_users"),
    path("roles/catalogue/", views.role_catalogue, name="role_catalogue"),
    path("roles/<int:pk>/", views.role_assign, name="role_assign"),
    path("lines/", views.line_sources, name="line_sources"),
    path("lines/new/", views.line_source_edit, name="line_source_create"),
    path("lines/<int:pk>/", views.line_source_edit, name="line_source_edit"),
    path("periods/", views.periods, name="periods"),
    path("periods/<str:key>/", views.period_edit, name="period_edit"),
    path("security/", views.security_settings, name="security"),
    path("holidays/", views.holidays, name="holidays"),
    path("holidays/<int:pk>/delete/", views.holiday_delete, name="holiday_delete"),
    path("maintenance/", views.maintenance_runs, name="maintenance"),
]
