"""Cross-field model rules that name their fields.

`raise_errors({field: message})` raises them keyed on their fields. A form that lacks one of
those fields (a procedure step's form, an edit form before the step) shows it as a form-wide
message prefixed with the field's label: `LedgerForm._update_errors` does that for every ledger.
"""

from django.core.exceptions import ValidationError


class FieldErrorsMixin:
    def raise_errors(self, errors: dict[str, str | list[str]]) -> None:
        if errors:
            raise ValidationError(errors)
