from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "fazhi.workdays"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from fazhi.workdays.models import DayOverride

        post_save.connect(_forget, sender=DayOverride, dispatch_uid="workdays-forget-save")
        post_delete.connect(_forget, sender=DayOverride, dispatch_uid="workdays-forget-delete")


def _forget(**kwargs: object) -> None:
    from fazhi.workdays.deadlines import clear_cache

    clear_cache()
