from django.urls import path

from fazhi.supervision import assessment_views as assess
from fazhi.supervision import assignment_views, comparison_views, inspection_views, views

app_name = "supervision"
urlpatterns = [
    path("review/", views.review_upload, name="review"),
    path("reports/", views.reports_overview, name="reports"),
    path("reports/review/", views.reports_review, name="reports_review"),
    path("assessments/", assess.scheme_list, name="schemes"),
    path("assessments/<int:pk>/", assess.scheme_detail, name="scheme"),
    path("assessments/<int:pk>/settings/", assess.scheme_settings, name="scheme_settings"),
    path("assessments/<int:pk>/items/new/", assess.item_edit, name="item_new"),
    path("assessments/<int:pk>/items/<int:item_pk>/", assess.item_edit, name="item_edit"),
    path("assessments/<int:pk>/items/<int:item_pk>/delete/", assess.item_delete, name="item_delete"),
    path("assessments/<int:pk>/start/", assess.scheme_start, name="scheme_start"),
    path("assessments/<int:pk>/publish/", assess.scheme_publish, name="scheme_publish"),
    path("assessments/<int:pk>/results.xlsx", assess.export_xlsx, name="results_xlsx"),
    path("assessments/<int:pk>/notice.docx", assess.export_docx, name="notice_docx"),
    path("assessments/<int:pk>/<str:org_code>/", assess.sheet, name="sheet"),
    path(
        "assessments/<int:pk>/objections/<int:objection_pk>/answer/",
        assess.objection_answer,
        name="objection_answer",
    ),
    path("evidence/<int:pk>/", assess.evidence_download, name="evidence"),
    path("compare/", comparison_views.compare, name="compare"),
    path("inspections/", inspection_views.inspection_list, name="inspections"),
    path("assignments/", assignment_views.assignment_list, name="assignments"),
    path("assignments/<int:pk>/", assignment_views.assignment_detail, name="assignment"),
    path("assignments/files/<int:pk>/", assignment_views.assignment_file, name="assignment_file"),
    path("assignments/replies/<int:pk>/", assignment_views.reply_file, name="reply_file"),
    path("inspections/<int:pk>/", inspection_views.inspection_detail, name="inspection"),
    path("profile/<str:org_code>/", comparison_views.profile, name="profile"),
]
