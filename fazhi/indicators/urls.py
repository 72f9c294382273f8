from django.urls import path

from fazhi.indicators import views

app_name = "indicators"
urlpatterns = [path("<str:code>/", views.drilldown, name="drilldown")]
