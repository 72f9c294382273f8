"""The shared grouped figures are cached per township (`figcache`), invalidated by database
triggers: every way of writing a record changes the next figure, a write in one township leaves the
other townships' entries in use, and every table a cached query reads carries the triggers. These
run on SQLite and, through scripts/testpg.py, on PostgreSQL."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from fazhi.indicators import figcache, registry
from fazhi.indicators.models import FigureStamp
from fazhi.ledger.tests.factories import make_dispute
from fazhi.mediation.models import Dispute

YEAR = 2025
DISPUTES = "mediation.disputes"


def _count(town) -> int:
    return registry.compute(DISPUTES, town, YEAR).value


def _dispute_codes() -> list[str]:
    """The cached figures of the disputes' shared query."""
    return [
        i.code
        for i in registry.all_indicators()
        if i.shared is not None
        and i.shared.key[0] == Dispute._meta.label
        and registry._shared_q(i) is not False
    ]


def _disputes(world, town, n: int) -> list[Dispute]:
    return [make_dispute(world, org=town, registered_on=dt.date(YEAR, 3, 1 + k)) for k in range(n)]


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_every_table_a_cached_query_reads_carries_the_triggers(db):
    installed = figcache.installed(connection)
    for table in figcache.tables():
        assert installed.get(table) == figcache.expected(connection, table), table
    groups: dict[tuple, list] = {}
    for ind in registry.all_indicators():
        cond = registry._shared_q(ind)
        if cond is not False:
            groups.setdefault(ind.shared.key, []).append((ind, cond))
    cached = 0
    for members in groups.values():
        _, _, _, _, read = registry._compiled(members, [0], YEAR)
        if registry._cache_key(members, YEAR) is not None:
            cached += 1
            assert read <= set(installed), (members[0][0].shared.key, read)
        else:
            # Only a query reading more than its own table is left uncached.
            assert len(read) > 1, members[0][0].shared.key
    assert cached >= 30


def test_the_figures_are_the_same_cold_and_warm_and_the_warm_ones_cost_no_grouped_query(world):
    _disputes(world, world.town_a, 3)
    _disputes(world, world.town_b, 1)
    codes = _dispute_codes()
    towns = [world.town_a, world.town_b]
    cold_queries = _queries(lambda: registry.compute_many(codes, towns, YEAR))
    cold = registry.compute_many(codes, towns, YEAR)
    assert cold[DISPUTES][world.town_a.pk].value == 3
    assert cold[DISPUTES][world.town_b.pk].value == 1
    figcache.cache().clear()
    assert registry.compute_many(codes, towns, YEAR) == cold
    # Cold: the stamps and the disputes' grouped query; warm: the stamps alone.
    assert cold_queries == 2
    assert _queries(lambda: registry.compute_many(codes, towns, YEAR)) == 1


def test_every_way_of_writing_a_record_changes_the_next_figure(world):
    first, second = _disputes(world, world.town_a, 2)
    assert _count(world.town_a) == 2
    make_dispute(world, org=world.town_a, registered_on=dt.date(YEAR, 5, 1))  # save()
    assert _count(world.town_a) == 3
    first.registered_on = dt.date(YEAR - 1, 5, 1)  # save() of a changed date
    first.save()
    assert _count(world.town_a) == 2
    second.delete()
    assert _count(world.town_a) == 1
    template = Dispute.objects.filter(org=world.town_a).first()
    copies = []
    for k in range(4):
        copy = Dispute.objects.get(pk=template.pk)
        copy.pk = None
        copy.registered_on = dt.date(YEAR, 6, 1 + k)
        copies.append(copy)
    Dispute.objects.bulk_create(copies)
    assert _count(world.town_a) == 5
    Dispute.objects.filter(org=world.town_a, registered_on__month=6).update(
        registered_on=dt.date(YEAR - 1, 6, 1)
    )
    assert _count(world.town_a) == 1
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Dispute._meta.db_table} SET registered_on = %s WHERE org_id = %s",  # noqa: S608
            [dt.date(YEAR, 7, 1), world.town_a.pk],
        )
    assert _count(world.town_a) == 6
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Dispute._meta.db_table} WHERE org_id = %s", [world.town_a.pk])  # noqa: S608
    assert _count(world.town_a) == 0


def test_a_record_moved_to_another_township_changes_both(world):
    (moved,) = _disputes(world, world.town_a, 1)
    assert (_count(world.town_a), _count(world.town_b)) == (1, 0)
    Dispute.objects.filter(pk=moved.pk).update(org=world.town_b, village=world.village_b)
    assert (_count(world.town_a), _count(world.town_b)) == (0, 1)


