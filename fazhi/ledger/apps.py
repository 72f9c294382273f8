from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class LedgerConfig(AppConfig):
    name = "fazhi.ledger"
    verbose_name = "台账"

    def ready(self) -> None:
        # Each area app declares its ledgers in ledgers.py and its deadlines and to-do providers in
        # rules.py; importing them fills the registries.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("ledgers", "rules")

        from fazhi.ledger import checks, maintenance, registry, todo  # noqa: F401  (registers checks and steps)

        # Every save of a ledger record rewrites its stored due dates (todo.refresh), connected
        # per ledger model: a receiver for every model would end Django's fast deletes.
        for model in {lg.model for lg in registry.all_ledgers()}:
            post_save.connect(todo.on_save, sender=model, dispatch_uid=f"todo-refresh-{model._meta.label}")
            post_delete.connect(todo.on_delete, sender=model, dispatch_uid=f"todo-forget-{model._meta.label}")
        # A calendar override or a period setting moves due dates everywhere.
        from fazhi.ledger.models import ProcedureSetting
        from fazhi.workdays.models import DayOverride

        for sender in (DayOverride, ProcedureSetting):
            for signal in (post_save, post_delete):
                signal.connect(
                    todo.recompute_after_commit,
                    sender=sender,
                    dispatch_uid=f"todo-recompute-{sender.__name__}",
                )
