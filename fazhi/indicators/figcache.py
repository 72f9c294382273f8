"""A cache of the registry's shared grouped queries, per org unit, invalidated by the database.

Each shared aggregate query (`registry._grouped`) reads one table and groups by `org_id`, so its
row for a township depends only on that township's rows of that table (and on what the query
itself says: year, conditions, today's date, dictionary entries — all of it in the compiled SQL
and its parameters, which make the cache key). A version per org unit (`FigureStamp`) is changed
by database triggers after every INSERT, UPDATE and DELETE on each table such a query reads, for
the new and the old row's org: imports, `bulk_create`, `QuerySet.update()`, raw SQL (the seed's
`Cloner`), due-date recomputes — every path. A cached row is keyed by the query, the org and its
version; a write makes a new version, so the old entry is never read again (it expires).

Versions are not reused: a bump takes a random value (64 bits on SQLite, 53 on PostgreSQL), not
`version + 1`. A transaction that writes, computes a figure (seeing its own write and its own new
version) and then rolls back leaves a cached entry under a version that the next committed write
will not take again; with `+ 1` that write would take it and read the entry of the rolled-back
data. Nor does a restored backup bring back versions that later writes took (a sequence would).

Org 0 is the epoch, part of every key: changed by every `migrate` (a SQLite table rebuilt by a
migration loses its triggers until `post_migrate` puts them back, and a data migration may run in
between) and by a TRUNCATE on PostgreSQL (which fires no row trigger).
"""

import hashlib
from collections.abc import Callable

from django.apps import apps
from django.core.cache import caches
from django.db import connections, transaction

from fazhi.indicators.models import FigureStamp

STAMPS = FigureStamp._meta.db_table
EPOCH = 0
# Part of every key: a change of what a cached value holds (not of the SQL) changes it.
FORMAT = 1
# Entries never go stale (a write changes the key); the timeout only bounds what is kept.
TIMEOUT = 7 * 24 * 3600
PG_FUNCTION = "indicators_figurestamp_bump"
# A random version on PostgreSQL (random() has 53 bits of precision there).
PG_RANDOM = "(random() * 9007199254740991)::bigint"
PG_TRIGGER = "figurestamp_{event}"
EVENTS = ("insert", "update", "delete")


def cache():
    return caches["default"]


def tables() -> list[str]:
    """The tables the shared grouped queries read: the models of the registry's shared keys."""
    from fazhi.indicators import registry

    found = set()
    for ind in registry.all_indicators():
        if ind.shared is not None:
            model = apps.get_model(ind.shared.key[0])
            found.add(model._meta.db_table)
    return sorted(found)


# ------------------------------------------------------------------------------ triggers


def _sqlite_triggers(table: str) -> dict[str, str]:
    upsert = (
        f"INSERT INTO {STAMPS} (org_id, version) {{rows}} "
        "ON CONFLICT(org_id) DO UPDATE SET version = excluded.version;"
    )
    new = upsert.format(rows="SELECT NEW.org_id, random() WHERE NEW.org_id IS NOT NULL")
    old = upsert.format(rows="SELECT OLD.org_id, random() WHERE OLD.org_id IS NOT NULL")
    moved = upsert.format(
        rows="SELECT OLD.org_id, random() WHERE OLD.org_id IS NOT NULL AND OLD.org_id IS NOT NEW.org_id"
    )
    body = {"insert": new, "update": f"{new} {moved}", "delete": old}
    return {
        f"{table}_figurestamp_{event}": (
            f"CREATE TRIGGER {table}_figurestamp_{event} AFTER {event.upper()} ON {table} "
            f"BEGIN {body[event]} END"
        )
        for event in EVENTS
    }


def _pg_function() -> str:
    def bump(rows: str) -> str:
        # One new version per org of the statement (not per row): a 20,000-row import bumps each
        # township once. Ordered by org so concurrent statements lock stamp rows in one order.
        return (
            f"INSERT INTO {STAMPS} (org_id, version) "  # noqa: S608 - no input
            f"SELECT org_id, {PG_RANDOM} FROM ("
            f"SELECT DISTINCT org_id FROM ({rows}) r WHERE org_id IS NOT NULL ORDER BY org_id) s "
            "ON CONFLICT (org_id) DO UPDATE SET version = EXCLUDED.version;"
        )

    return f"""CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            {bump("SELECT org_id FROM fig_new")}
        ELSIF TG_OP = 'UPDATE' THEN
            {bump("SELECT org_id FROM fig_new UNION SELECT org_id FROM fig_old")}
        ELSIF TG_OP = 'DELETE' THEN
            {bump("SELECT org_id FROM fig_old")}
        ELSE
            {bump(f"SELECT {EPOCH}::bigint AS org_id")}
        END IF;
        RETURN NULL;
    END $$"""  # noqa: S608 - no input


def _pg_triggers(table: str) -> dict[str, str]:
    referencing = {
        "insert": "REFERENCING NEW TABLE AS fig_new",
        "update": "REFERENCING OLD TABLE AS fig_old NEW TABLE AS fig_new",
        "delete": "REFERENCING OLD TABLE AS fig_old",
        "truncate": "",
    }
    return {
        PG_TRIGGER.format(event=event): (
            f"CREATE TRIGGER {PG_TRIGGER.format(event=event)} AFTER {event.upper()} ON {table} "
            f"{ref} FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
        )
        for event, ref in referencing.items()
    }


