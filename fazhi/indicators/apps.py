from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "fazhi.indicators"
    verbose_name = "指标"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("indicators")
        autodiscover_modules("narrative")

        # The on-time rates read stored due dates: a calendar override or a period setting
        # moves them (fazhi.ledger.duedates).
        from django.db.models.signals import post_delete, post_save

        from fazhi.ledger import duedates
        from fazhi.ledger.models import ProcedureSetting
        from fazhi.workdays.models import DayOverride

        for sender in (DayOverride, ProcedureSetting):
            for signal in (post_save, post_delete):
                signal.connect(
                    duedates.recompute_after_commit,
                    sender=sender,
                    dispatch_uid=f"due-dates-{sender.__name__}",
                )
