"""Cross-field model rules that name their fields, safe on a procedure step's form.

A step's form carries only that step's fields, while `Model.clean()` judges the whole record;
Django refuses (ValueError) an error keyed on a field the form does not carry. Models that mix
this in raise `raise_errors({field: message})`: errors on fields outside the bound form become
form-wide errors prefixed with the field's label, the others stay on their fields.
"""

from django.core.exceptions import ValidationError


class FieldErrorsMixin:
    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
        self._clean_excluded = set(exclude or ())
        try:
            super().full_clean(
                exclude=exclude, validate_unique=validate_unique, validate_constraints=validate_constraints
            )
        finally:
            del self._clean_excluded

    def raise_errors(self, errors: dict[str, str | list[str]]) -> None:
        if not errors:
            return
        excluded = getattr(self, "_clean_excluded", set())
        keyed: dict[str, list[str]] = {}
        for name, messages in errors.items():
            for message in [messages] if isinstance(messages, str) else messages:
                if name in excluded:
                    label = self._meta.get_field(name).verbose_name
                    keyed.setdefault("__all__", []).append(f"{label}：{message}")
                else:
                    keyed.setdefault(name, []).append(message)
        raise ValidationError(keyed)
