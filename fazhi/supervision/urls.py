from django.urls import path

from fazhi.supervision import views

app_name = "supervision"
urlpatterns = [path("review/", views.review_upload, name="review")]
