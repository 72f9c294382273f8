from django.apps import apps
from django.core.management.base import BaseCommand

from fazhi.ledger.fields import BlindIndexField, fill_blind_indexes


class Command(BaseCommand):
    help = "Recomputes the blind index of every identifier (run after a field key rotation)."

    def handle(self, *args, **options):
        for model in apps.get_models():
            if any(isinstance(f, BlindIndexField) for f in model._meta.concrete_fields):
                fill_blind_indexes(model._meta.app_label, model._meta.model_name)(apps, None)
                self.stdout.write(f"{model._meta.label}: {model._base_manager.count()} rows indexed")
