from django.urls import path

from fazhi.background import views

app_name = "background"

urlpatterns = [
    path("", views.task_list, name="list"),
    path("<int:pk>/", views.task_detail, name="detail"),
]
