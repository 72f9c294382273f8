"""A synthetic county at benchmark scale (`manage.py seed_scale`): N townships × Y years of records.

The org tree and accounts are built here with bulk writes. The records of a few template
townships come from each area's own demo generator (`<area>/demo.py`, `seed(ctx)`), so they carry
the same vocabulary, procedure states and dates as the demo county, only more of them: areas whose
records a township keeps by the hundred are scaled up (`VOLUME`), the procedure-heavy ones keep a
township's usual numbers. Every other township gets a thinned copy of one template (`Cloner`).
"""

import math
import random
from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Min
from django.utils import timezone

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
    """Identifiers drawn from a bounded pool, as a county's records repeat their people."""

    POOL = 4000

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        self._phones = [Fake.phone(self) for _ in range(self.POOL)]
        self._ids = [Fake.id_number(self) for _ in range(self.POOL)]

    def phone(self) -> str:
        return self.rng.choice(self._phones)

    def id_number(self, region: str = "500242") -> str:
        return self.rng.choice(self._ids)


# Counties per city when `seed_scale --counties` builds a province.
COUNTIES_PER_CITY = 5


def province_plan(code: str, name: str, counties: int) -> tuple[tuple[str, str], list[tuple[str, str]], list]:
    """The codes and names of a province of `counties` counties, the first being (`code`, `name`):
    (province, [city…], [(county code, name, city index)…]); the demo's 示范省 and 示范市 above the
    demo county's code. Further counties get a letter before their number, so their townships'
    codes (county code + digits) never meet another county's."""
    if code == demo.COUNTY[0]:
        province, city = demo.PROVINCE, demo.CITY
    else:
        province, city = (f"{code}P", f"{code}省"), (f"{code}S", f"{code}市")
    cities = [
        (city[0], city[1]) if i == 0 else (f"{city[0]}{i + 1}", f"{city[1].removesuffix('市')}{i + 1}市")
        for i in range(math.ceil(counties / COUNTIES_PER_CITY))
    ]
    # Invented names, stepping through the place-name parts (7 is prime to their number: no repeat).
    stems = [a + b for a in TOWN_PARTS[0] for b in TOWN_PARTS[1]]
    plan = [
        (code, name, 0)
        if k == 0
        else (f"{code}C{k + 1:02d}", f"{stems[k * 7 % len(stems)]}县", k // COUNTIES_PER_CITY)
        for k in range(counties)
    ]
    return province, cities, plan


def build_above(
    fake: Fake, province: tuple[str, str], cities: list[tuple[str, str]], password: str | None
) -> list[OrgUnit]:
    """The province and its cities, with a read-only supervisor each (`province`, `city` when the
    database has none yet, else prefixed with the unit's code): the demo's roles."""

    def username(base: str, unit: OrgUnit) -> str:
        return base if not User.objects.filter(username=base).exists() else f"{unit.code.lower()}_{base}"

    top = OrgUnit.objects.create(code=province[0], name=province[1], level=Level.PROVINCE)
    demo._user(username("province", top), fake.name(), "依法治省办", top, "province", password)
    units = []
    for code, name in cities:
        city = OrgUnit.objects.create(code=code, name=name, level=Level.CITY, parent=top)
        demo._user(username("city", city), fake.name(), "依法治市办", city, "city", password)
        units.append(city)
    return units


def build_county(
    fake: Fake,
    code: str,
    name: str,
    townships: int,
    years: int,
    password: str | None,
    parent: OrgUnit | None = None,
) -> demo.DemoContext:
    """The county (under `parent`, a city, if given), its townships (villages, grids, departments)
    and accounts: demo names (`county`, `clerk1`…) when the database has none yet, else prefixed
    with the county code."""
    prefix = "" if not User.objects.filter(username="county").exists() else f"{code.lower()}_"
    hashed = make_password(password) if password else None
    county = OrgUnit.objects.create(code=code, name=name, level=Level.COUNTY, parent=parent)
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


# -- cloning ----------------------------------------------------------------------------------------
#
# A few template townships get their records from the areas' demo generators (every gate, state
# and date as in the demo county); every other township receives a copy of one template's records
# and history rows, made by the database itself (one INSERT … SELECT per table): ids moved past the
# table's last one, the township, its villages, grids, departments and accounts replaced by the
# target's, links between the copied records moved with them. Dates are the template's (all years
# were generated), so the stored due dates copied with the records stay right; identifiers' tokens
# are copied as they are (same key). The everyday ledgers keep a random share of the template's
# records, different per township, so townships differ in size.

# The share of a template's everyday records a copy keeps (drawn per township).
KEEP = (0.6, 1.0)
# Areas whose records a copy thins (the everyday ledgers that grow with the scale, `VOLUME` ≥ 1);
# the procedures and registers (officers, meetings, annual reports) are copied whole.
THINNED = tuple(area for area, factor in VOLUME.items() if factor >= 1.0)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _case(column: str, mapping: dict[int, int]) -> str:
    """SQL mapping the integer column through `mapping` (ids from the database), else unchanged."""
    if not mapping:
        return column
    whens = " ".join(f"WHEN {int(a)} THEN {int(b)}" for a, b in mapping.items() if a != b)
    return f"CASE {column} {whens} ELSE {column} END" if whens else column


class Cloner:
    """Copies one township's records (areas `areas`) to other townships, table by table in SQL."""

    def __init__(self, areas: list[str]) -> None:
        from django.apps import apps

        self.models = []
        for config in apps.get_app_configs():
            if config.name not in areas:
                continue
            for model in config.get_models():
                if model.__name__.startswith("Historical") or not any(
                    f.name == "org" for f in model._meta.concrete_fields
                ):
                    continue
                self.models.append(model)
        self.cloned = set(self.models)
        # Only records no other copied record points to are thinned (their history rows with them).
        referenced = {
            f.related_model
            for m in self.models
            for f in m._meta.concrete_fields
            if f.is_relation and f.related_model in self.cloned
        }
        self.thinned = {m for m in self.models if m not in referenced and m._meta.app_config.name in THINNED}
        self.tables = []  # (model, base model, is history)
        for model in self.models:
            self.tables.append((model, model, False))
            history = getattr(model, "history", None)
            if history is not None:
                self.tables.append((history.model, model, True))
        self._max = {}
        with connection.cursor() as cursor:
            for table, _, _ in self.tables:
                pk = _q(table._meta.pk.column)
                cursor.execute(f"SELECT MAX({pk}) FROM {_q(table._meta.db_table)}")  # noqa: S608
                self._max[table] = cursor.fetchone()[0] or 0
        self._spans = {}

    def _span(self, source: OrgUnit) -> dict:
        """(first, last) primary key of each table's rows of the template township."""
        if source.pk not in self._spans:
            spans = {}
            with connection.cursor() as cursor:
                for table, _, _ in self.tables:
                    pk = _q(table._meta.pk.column)
                    cursor.execute(
                        f"SELECT MIN({pk}), MAX({pk}) FROM {_q(table._meta.db_table)} WHERE {_q('org_id')} = %s",  # noqa: S608
                        [source.pk],
                    )
                    first, last = cursor.fetchone()
                    if first is not None:
                        spans[table] = (first, last)
            self._spans[source.pk] = spans
        return self._spans[source.pk]

    def clone(
        self,
        source: demo.TownshipCtx,
        target: demo.TownshipCtx,
        keep: float,
        salt: int,
    ) -> int:
        """Copies `source`'s records to `target`; returns the number of records (not history rows)."""
        spans = self._span(source.org)
        offsets = {}
        for table, (first, last) in spans.items():
            offsets[table] = self._max[table] + 1 - first
            self._max[table] += last - first + 1
        orgs = {source.org.pk: target.org.pk}
        for kind in ("villages", "grids"):
            mine = sorted(getattr(source, kind), key=lambda o: (o.sort, o.pk))
            theirs = sorted(getattr(target, kind), key=lambda o: (o.sort, o.pk))
            if theirs:
                orgs.update({o.pk: theirs[i % len(theirs)].pk for i, o in enumerate(mine)})
        users = {getattr(source, r).pk: getattr(target, r).pk for r in ("clerk", "reviewer", "leader")}
        by_name = dict(Department.objects.filter(org=target.org).values_list("name", "pk"))
        departments = {
            pk: by_name[name]
            for pk, name in Department.objects.filter(org=source.org).values_list("pk", "name")
            if name in by_name
        }
        keep_per_mille = round(keep * 1000)
        copied = 0
        with connection.cursor() as cursor:
            for table, base, is_history in self.tables:
                if table not in spans:
                    continue
                columns, values = [], []
                for f in table._meta.concrete_fields:
                    col = _q(f.column)
                    columns.append(col)
                    if f is table._meta.pk:
                        values.append(f"{col} + {offsets[table]}")
                    elif is_history and f.attname == base._meta.pk.attname:
                        values.append(f"{col} + {offsets[base]}")
                    elif f.is_relation and f.related_model is OrgUnit:
                        values.append(_case(col, orgs))
                    elif f.is_relation and f.related_model is User:
                        values.append(_case(col, users))
                    elif f.is_relation and f.related_model is Department:
                        values.append(_case(col, departments))
                    elif f.is_relation and f.related_model in self.cloned:
                        values.append(f"{col} + {offsets[f.related_model]}")
                    else:
                        values.append(col)
                where = f"{_q('org_id')} = {int(source.org.pk)}"
                if base in self.thinned and keep_per_mille < 1000:
                    ident = _q(base._meta.pk.column)
                    # A fixed pseudo-random draw per record (the same for its history rows).
                    where += (
                        f" AND ((({ident} %% 100003) * 7919 + {int(salt) % 1000}) %% 1000) < {keep_per_mille}"
                    )
                # With parameters (none) so that every backend reads "%%" as the modulo operator.
                cursor.execute(
                    f"INSERT INTO {_q(table._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
                    f"SELECT {', '.join(values)} FROM {_q(table._meta.db_table)} WHERE {where}",
                    [],
                )
                if not is_history:
                    copied += cursor.rowcount
            self._copy_deadlines(cursor, source.org.pk, target.org.pk, offsets, keep_per_mille, salt)
        return copied

    def _copy_deadlines(self, cursor, source: int, target: int, offsets, keep_per_mille, salt) -> None:
        """The template's stored to-do obligations (ledger.OpenDeadline), moved with their records:
        the same rules over the same dates give the same rows, so `todo.recompute` need not run
        over every copy (it steps through every open record in Python)."""
        from fazhi.ledger import registry
        from fazhi.ledger.models import OpenDeadline

        table = _q(OpenDeadline._meta.db_table)
        first = dict(
            OpenDeadline.objects.filter(org_id=source)
            .values_list("ledger")
            .annotate(first=Min("pk"))
            .values_list("ledger", "first")
        )
        start = self._max.setdefault(OpenDeadline, self._table_max(OpenDeadline))
        for code in sorted(first):
            model = registry.get(code).model
            if model not in offsets:
                continue
            columns, values = [], []
            for f in OpenDeadline._meta.concrete_fields:
                columns.append(_q(f.column))
                if f.primary_key:
                    values.append(f"{_q(f.column)} + {int(start) + 1 - int(first[code])}")
                elif f.name == "org":
                    values.append(str(int(target)))
                elif f.name == "record_id":
                    values.append(f"{_q(f.column)} + {int(offsets[model])}")
                else:
                    values.append(_q(f.column))
            where = f"{_q('org_id')} = {int(source)} AND {_q('ledger')} = %s"
            if model in self.thinned and keep_per_mille < 1000:
                rid = _q("record_id")
                where += f" AND ((({rid} %% 100003) * 7919 + {int(salt) % 1000}) %% 1000) < {keep_per_mille}"
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {table} WHERE {where}",  # noqa: S608
                [code],
            )
            start = self._max[OpenDeadline] = self._table_max(OpenDeadline)

    @staticmethod
    def _table_max(model) -> int:
        with connection.cursor() as cursor:
            pk = _q(model._meta.pk.column)
            cursor.execute(f"SELECT MAX({pk}) FROM {_q(model._meta.db_table)}")  # noqa: S608
            return cursor.fetchone()[0] or 0

    def finish(self) -> None:
        """PostgreSQL's sequences continue after the ids assigned here."""
        from fazhi.ledger.models import OpenDeadline

        sql = connection.ops.sequence_reset_sql(no_style(), [OpenDeadline, *(t for t, _, _ in self.tables)])
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)


def template_profiles(fake: Fake, templates: list[demo.TownshipCtx], cloned: bool) -> list[demo.TownshipCtx]:
    """When the other townships are copies, the templates span the county's range: the last one
    is clearly behind on its deadlines, the others run well (as most townships do)."""
    if cloned and len(templates) > 1:
        for t in templates[:-1]:
            t.diligence = round(fake.rng.uniform(0.8, 0.97), 2)
        templates[-1].diligence = round(fake.rng.uniform(0.55, 0.7), 2)
    return templates


def pick_template(fake: Fake, templates: list[demo.TownshipCtx]) -> demo.TownshipCtx:
    """About one township in seven is a copy of the lagging template (`template_profiles`)."""
    if len(templates) > 1 and fake.chance(0.15):
        return templates[-1]
    return fake.pick(templates[:-1] if len(templates) > 1 else templates)
