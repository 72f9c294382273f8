from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "fazhi.indicators"
    verbose_name = "指标"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("indicators")
        autodiscover_modules("narrative")
