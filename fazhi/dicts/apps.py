from django.apps import AppConfig


class DictsConfig(AppConfig):
    name = "fazhi.dicts"
    verbose_name = "数据字典"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core.signals import request_started
        from django.db.models.signals import post_migrate

        from fazhi.dicts import store

        # Every request reads the entries afresh (once), so a rename made through one server
        # process shows in all of them from the next page on.
        request_started.connect(store.forget, dispatch_uid="fazhi.dicts.forget")
        post_migrate.connect(store.seed_after_migrate, dispatch_uid="fazhi.dicts.seed")
