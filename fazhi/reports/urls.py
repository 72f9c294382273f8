from django.urls import path

from fazhi.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/meta/", views.meta, name="meta"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/self-check/", views.self_check, name="self_check"),
    path("<int:pk>/recompute/", views.recompute, name="recompute"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/step/<slug:action>/", views.step, name="step"),
    path("<int:pk>/correct/", views.correct, name="correct"),
    path("<int:pk>/download.<str:fmt>", views.download, name="download"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<int:pk>/p/<int:pid>/", views.paragraph, name="paragraph"),
    path("<int:pk>/p/<int:pid>/edit/", views.paragraph_edit, name="paragraph_edit"),
    path("<int:pk>/p/<int:pid>/delete/", views.paragraph_delete, name="paragraph_delete"),
    path("<int:pk>/p/<int:pid>/move/", views.paragraph_move, name="paragraph_move"),
    path("<int:pk>/p/<int:pid>/finding/", views.paragraph_finding, name="paragraph_finding"),
    path("<int:pk>/s/<int:sid>/add/", views.paragraph_add, name="paragraph_add"),
    path("<int:pk>/s/<int:sid>/delete/", views.section_delete, name="section_delete"),
]
