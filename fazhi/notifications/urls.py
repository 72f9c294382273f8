from django.urls import path

from fazhi.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/open/", views.open_one, name="open"),
    path("read-all/", views.read_all, name="read_all"),
]
