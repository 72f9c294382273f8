from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: the scheduled maintenance run, backups and restores."""

    name = "fazhi.ops"
    verbose_name = "系统运维"

    def ready(self):
        from fazhi.ops import checks, steps  # noqa: F401 - the identifier checks, the backup step
