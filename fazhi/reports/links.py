"""The report's links to the leadership and rectification areas.

Those areas were built alongside the report and can be left out of INSTALLED_APPS; the report asks
the app registry first, so it drafts (with fewer paragraphs) without them and uses them when
they are installed."""

from django.apps import apps
from django.db import models


def model(app_label: str, name: str) -> type[models.Model] | None:
    if not apps.is_installed(f"fazhi.{app_label}"):
        return None
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None
