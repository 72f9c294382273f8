from django.apps import AppConfig


class LegalServicesConfig(AppConfig):
    name = "fazhi.legal_services"
    verbose_name = "法律服务"
