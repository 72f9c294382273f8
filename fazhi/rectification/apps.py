from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "fazhi.rectification"
    verbose_name = "问题整改"
