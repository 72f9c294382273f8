from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "fazhi.mediation"
    verbose_name = "矛盾纠纷化解"
