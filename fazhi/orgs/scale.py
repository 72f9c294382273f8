"""A synthetic county at benchmark scale (`manage.py seed_scale`): N townships × Y years of records.

The org tree and accounts are built here with bulk writes; the records come from each area's own
demo generator (`<area>/demo.py`, `seed(ctx)`), so they carry the same vocabulary, procedure
states and dates as the demo county, only more of them. Areas whose records a township keeps by
the hundred are scaled up (`VOLUME`); the procedure-heavy ones keep a township's usual numbers.
"""

import random
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from functools import cache
from unittest import mock

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from fazhi.ledger import fields
from fazhi.lib.fake import Fake
from fazhi.orgs import demo, roles
from fazhi.orgs.models import Department, Level, OrgUnit, User

# Records per township and year relative to the demo county, per area app: the everyday ledgers
# (disputes, petitions, consultations, classes) grow with the scale, the procedures do not.
VOLUME = {
    "fazhi.mediation": 1.0,
    "fazhi.petitions": 1.0,
    "fazhi.legal_services": 1.0,
    "fazhi.legal_education": 1.0,
    "fazhi.study": 0.5,
    "fazhi.leadership": 0.3,
    "fazhi.legality": 0.3,
    "fazhi.disclosure": 0.3,
    "fazhi.enforcement": 0.1,
}
# County-level workflows (assessment, inspections, report drafting) are not ledger volume and
# are left to the demo county; the correction persons come from one line source for all townships.
COUNTY_WIDE = ("fazhi.corrections",)
SKIPPED = ("fazhi.orgs", "fazhi.supervision", "fazhi.reports")

TOWN_PARTS = (
    list("青柳东西南北石桃杨李新高白龙凤清长马黄金永安兴和平福乐太宝云"),
    list("河山湖溪坪岭桥塘林泉峰川源湾坝口岗洲"),
)
TOWN_SUFFIX = [("镇", 6), ("乡", 3), ("街道", 1)]


