from django.urls import path

from fazhi.ledger import line_views, views

app_name = "ledger"
urlpatterns = [
    path("", views.ledger_index, name="index"),
    path("nil-returns/", views.nil_returns, name="nil_returns"),
    path("jobs/<int:pk>/commit/", views.job_commit, name="job_commit"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("jobs/<int:pk>/cancel/", views.job_cancel, name="job_cancel"),
    path("sudo/", views.sudo, name="sudo"),
    path("line-imports/", line_views.line_imports, name="lines"),
    path("line-imports/<slug:source>/upload/", line_views.line_upload, name="line_upload"),
    path("line-imports/batches/<int:pk>/", line_views.line_batch, name="line_batch"),
    path("line-imports/batches/<int:pk>/rollback/", line_views.line_rollback, name="line_rollback"),
    path("todo/", views.todo_list, name="todo"),
    path("<slug:code>/", views.ledger_list, name="list"),
    path("<slug:code>/new/", views.ledger_edit, name="create"),
    path("<slug:code>/template.xlsx", views.download_template, name="template"),
    path("<slug:code>/export.xlsx", views.export, name="export"),
    path("<slug:code>/import/", views.import_upload, name="import"),
    path("<slug:code>/nil/", views.nil_declare, name="nil_declare"),
    path("<slug:code>/<int:pk>/", views.ledger_detail, name="detail"),
    path("<slug:code>/<int:pk>/edit/", views.ledger_edit, name="edit"),
    path("<slug:code>/<int:pk>/delete/", views.ledger_delete, name="delete"),
    path("<slug:code>/<int:pk>/reveal/<str:field>/", views.reveal, name="reveal"),
    path("<slug:code>/<int:pk>/step/<slug:to>/", views.step, name="step"),
    path("<slug:code>/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path(
        "<slug:code>/<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"
    ),
]
