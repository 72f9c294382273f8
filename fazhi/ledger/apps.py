from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "fazhi.ledger"
    verbose_name = "台账"

    def ready(self) -> None:
        # Each area app declares its ledgers in ledgers.py and its deadlines and to-do providers in
        # rules.py; importing them fills the registries.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("ledgers", "rules")

        from fazhi.ledger import checks, maintenance  # noqa: F401  (registers checks and steps)
