from django.urls import path

from fazhi.supervision import views

app_name = "supervision"
urlpatterns = [
    path("review/", views.review_upload, name="review"),
    path("reports/", views.reports_overview, name="reports"),
    path("reports/review/", views.reports_review, name="reports_review"),
]
