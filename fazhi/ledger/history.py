"""Bulk writes of records with their history rows, the history rows copied by the database.

simple_history's bulk_create_with_history and bulk_update_with_history build a historical model
instance for every record and insert those (about half the cost of writing an imported sheet).
Here the records are written the same way (bulk_create, bulk_update) and their history rows are
copied from the rows just written, one INSERT … SELECT per thousand records: the same columns
and values simple_history would write (every tracked field as stored, encrypted identifiers
included), with one history date, user and change reason for the batch.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

CHUNK = 1000  # records per INSERT … SELECT (well under every backend's parameter limit)


def create_with_history(objs: Sequence, model, *, user, reason: str, batch_size: int | None = None) -> None:
    """bulk_create the new records (their primary keys set, as every supported backend returns
    them) and add a "+" history row for each."""
    with transaction.atomic(savepoint=False):
        model._default_manager.bulk_create(objs, batch_size=batch_size)
        copy_to_history(model, [obj.pk for obj in objs], "+", user=user, reason=reason)


def update_with_history(
    objs: Sequence, model, fields: Sequence[str], *, user, reason: str, batch_size: int | None = None
) -> None:
    """bulk_update the records' `fields` and add a "~" history row for each."""
    with transaction.atomic(savepoint=False):
        model._default_manager.bulk_update(objs, fields, batch_size=batch_size)
        copy_to_history(model, [obj.pk for obj in objs], "~", user=user, reason=reason)


def copy_to_history(model, pks: Sequence[int], history_type: str, *, user, reason: str) -> None:
    """A history row of type `history_type` for each record of `pks`, copied from its row."""
    if not pks or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    if None in pks:
        raise ValueError("copy_to_history needs saved records")
    history = model.history.model
    opts, qn = history._meta, connection.ops.quote_name
    columns = [qn(opts.get_field(f.name).column) for f in history.tracked_fields]
    selected = [qn(f.column) for f in history.tracked_fields]
    params = []
    for name, value in (
        ("history_date", timezone.now()),
        ("history_type", history_type),
        ("history_change_reason", reason),
        ("history_user", getattr(user, "pk", None)),
    ):
        f = opts.get_field(name)
        columns.append(qn(f.column))
        selected.append("%s")
        params.append(f.get_db_prep_save(value, connection))
    pk = qn(model._meta.pk.column)
    head = (
        f"INSERT INTO {qn(opts.db_table)} ({', '.join(columns)}) "  # noqa: S608 - names from the models
        f"SELECT {', '.join(selected)} FROM {qn(model._meta.db_table)} WHERE {pk} IN "
    )
    with connection.cursor() as cursor:
        for start in range(0, len(pks), CHUNK):
            chunk = pks[start : start + CHUNK]
            cursor.execute(f"{head}({', '.join(['%s'] * len(chunk))}) ORDER BY {pk}", [*params, *chunk])
