"""Checks of the legal-education ledgers (domain.md §2.3).

Each administrative village should have at least three 法律明白人 (the 乡村“法律明白人”培养工程
target); the indicators count villages against TARGET_PER_VILLAGE."""

from django.core.exceptions import ValidationError

from fazhi.lib.masking import id_number_error, phone_error

TARGET_PER_VILLAGE = 3


def check_person(obj) -> None:
    """Phone and ID number, when the record has them and they are filled in, must be well formed."""
    errors: dict[str, str] = {}
    id_number = getattr(obj, "id_number", "")
    if id_number and (msg := id_number_error(id_number)):
        errors["id_number"] = msg
    phone = getattr(obj, "phone", "")
    if phone and (msg := phone_error(phone)):
        errors["phone"] = msg
    if errors:
        raise ValidationError(errors)
