"""The demo county: org tree, departments and accounts. Area apps add their records through
their own demo.py (`seed(ctx)`), so a new area brings its demo data with it."""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from fazhi.lib.fake import Fake
from fazhi.orgs import roles
from fazhi.orgs.models import Department, Level, OrgUnit, User

# The demo county sits under a demo city and province, whose supervisors read it (read-only).
PROVINCE = ("SFP", "示范省")
CITY = ("SFC", "示范市")
COUNTY = ("SFX", "示范县")
# Township names are invented; village names are composed from common place-name parts.
TOWNSHIPS = [("SFX01", "青石镇"), ("SFX02", "柳河乡"), ("SFX03", "东山街道")]
# (size, diligence) of each township: a large, well-run town; a small township clearly behind on
# its deadlines; a middling sub-district.
PROFILES = [(1.35, 0.95), (0.6, 0.6), (1.0, 0.85)]
# Villages (communities) per township, before a random one more: the large town has the most.
VILLAGES = [10, 5, 7]
VILLAGE_PARTS = (
    ["石", "柳", "桃", "杨", "李", "新", "高", "白", "龙", "凤", "清", "长", "马", "黄", "金"],
    ["坪", "湾", "坝", "岭", "溪", "塘", "桥", "庄", "沟", "岗", "河", "园"],
)
DEPARTMENTS = [
    "党政办公室",
    "司法所",
    "综合行政执法大队",
    "派出所",
    "社会事务办",
    "自然资源所",
    "农业服务中心",
    "信访办",
]


@dataclass
class TownshipCtx:
    org: OrgUnit
    villages: list[OrgUnit]
    grids: list[OrgUnit]
    clerk: User
    reviewer: User
    leader: User
    # How much work the township has, relative to an average one, and the share of its deadlines
    # it meets: townships differ, and one is clearly behind (the county must be able to see it).
    size: float = 1.0
    diligence: float = 0.9
    # Per year: more or less work than the township's usual.
    year_factor: dict[int, float] = field(default_factory=dict)
    # Major enforcement decisions per year: enforcement makes them, legality reviews at most as
    # many (area apps do not read each other, so both read the plan here).
    major_enforcement: dict[int, int] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random)

    def n(self, count: int, year: int | None = None) -> int:
        """`count` scaled to this township (and year); never 0 when `count` is not."""
        if count <= 0:
            return 0
        jitter = self.rng.uniform(0.8, 1.25)
        return max(1, round(count * self.size * self.year_factor.get(year, 1.0) * jitter))

    def lags(self, fake: Fake) -> bool:
        """Whether one deadline is missed, at this township's rate."""
        return fake.chance(1 - self.diligence)


@dataclass
class DemoContext:
    fake: Fake
    county: OrgUnit
    townships: list[TownshipCtx]
    today: dt.date
    years: list[int] = field(default_factory=list)

    def dates(self, year: int, count: int) -> list[dt.date]:
        """Event dates spread over a year, never after today."""
        return sorted(self.fake.date_in(year, until=self.today) for _ in range(count))


def build_org_tree(fake: Fake, password: str | None) -> DemoContext:
    province = OrgUnit.objects.create(code=PROVINCE[0], name=PROVINCE[1], level=Level.PROVINCE)
    city = OrgUnit.objects.create(code=CITY[0], name=CITY[1], level=Level.CITY, parent=province)
    county = OrgUnit.objects.create(code=COUNTY[0], name=COUNTY[1], level=Level.COUNTY, parent=city)
    staff = [
        ("admin", "sysadmin", "系统管理员", county),
        ("secadmin", "secadmin", "安全管理员", county),
        ("auditor", "auditadmin", "审计管理员", county),
        ("county", "county", "依法治县办", county),
        ("city", "city", "依法治市办", city),
        ("province", "province", "依法治省办", province),
    ]
    for username, role, title, org in staff:
        _user(username, fake.name(), title, org, role, password, is_staff=role in roles.ADMIN_ROLES)
    townships = []
    used = set()
    for n, (code, name) in enumerate(TOWNSHIPS, start=1):
        town = OrgUnit.objects.create(code=code, name=name, level=Level.TOWNSHIP, parent=county, sort=n)
        for dept in DEPARTMENTS:
            Department.objects.create(org=town, name=dept, head=fake.name())
        villages, grids = [], []
        for v in range(VILLAGES[(n - 1) % len(VILLAGES)] + fake.between(0, 1)):
            while True:
                vname = (
                    fake.pick(VILLAGE_PARTS[0])
                    + fake.pick(VILLAGE_PARTS[1])
                    + ("社区" if name.endswith("街道") else "村")
                )
                if vname not in used:
                    used.add(vname)
                    break
            village = OrgUnit.objects.create(
                code=f"{code}{v + 1:02d}", name=vname, level=Level.VILLAGE, parent=town, sort=v
            )
            villages.append(village)
            for g in range(fake.between(2, 4)):
                grids.append(
                    OrgUnit.objects.create(
                        code=f"{village.code}{g + 1:02d}",
                        name=f"{vname}第{g + 1}网格",
                        level=Level.GRID,
                        parent=village,
                        sort=g,
                    )
                )
        townships.append(
            TownshipCtx(
                org=town,
                villages=villages,
                grids=grids,
                clerk=_user(f"clerk{n}", fake.name(), "党政办工作人员", town, "clerk", password),
                reviewer=_user(f"reviewer{n}", fake.name(), "司法所所长", town, "reviewer", password),
                leader=_user(
                    f"leader{n}", fake.name(), "党委书记" if n != 2 else "乡长", town, "leader", password
                ),
                size=PROFILES[(n - 1) % len(PROFILES)][0],
                diligence=PROFILES[(n - 1) % len(PROFILES)][1],
            )
        )
    today = timezone.localdate()
    for t in townships:
        t.rng = random.Random(fake.rng.random())
        t.year_factor = {year: fake.rng.uniform(0.8, 1.2) for year in (today.year - 1, today.year)}
        t.major_enforcement = {
            year: min(fake.weighted([(0, 2), (1, 4), (2, 3), (3, 1)]), 1 if t.size < 0.8 else 3)
            for year in (today.year - 1, today.year)
        }
    return DemoContext(
        fake=fake, county=county, townships=townships, today=today, years=[today.year - 1, today.year]
    )


def _user(username, full_name, title, org, role, password, is_staff=False) -> User:
    user = User(
        username=username,
        full_name=full_name,
        title=title,
        org=org,
        is_staff=is_staff,
        must_change_password=password is None,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user.groups.add(roles.group_for(role))
    return user