def installed(connection) -> dict[str, set[str]]:
    """{table: names of its stamp triggers} as the database has them."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_figurestamp_%'"
            )
        else:
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname LIKE 'figurestamp_%%' AND NOT t.tgisinternal"
            )
        found: dict[str, set[str]] = {}
        for table, name in cursor.fetchall():
            found.setdefault(table, set()).add(name)
        return found


def expected(connection, table: str) -> set[str]:
    return set((_sqlite_triggers if connection.vendor == "sqlite" else _pg_triggers)(table))


def install(connection) -> None:
    """Puts the stamp triggers on every table the shared queries read (idempotent: a trigger whose
    SQL changed is replaced) and starts a new epoch. Run after every migrate (`apps.py`)."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    existing = set(connection.introspection.table_names())
    if STAMPS not in existing:
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            current = dict(cursor.fetchall())
            for table in tables():
                if table not in existing:
                    continue
                for name, sql in _sqlite_triggers(table).items():
                    if current.get(name) != sql:
                        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                        cursor.execute(sql)
            cursor.execute(
                f"INSERT INTO {STAMPS} (org_id, version) VALUES (%s, random()) "  # noqa: S608 - no input
                "ON CONFLICT(org_id) DO UPDATE SET version = excluded.version",
                [EPOCH],
            )
        else:
            # What a trigger does is the function, replaced every time; the triggers only name it.
            cursor.execute(_pg_function())
            current = installed(connection)
            for table in tables():
                if table not in existing:
                    continue
                for name, sql in _pg_triggers(table).items():
                    if name not in current.get(table, ()):
                        cursor.execute(sql)
            cursor.execute(
                f"INSERT INTO {STAMPS} (org_id, version) VALUES (%s, {PG_RANDOM}) "  # noqa: S608 - no input
                "ON CONFLICT (org_id) DO UPDATE SET version = EXCLUDED.version",
                [EPOCH],
            )


# ------------------------------------------------------------------------------ the cache


def query_key(alias: str, sql: str, params: tuple, read: set[str]) -> str | None:
    """The cache key prefix of a compiled grouped query, or None when it may not be cached: it
    reads more than one table (`read`, the tables of its FROM clause; a join) or a table without
    stamp triggers, or holds a subquery, or runs on a database without triggers."""
    if connections[alias].vendor not in ("sqlite", "postgresql"):
        return None
    if len(read) != 1 or not read <= _triggered():
        return None
    if sql.upper().count("SELECT") != 1 or " JOIN " in sql.upper():
        return None
    digest = hashlib.sha256(repr((alias, sql, params)).encode()).hexdigest()[:32]
    return f"figures:{FORMAT}:{digest}"


_TABLES: list[set[str]] = []


def _triggered() -> set[str]:
    if not _TABLES:
        _TABLES.append(set(tables()))
    return _TABLES[0]


def versions(alias: str, org_ids: list[int]) -> dict[int, str]:
    """{org id: its version within the current epoch}, one query (an org never written has 0)."""
    found = dict(
        FigureStamp.objects.using(alias).filter(org_id__in=[EPOCH, *org_ids]).values_list("org_id", "version")
    )
    epoch = found.get(EPOCH, 0)
    return {o: f"{epoch}.{found.get(o, 0)}" for o in org_ids}


def grouped(
    keys: list[tuple[str, str] | None],
    org_ids: list[int],
    compute: Callable[[int, list[int]], dict[int, list]],
) -> list[dict[int, list]]:
    """The rows {org id: values} of each grouped query n (`compute(n, org ids)` runs it), those of
    a query with a cache key ((alias, prefix), or None: not cached) taken from the cache for every
    org whose entry is there; the query runs only for the orgs missing, and their rows are kept.

    Order matters. The versions are read before any figure is computed: a write committed after
    that read bumps the org's version, so the value computed here (which may or may not see the
    write) is kept under the older version — fresher than its key at worst, never a stale value
    under a newer key. Inside one transaction (or snapshot) the versions and the rows are read
    alike. An org with no stamp row has version 0 until its first write creates one."""
    results: list[dict[int, list] | None] = [None] * len(keys)
    by_alias: dict[str, dict[int, str]] = {}
    for key in keys:
        if key is not None and key[0] not in by_alias:
            by_alias[key[0]] = versions(key[0], org_ids)
    entry: dict[tuple[int, int], str] = {}
    for n, key in enumerate(keys):
        if key is not None:
            alias, prefix = key
            for o in org_ids:
                entry[n, o] = f"{prefix}:{o}:{by_alias[alias][o]}"
    found = cache().get_many(list(entry.values())) if entry else {}
    fresh: dict[str, tuple] = {}
    for n, key in enumerate(keys):
        if key is None:
            results[n] = compute(n, org_ids)
            continue
        rows = {o: list(found[entry[n, o]]) for o in org_ids if found.get(entry[n, o])}
        missing = [o for o in org_ids if entry[n, o] not in found]
        if missing:
            computed = compute(n, missing)
            for o in missing:
                # An org without records is kept too (an empty tuple: no row).
                fresh[entry[n, o]] = tuple(computed.get(o, ()))
            rows.update(computed)
        results[n] = rows
    if fresh:
        cache().set_many(fresh, TIMEOUT)
    return results