def township_names(fake: Fake, count: int, taken: set[str]) -> list[str]:
    names = []
    combos = [a + b for a in TOWN_PARTS[0] for b in TOWN_PARTS[1]]
    fake.rng.shuffle(combos)
    for n in range(count):
        stem = combos[n % len(combos)] + ("" if n < len(combos) else str(n // len(combos) + 1))
        name = stem + fake.weighted(TOWN_SUFFIX)
        while name in taken:
            name = stem + fake.weighted(TOWN_SUFFIX) + str(n)
        taken.add(name)
        names.append(name)
    return names


class ScaleFake(Fake):
    """Identifiers drawn from a bounded pool, so each one is encrypted once (see `fast_identifiers`)."""

    POOL = 4000

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        self._phones = [Fake.phone(self) for _ in range(self.POOL)]
        self._ids = [Fake.id_number(self) for _ in range(self.POOL)]

    def phone(self) -> str:
        return self.rng.choice(self._phones)

    def id_number(self, region: str = "500242") -> str:
        return self.rng.choice(self._ids)


@contextmanager
def fast_identifiers() -> Iterator[None]:
    """Encrypt and index each distinct identifier once for the whole run. A record and its history
    row, and every record of the pool's values, share one Fernet token: still a valid token under
    the current key (decrypts as usual), only not freshly randomised, which synthetic data allows."""
    with (
        mock.patch.object(fields, "encrypt", cache(fields.encrypt)),
        mock.patch.object(fields, "blind_index", cache(fields.blind_index)),
    ):
        yield


def build_county(
    fake: Fake, code: str, name: str, townships: int, years: int, password: str | None
) -> demo.DemoContext:
    """The county, its townships (villages, grids, departments) and accounts: demo names (`county`,
    `clerk1`…) when the database has none yet, else prefixed with the county code."""
    prefix = "" if not User.objects.filter(username="county").exists() else f"{code.lower()}_"
    hashed = make_password(password) if password else None
    county = OrgUnit.objects.create(code=code, name=name, level=Level.COUNTY)
    users: list[tuple[User, str]] = []

    def user(username, title, org, role, is_staff=False) -> User:
        u = User(
            username=username,
            full_name=fake.name(),
            title=title,
            org=org,
            is_staff=is_staff,
            must_change_password=hashed is None,
        )
        u.password = hashed or make_password(None)
        users.append((u, role))
        return u

    if not User.objects.filter(username="admin").exists():
        for username, role, title in [
            ("admin", "sysadmin", "系统管理员"),
            ("secadmin", "secadmin", "安全管理员"),
            ("auditor", "auditadmin", "审计管理员"),
        ]:
            user(username, title, county, role, is_staff=True)
    user(f"{prefix}county", "依法治县办", county, "county")

    width = max(2, len(str(townships)))
    taken = set(OrgUnit.objects.filter(level=Level.TOWNSHIP).values_list("name", flat=True))
    towns = OrgUnit.objects.bulk_create(
        OrgUnit(
            code=f"{code}{n:0{width}d}",
            name=tname,
            level=Level.TOWNSHIP,
            parent=county,
            sort=n,
            # bulk_create skips save(), which derives the path the data scope filters on.
            path=f"{county.path}{code}{n:0{width}d}/",
        )
        for n, tname in enumerate(township_names(fake, townships, taken), start=1)
    )
    Department.objects.bulk_create(
        Department(org=town, name=dept, head=fake.name()) for town in towns for dept in demo.DEPARTMENTS
    )
    village_names = [a + b for a in demo.VILLAGE_PARTS[0] for b in demo.VILLAGE_PARTS[1]]
    villages = OrgUnit.objects.bulk_create(
        OrgUnit(
            code=f"{town.code}{v + 1:02d}",
            name=fake.pick(village_names) + ("社区" if town.name.endswith("街道") else "村"),
            level=Level.VILLAGE,
            parent=town,
            sort=v,
            path=f"{town.path}{town.code}{v + 1:02d}/",
        )
        for town in towns
        for v in range(fake.between(5, 11))
    )
    grids = OrgUnit.objects.bulk_create(
        OrgUnit(
            code=f"{village.code}{g + 1:02d}",
            name=f"{village.name}第{g + 1}网格",
            level=Level.GRID,
            parent=village,
            sort=g,
            path=f"{village.path}{village.code}{g + 1:02d}/",
        )
        for village in villages
        for g in range(fake.between(2, 4))
    )
    today = timezone.localdate()
    year_list = list(range(today.year - years + 1, today.year + 1))
    ctxs = []
    for n, town in enumerate(towns, start=1):
        size = round(fake.rng.uniform(0.6, 1.4), 2)
        t = demo.TownshipCtx(
            org=town,
            villages=[v for v in villages if v.parent_id == town.pk],
            grids=[g for g in grids if g.parent.parent_id == town.pk],
            clerk=user(f"{prefix}clerk{n}", "党政办工作人员", town, "clerk"),
            reviewer=user(f"{prefix}reviewer{n}", "司法所所长", town, "reviewer"),
            leader=user(f"{prefix}leader{n}", "党委书记", town, "leader"),
            size=size,
            # Most townships meet most deadlines; a few are clearly behind.
            diligence=round(
                fake.rng.uniform(0.55, 0.7) if fake.chance(0.15) else fake.rng.uniform(0.8, 0.97), 2
            ),
        )
        t.rng = random.Random(fake.rng.random())
        t.year_factor = {year: fake.rng.uniform(0.8, 1.2) for year in year_list}
        t.major_enforcement = {
            year: min(fake.weighted([(0, 2), (1, 4), (2, 3), (3, 1)]), 1 if size < 0.8 else 3)
            for year in year_list
        }
        ctxs.append(t)
    User.objects.bulk_create(u for u, _ in users)
    groups = {role: roles.group_for(role) for role in {r for _, r in users}}
    saved = {u.username: u for u in User.objects.filter(username__in=[u.username for u, _ in users])}
    through = User.groups.through
    through.objects.bulk_create(
        through(user_id=saved[u.username].pk, group_id=groups[r].pk) for u, r in users
    )
    for t in ctxs:
        t.clerk, t.reviewer, t.leader = (
            saved[t.clerk.username],
            saved[t.reviewer.username],
            saved[t.leader.username],
        )
    return demo.DemoContext(fake=fake, county=county, townships=ctxs, today=today, years=year_list)


@contextmanager
def scaled(townships: list[demo.TownshipCtx], factor: float) -> Iterator[None]:
    """Townships `factor` times their usual size while one area seeds its records."""
    sizes = [t.size for t in townships]
    for t in townships:
        t.size = max(t.size * factor, 0.3)
    try:
        yield
    finally:
        for t, size in zip(townships, sizes, strict=True):
            t.size = size


# -- fast writes ------------------------------------------------------------------------------------


def _insert(model, rows: list[list], fields) -> None:
    """One multi-row INSERT per chunk, values already prepared for the database."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608
        # Ids were assigned here: PostgreSQL's sequence must continue after them before any ordinary
        # save (a demo step, a signal) inserts into the same table.
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


def _next_ids(model, count: int) -> range:
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX({connection.ops.quote_name(pk.column)}) FROM {connection.ops.quote_name(model._meta.db_table)}"  # noqa: S608
        )
        start = (cursor.fetchone()[0] or 0) + 1
    return range(start, start + count)


def fast_bulk_create_with_history(objs, model, batch_size=None, default_user=None, **_ignored):
    """`simple_history.utils.bulk_create_with_history` for seeding: the same rows (record and its
    "+" history row by `default_user`), written with prepared values and ids assigned here, without
    the ORM's per-value SQL compilation, which dominates a million-row seed."""
    objs = list(objs)
    if not objs:
        return objs
    fields = list(model._meta.concrete_fields)
    for obj, pk in zip(objs, _next_ids(model, len(objs)), strict=True):
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
        obj.pk = pk
        obj._state.adding = False
    rows = [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objs]
    _insert(model, rows, fields)
    history = getattr(model, "history", None)
    if history is None:
        return objs
    hmodel = history.model
    tracked = {f.attname for f in hmodel.tracked_fields}
    now = timezone.now()
    extra = {
        "history_date": now,
        "history_type": "+",
        "history_change_reason": None,
        "history_user_id": getattr(default_user, "pk", None),
    }
    hfields = [f for f in hmodel._meta.concrete_fields if f.attname != "history_id"]
    if any(f.attname not in tracked and f.attname not in extra for f in hfields):
        # A historical model with fields of its own: leave its rows to simple-history.
        history.bulk_history_create(objs, default_user=default_user)
        return objs
    hpk = hmodel._meta.pk
    ids = _next_ids(hmodel, len(objs))
    hrows = []
    for obj, hid in zip(objs, ids, strict=True):
        hrows.append(
            [hid]
            + [
                f.get_db_prep_save(
                    getattr(obj, f.attname) if f.attname in tracked else extra[f.attname], connection
                )
                for f in hfields
            ]
        )
    _insert(hmodel, hrows, [hpk, *hfields])
    return objs


@contextmanager
def fast_writes(modules) -> Iterator[None]:
    """Every area demo's `bulk_create_with_history` is the fast one while seeding at scale."""
    with ExitStack() as stack:
        for module in modules:
            if hasattr(module, "bulk_create_with_history"):
                stack.enter_context(
                    mock.patch.object(module, "bulk_create_with_history", fast_bulk_create_with_history)
                )
        yield
