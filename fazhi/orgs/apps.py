from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "fazhi.orgs"
    verbose_name = "组织与用户"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from fazhi.orgs import (  # noqa: F401
            accounts,  # registers the idle-account maintenance step
            auditchain,  # registers the audit-retention maintenance step
            signals,  # role-change guards, audit rows, token revocation
        )

        post_migrate.connect(_sync_roles)
        post_migrate.connect(_guard_audit_table, sender=self)


def _sync_roles(app_config, **kwargs):
    # post_migrate is sent once per app that has models; permissions of every app exist after
    # the last of those.
    from django.apps import apps

    from fazhi.orgs import roles

    if app_config is [c for c in apps.get_app_configs() if c.models_module is not None][-1]:
        roles.sync()


def _guard_audit_table(app_config, using="default", **kwargs):
    # The migration installs the triggers; this keeps them on a database built without
    # migrations (pytest --nomigrations) and after a flush.
    from django.db import connections

    from fazhi.orgs import auditguard

    connection = connections[using]
    if auditguard.TABLE in connection.introspection.table_names():
        auditguard.apply(connection, install=True)
