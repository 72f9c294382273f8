from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "fazhi.indicators"
    verbose_name = "指标"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("indicators")
        autodiscover_modules("narrative")
        post_migrate.connect(_install_figure_stamps, sender=self)


def _install_figure_stamps(app_config, using="default", **kwargs):
    # After every migrate (and a test database's creation or flush): the stamp triggers on every
    # table the cached figure queries read, and a new epoch (figcache.py).
    from django.db import connections

    from fazhi.indicators import figcache

    figcache.install(connections[using])
