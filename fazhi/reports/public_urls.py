from django.urls import path

from fazhi.reports import public

app_name = "public_reports"
urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.detail, name="detail"),
    path("<int:pk>/download.<str:fmt>", public.download, name="download"),
]
