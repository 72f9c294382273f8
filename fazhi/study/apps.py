from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "fazhi.study"
    verbose_name = "学法用法"
