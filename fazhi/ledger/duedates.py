"""Stored due dates for the on-time rates: the date an area's rule (`rules.<x>_due`) gives a record,
kept in a column so a rate is one grouped query instead of a rule applied record by record.

The column is never typed in. Reading the attribute always applies the rule to the instance as it
is now, so every write path stores a current date: `save()` and the one transition function,
`bulk_create`, and an import's `bulk_update` (the field is one of its ledger's `derived` fields).
What the rule reads from outside the record (the holiday calendar and the period settings) is
followed by `recompute`, run after a calendar override or a period setting changes.
"""

import importlib
from collections.abc import Callable

from django.db import models
from django.db.models.query_utils import DeferredAttribute


def _rule(path: str) -> Callable:
    module, name = path.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


class _CurrentDue(DeferredAttribute):
    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        deadline = _rule(self.field.rule)(instance)
        return deadline.date if deadline is not None else None

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value


class DueDateField(models.DateField):
    """`rule` is the dotted path of the area's due function (a Deadline, or None when no date is
    owed). The rule's dependence on today (an open pause) is the rate's business: see `moving`
    in `fazhi.indicators.registry.deadline_rate`."""

    def __init__(self, *args, rule: str = "", **kwargs):
        self.rule = rule
        kwargs["null"] = True
        kwargs["blank"] = True
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["rule"] = self.rule
        for key in ("null", "blank", "editable"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        # History rows keep the date as it was stored; only the live model follows the rule.
        if self.rule and not cls.__name__.startswith("Historical"):
            setattr(cls, self.attname, _CurrentDue(self))


def due_fields(model) -> list[DueDateField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, DueDateField)]


def models_with_due_dates() -> list[type[models.Model]]:
    from django.apps import apps

    return [m for m in apps.get_models() if not m.__name__.startswith("Historical") and due_fields(m)]


def refresh(model, queryset=None, *, chunk: int = 2000) -> int:
    """Rewrites the stored due dates of `queryset` (default: every record of `model`) where the
    rule now gives another date; returns how many records changed."""
    fields = due_fields(model)
    names = [f.attname for f in fields]
    qs = (queryset if queryset is not None else model._base_manager.all()).order_by("pk")
    changed = []
    count = 0
    for obj in qs.iterator(chunk_size=chunk):
        if any(obj.__dict__.get(n) != getattr(obj, n) for n in names):
            for n in names:
                obj.__dict__[n] = getattr(obj, n)
            changed.append(obj)
        if len(changed) >= chunk:
            count += model._base_manager.bulk_update(changed, names)
            changed = []
    if changed:
        count += model._base_manager.bulk_update(changed, names)
    return count


def recompute() -> int:
    """Every stored due date rewritten where the rule now gives another; the caller has cleared
    the calendar and period caches (todo.recompute_after_commit, after a calendar or period
    change)."""
    return sum(refresh(m) for m in models_with_due_dates())


def fill(app_label: str, model_name: str):
    """A migration step storing the due dates of existing records: the migration's own model
    (whose columns match the database at that point) with the rule applied to it."""

    def run(apps, schema_editor):
        refresh(apps.get_model(app_label, model_name))

    return run
