from django.apps import AppConfig


class LegalityConfig(AppConfig):
    name = "fazhi.legality"
    verbose_name = "合法性审核"
