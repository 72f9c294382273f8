from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "fazhi.orgs"
    verbose_name = "组织与用户"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from fazhi.orgs import (
            accounts,  # noqa: F401  (registers the idle-account maintenance step)
            signals,  # noqa: F401  (connects role-change guards and logging, token revocation)
        )

        post_migrate.connect(_sync_roles)


def _sync_roles(app_config, **kwargs):
    # post_migrate is sent once per app that has models; permissions of every app exist after
    # the last of those.
    from django.apps import apps

    from fazhi.orgs import roles

    if app_config is [c for c in apps.get_app_configs() if c.models_module is not None][-1]:
        roles.sync()
