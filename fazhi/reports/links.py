"""The report's links to the leadership and rectification areas, which may or may not be installed.

Those areas are built alongside the report; everything here asks the app registry first, so the
report drafts (with fewer paragraphs) without them and uses them as soon as they are installed."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models


def model(app_label: str, name: str) -> type[models.Model] | None:
    if not apps.is_installed(f"fazhi.{app_label}"):
        return None
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def has_field(model_cls, name: str) -> bool:
    try:
        model_cls._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def first_field(model_cls, names: list[str]) -> str | None:
    return next((n for n in names if has_field(model_cls, n)), None)


def of_year(model_cls, org, year: int, date_names: list[str]):
    """The model's records of a township and year, by its first date field among `date_names`."""
    qs = model_cls.objects.filter(org=org)
    date_field = first_field(model_cls, date_names)
    if date_field is not None:
        qs = qs.filter(**{f"{date_field}__year": year})
    elif has_field(model_cls, "year"):
        qs = qs.filter(year=year)
    return qs


def text_of(obj, names: list[str]) -> str:
    for name in names:
        value = getattr(obj, name, "")
        if isinstance(value, str) and value.strip():
            return value.strip().rstrip("。；;")
    return str(obj).strip().rstrip("。")
