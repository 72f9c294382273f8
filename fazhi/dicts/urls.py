from django.urls import path

from fazhi.dicts import views

app_name = "dicts"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:name>/", views.detail, name="detail"),
    path("<str:name>/change/", views.change, name="change"),
]
