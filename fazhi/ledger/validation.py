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


def check_exam_counts(exam) -> None:
    """Participation and pass rates are only meaningful when passed ≤ sat ≤ expected."""
    errors: dict[str, str] = {}
    if exam.sat is not None and exam.expected is not None and exam.sat > exam.expected:
        errors["sat"] = f"实考人数（{exam.sat}）不能多于应考人数（{exam.expected}）"
    if exam.passed is not None and exam.sat is not None and exam.passed > exam.sat:
        errors["passed"] = f"合格人数（{exam.passed}）不能多于实考人数（{exam.sat}）"
    if errors:
        raise ValidationError(errors)
