"""System checks on how ledgers treat identifiers (fazhi.ledger.fields)."""

from django.core import checks

from fazhi.ledger import registry
from fazhi.ledger.fields import EncryptedCharField


@checks.register()
def identifiers_searchable_only_in_full(app_configs=None, **kwargs):
    errors = []
    for ledger in registry.all_ledgers():
        model = ledger.model
        for name in ledger.search:
            if isinstance(ledger.field(name), EncryptedCharField):
                errors.append(
                    checks.Error(
                        f"{ledger.code}: search lists the encrypted field {name}; identifiers are found "
                        "by the full value through a BlindIndexField, never by a part",
                        id="fazhi.E101",
                    )
                )
        indexed = ledger.identifier_indexes
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, EncryptedCharField)
                and field.pii == "id_number"
                and field.name not in indexed
            ):
                errors.append(
                    checks.Error(
                        f"{model._meta.label}.{field.name} has no blind index",
                        hint=f'add {field.name}_index = BlindIndexField("…索引", source="{field.name}")',
                        id="fazhi.E102",
                    )
                )
    return errors
