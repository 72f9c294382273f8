from django.apps import AppConfig


class LegalEducationConfig(AppConfig):
    name = "fazhi.legal_education"
    verbose_name = "普法宣传"
