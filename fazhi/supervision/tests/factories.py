"""Builders for the supervision tests: a scheme with one item of each kind, and findings in the
rectification ledger (read through the ledger registry, as the app itself does)."""

import datetime as dt
from decimal import Decimal

from fazhi.ledger import registry
from fazhi.supervision import scoring
from fazhi.supervision.models import Scheme, SchemeItem

YEAR = 2025


def finding(org, status="pending", found_on=dt.date(YEAR, 3, 1), due_on=dt.date(YEAR, 6, 30), **kw):
    Finding = registry.get("findings").model
    fields = {
        "source": "self_check",
        "found_on": found_on,
        "description": "案卷归档不及时",
        "measure": "开展案卷评查",
        "owner": "副镇长 张三",
        "due_on": due_on,
        "status": status,
    }
    if status == "closed":
        fields.update(closed_on=found_on + dt.timedelta(days=10), evidence="已整改")
    fields.update(kw)
    return Finding.objects.create(org=org, **fields)


def scheme(world, year=YEAR, **kw) -> Scheme:
    """整改率 in bands (≥100 → 10, ≥50 → 6), a linear closure item, a capped deduction per
    overdue finding, a manual item and a bonus item."""
    s = Scheme.objects.create(county=world.county, year=year, title=f"{year}年度乡镇法治政府建设考核", **kw)
    top = SchemeItem.objects.create(scheme=s, title="问题整改", points=Decimal(30), method="group", order=1)
    SchemeItem.objects.create(
        scheme=s,
        parent=top,
        order=1,
        title="问题整改率",
        points=Decimal(10),
        method="indicator",
        indicator="rectification.finding_closure_rate",
        rule="thresholds",
        thresholds=[[100, 10], [50, 6]],
    )
    SchemeItem.objects.create(
        scheme=s,
        parent=top,
        order=2,
        title="整改率每低1个百分点扣0.2分",
        points=Decimal(10),
        method="indicator",
        indicator="rectification.finding_closure_rate",
        rule="linear",
        full_at=Decimal(100),
        deduct_per_unit=Decimal("0.2"),
    )
    SchemeItem.objects.create(
        scheme=s,
        parent=top,
        order=3,
        title="逾期未整改",
        points=Decimal(10),
        method="fact",
        fact="indicator:rectification.findings_overdue",
        per_occurrence=Decimal(2),
        cap=Decimal(5),
    )
    SchemeItem.objects.create(
        scheme=s, title="述法工作", points=Decimal(70), method="manual", order=2, criteria="按述法质量评分"
    )
    SchemeItem.objects.create(
        scheme=s, title="创新工作加分", points=Decimal(3), method="manual", bonus=True, order=3
    )
    return s


def item(s: Scheme, title: str) -> SchemeItem:
    return s.items.get(title=title)


def started(world, **kw) -> Scheme:
    s = scheme(world, **kw)
    scoring.start_scoring(s, world.county_user, today=dt.date(YEAR + 1, 1, 10))
    s.refresh_from_db()
    return s