def test_a_write_in_one_township_leaves_the_others_cached(world):
    _disputes(world, world.town_a, 2)
    _disputes(world, world.town_b, 2)
    codes = _dispute_codes()
    registry.compute_many(codes, [world.town_a, world.town_b], YEAR)
    make_dispute(world, org=world.town_a, registered_on=dt.date(YEAR, 8, 1))
    # Township B: only its stamp is read.
    assert _queries(lambda: registry.compute_many(codes, [world.town_b], YEAR)) == 1
    with CaptureQueriesContext(connection) as ctx:
        both = registry.compute_many(codes, [world.town_a, world.town_b], YEAR)
    grouped = [q["sql"] for q in ctx.captured_queries if "GROUP BY" in q["sql"]]
    assert len(grouped) == 1
    # The grouped query asks for township A alone.
    assert f"IN ({world.town_a.pk})" in grouped[0].replace("'", "")
    assert (both[DISPUTES][world.town_a.pk].value, both[DISPUTES][world.town_b.pk].value) == (3, 2)


def test_a_rolled_back_write_leaves_no_entry_that_a_later_write_could_read(world):
    """A transaction that writes, computes (its own new version) and rolls back: the next committed
    write takes a version never used before, so the rolled-back figure is not read back."""
    _disputes(world, world.town_a, 1)
    assert _count(world.town_a) == 1

    class Undo(Exception):
        pass

    # The same write twice (the same number of trigger firings), counted in the year once.
    with pytest.raises(Undo), transaction.atomic():
        make_dispute(world, org=world.town_a, registered_on=dt.date(YEAR, 4, 1))
        assert _count(world.town_a) == 2
        raise Undo
    assert _count(world.town_a) == 1
    make_dispute(world, org=world.town_a, registered_on=dt.date(YEAR - 1, 4, 1))
    assert _count(world.town_a) == 1


def test_migrate_starts_a_new_epoch(db):
    epoch = FigureStamp.objects.get(org_id=figcache.EPOCH).version
    figcache.install(connection)
    assert FigureStamp.objects.get(org_id=figcache.EPOCH).version != epoch


@pytest.mark.postgres
def test_a_bulk_write_bumps_each_township_once_on_postgresql(world):
    """Statement-level triggers: a 40-row insert changes each township's version once."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tgname, t.tgtype FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relname = %s AND t.tgname LIKE %s",
            [Dispute._meta.db_table, "figurestamp_%"],
        )
        triggers = dict(cursor.fetchall())
    assert set(triggers) == figcache.expected(connection, Dispute._meta.db_table)
    assert all(tgtype & 1 == 0 for tgtype in triggers.values())  # TRIGGER_TYPE_ROW unset
    _disputes(world, world.town_a, 1)
    assert (_count(world.town_a), _count(world.town_b)) == (1, 0)
    template = Dispute.objects.get(org=world.town_a)
    copies = []
    for town, village in ((world.town_a, world.village_a), (world.town_b, world.village_b)):
        for k in range(20):
            copy = Dispute.objects.get(pk=template.pk)
            copy.pk, copy.org, copy.village = None, town, village
            copy.registered_on = dt.date(YEAR, 9, 1 + k)
            copies.append(copy)
    before = dict(FigureStamp.objects.values_list("org_id", "version"))
    Dispute.objects.bulk_create(copies)
    after = dict(FigureStamp.objects.values_list("org_id", "version"))
    assert {o for o in after if after[o] != before.get(o)} == {world.town_a.pk, world.town_b.pk}
    assert (_count(world.town_a), _count(world.town_b)) == (21, 20)


def test_on_redis_the_figures_are_those_of_the_database_and_a_write_changes_them(world, redis_url):
    """Several app servers share their cached rows through Redis (settings with REDIS_URL): the
    rows come back from it unchanged for every indicator, and a write still changes the next
    figure."""
    import redis
    from django.test import override_settings

    _disputes(world, world.town_a, 2)
    _disputes(world, world.town_b, 1)
    codes = [i.code for i in registry.all_indicators()]
    towns = [world.town_a, world.town_b]
    uncached = registry.compute_many(codes, towns, YEAR)
    redis_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    with override_settings(CACHES={"default": redis_cache}):
        assert registry.compute_many(codes, towns, YEAR) == uncached  # cold: written to Redis
        assert redis.Redis.from_url(redis_url).dbsize() > 0
        assert registry.compute_many(codes, towns, YEAR) == uncached  # warm: read from Redis
        assert _queries(lambda: registry.compute_many(_dispute_codes(), towns, YEAR)) == 1
        make_dispute(world, org=world.town_a, registered_on=dt.date(YEAR, 8, 1))
        assert (_count(world.town_a), _count(world.town_b)) == (3, 1)
