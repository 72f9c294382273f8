"""Database triggers that make the audit table append-only.

UPDATE is always refused. DELETE is refused for every row younger than RETENTION_FLOOR_DAYS, the
legal minimum, so the retention purge (which removes rows older than the configured retention,
never less than the floor) works without any switch, while nothing — the application, the admin,
or someone with raw SQL access and no DDL rights — can remove a recent row. TRUNCATE is refused
on PostgreSQL. Whoever can drop a trigger can still rewrite the table; the hash chain
(`verify_audit`) is what exposes that.

The SQL is kept here, not only in the migration, because the test suite must lift the guard
around Django's `flush` (which empties every table between transactional tests).
"""

RETENTION_FLOOR_DAYS = 180
TABLE = "orgs_auditlog"

SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit log rows cannot be changed'); END""",
    # Django keeps datetimes in SQLite as UTC text "YYYY-MM-DD HH:MM:SS.ffffff", which compares
    # correctly with datetime()'s "YYYY-MM-DD HH:MM:SS".
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    WHEN OLD.at >= datetime('now', '-{RETENTION_FLOOR_DAYS} days')
    BEGIN SELECT RAISE(ABORT, 'audit log rows younger than {RETENTION_FLOOR_DAYS} days cannot be deleted'); END""",
]
SQLITE_REMOVE = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update", f"DROP TRIGGER IF EXISTS {TABLE}_no_delete"]

POSTGRES_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF OLD.at < now() - interval '{RETENTION_FLOOR_DAYS} days' THEN
                RETURN OLD;
            END IF;
        END IF;
        RAISE EXCEPTION 'audit log rows cannot be changed or deleted (%)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END $$""",
    f"DROP TRIGGER IF EXISTS {TABLE}_guard_rows ON {TABLE}",
    f"""CREATE TRIGGER {TABLE}_guard_rows BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_guard()""",
    f"DROP TRIGGER IF EXISTS {TABLE}_guard_truncate ON {TABLE}",
    f"""CREATE TRIGGER {TABLE}_guard_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_guard()""",
]
POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_guard_rows ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_guard_truncate ON {TABLE}",
]


def statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_REMOVE
    if vendor == "postgresql":
        return POSTGRES_INSTALL if install else POSTGRES_REMOVE
    return []


def apply(connection, *, install: bool) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, install=install):
            cursor.execute(sql)
