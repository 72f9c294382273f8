"""The demo county: org tree, departments and accounts. Area apps add their records through
their own demo.py (`seed(ctx)`), so a new area brings its demo data with it."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from fazhi.lib.fake import Fake
from fazhi.orgs import roles
from fazhi.orgs.models import Department, Level, OrgUnit, User

COUNTY = ("SFX", "示范县")
# Township names are invented; village names are composed from common place-name parts.
TOWNSHIPS = [("SFX01", "青石镇"), ("SFX02", "柳河乡"), ("SFX03", "东山街道")]
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
    county = OrgUnit.objects.create(code=COUNTY[0], name=COUNTY[1], level=Level.COUNTY)
    staff = [
        ("admin", "sysadmin", "系统管理员"),
        ("secadmin", "secadmin", "安全管理员"),
        ("auditor", "auditadmin", "审计管理员"),
        ("county", "county", "依法治县办"),
    ]
    for username, role, title in staff:
        _user(username, fake.name(), title, county, role, password, is_staff=role != "county")
    townships = []
    used = set()
    for n, (code, name) in enumerate(TOWNSHIPS, start=1):
        town = OrgUnit.objects.create(code=code, name=name, level=Level.TOWNSHIP, parent=county, sort=n)
        for dept in DEPARTMENTS:
            Department.objects.create(org=town, name=dept, head=fake.name())
        villages, grids = [], []
        for v in range(fake.between(6, 9)):
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
            )
        )
    today = timezone.localdate()
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
