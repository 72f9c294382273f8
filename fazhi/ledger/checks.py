"""System checks of the ledger framework."""

from django.apps import apps
from django.core import checks

from fazhi.ledger.models import FRAMEWORK_FIELDS, LINE_SYSTEM_FIELDS, LineSystemRecord, Record


@checks.register(checks.Tags.models)
def framework_fields_not_shadowed(app_configs=None, **kwargs):
    """An area model that declares a field named like one of the framework's would take the
    framework's place: imports and line-system stamps would then write into what a user typed."""
    errors = []
    for model in apps.get_models():
        if not issubclass(model, Record) or model._meta.abstract:
            continue
        names = FRAMEWORK_FIELDS | (LINE_SYSTEM_FIELDS if issubclass(model, LineSystemRecord) else set())
        for name in sorted(names):
            base = (Record if name in FRAMEWORK_FIELDS else LineSystemRecord)._meta.get_field(name)
            try:
                field = model._meta.get_field(name)
            except Exception:  # removed by the subclass (name = None)
                field = None
            # Abstract inheritance copies the base's field with its creation counter; a field the
            # area declares itself has another.
            if field is None or field.creation_counter != base.creation_counter:
                errors.append(
                    checks.Error(
                        f"{model._meta.label}.{name} shadows the ledger framework's field of that name",
                        hint="Rename the area's field; the framework writes import and system stamps there.",
                        obj=model,
                        id="ledger.E001",
                    )
                )
    return errors
