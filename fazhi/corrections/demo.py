"""Demo records for community correction. The first township's persons arrive the way they do in
practice: as an import of the 智慧矫正 export, so the source stamp shows on them."""

import datetime as dt
import io

from openpyxl import Workbook
from simple_history.utils import bulk_create_with_history

from fazhi.corrections.models import CorrectionPerson, LeaveRequest, PreSentenceInvestigation, ReleasedPerson
from fazhi.ledger import lines, uploads
from fazhi.ledger.models import ImportBatch, LineSource

CRIMES = [
    "危险驾驶罪",
    "盗窃罪",
    "故意伤害罪",
    "诈骗罪",
    "交通肇事罪",
    "开设赌场罪",
    "帮助信息网络犯罪活动罪",
    "非法占用农用地罪",
]
KINDS = [
    ("probation", "缓刑"),
    ("probation", "缓刑"),
    ("probation", "缓刑"),
    ("parole", "假释"),
    ("control", "管制"),
    ("medical", "暂予监外执行"),
]
STREETS = ["幸福路", "建设街", "河滨路", "中心街", "新村组", "上湾组"]
# The column headers of the 智慧矫正 export as a township receives it (invented for the demo).
MAPPING = {
    "矫正对象姓名": "name",
    "证件号码": "id_number",
    "联系电话": "phone",
    "居住地详址": "address",
    "矫正类别": "kind",
    "罪名": "crime",
    "判决生效日期": "judgment_effective_on",
    "报到时间": "reported_on",
    "矫正开始日期": "start_on",
    "矫正结束日期": "end_on",
    "矫正状态": "status",
    "解矫日期": "released_on",
}
KEY = "矫正对象编号"
EXTRA = ["执行地社区矫正机构", "管理类别", "录入时间"]


def seed(ctx) -> None:
    fake = ctx.fake
    source = LineSource.objects.create(
        code="zhjz", name="智慧矫正", ledger="correction-persons", mapping=MAPPING, key_column=KEY
    )
    for n, t in enumerate(ctx.townships):
        persons = _persons(ctx, t, fake.between(8, 14))
        if n == 0:
            _import(ctx, source, t, persons)
        else:
            bulk_create_with_history(
                [
                    CorrectionPerson(org=t.org, created_by=t.reviewer, updated_by=t.reviewer, **p)
                    for p in persons
                ],
                CorrectionPerson,
                default_user=t.reviewer,
            )
            # bulk_create skips save(), which sets the late flag
            for person in CorrectionPerson.objects.filter(org=t.org):
                person.save()
        active = list(CorrectionPerson.objects.filter(org=t.org, status="active"))
        for year in ctx.years:
            for d in ctx.dates(year, t.n(fake.between(3, 7), year)):
                finished = d + dt.timedelta(days=fake.between(6, 13))
                done = finished < ctx.today
                PreSentenceInvestigation.objects.create(
                    org=t.org,
                    entrusted_on=d,
                    entrusting_authority=fake.pick(["示范县人民法院", "示范县人民检察院", "示范县公安局"]),
                    subject=fake.name(),
                    id_number=fake.id_number(),
                    village=fake.pick(t.villages),
                    proposed_kind=fake.pick(["probation", "probation", "control", "parole"]),
                    finished_on=finished if done else None,
                    opinion=fake.pick(["suitable", "suitable", "suitable", "unsuitable"]) if done else "",
                    created_by=t.reviewer,
                    updated_by=t.reviewer,
                )
            for d in ctx.dates(year, t.n(fake.between(2, 6), year) if active else 0):
                start = d + dt.timedelta(days=fake.between(1, 5))
                end = start + dt.timedelta(days=fake.between(2, 7))
                LeaveRequest.objects.create(
                    org=t.org,
                    person=fake.pick(active),
                    requested_on=d,
                    from_on=start,
                    to_on=end,
                    destination=fake.pick(
                        ["市第一人民医院", "省城（探亲）", "邻县（务工）", "市区（办理证件）"]
                    ),
                    reason=fake.pick(["就医", "探亲", "务工", "办理证件"]),
                    approved=True,
                    returned_on=end if end < ctx.today - dt.timedelta(days=2) else None,
                    created_by=t.reviewer,
                    updated_by=t.reviewer,
                )
        for _ in range(fake.between(5, 10)):
            released = fake.date_in(fake.pick(ctx.years), until=ctx.today)
            ReleasedPerson.objects.create(
                org=t.org,
                name=fake.name(),
                id_number=fake.id_number(),
                village=fake.pick(t.villages),
                category=fake.pick(["prison", "prison", "prison", "correction"]),
                released_on=released,
                escorted=fake.chance(0.2),
                helpers=f"司法所{fake.name()}、村委会{fake.name()}、家属{fake.name()}",
                status=fake.pick(["helping", "helping", "helping", "ended", "lost"])
                if (ctx.today - released).days < 300
                else "ended",
                created_by=t.reviewer,
                updated_by=t.reviewer,
            )


def _persons(ctx, t, count: int) -> list[dict]:
    fake = ctx.fake
    out = []
    for _ in range(count):
        effective = fake.date_in(
            fake.pick([ctx.years[0] - 1, *ctx.years]), until=ctx.today - dt.timedelta(days=12)
        )
        reported = effective + dt.timedelta(days=fake.pick([2, 3, 5, 6, 8, 9, 12]))
        start = effective
        kind, _ = fake.pick(KINDS)
        end = start + dt.timedelta(days=30 * fake.pick([6, 12, 18, 24, 36]))
        status, released = "active", None
        if end < ctx.today:
            status, released = "released", end
        elif fake.chance(0.05):
            status = "recommitted"
            released = min(start + dt.timedelta(days=fake.between(60, 300)), ctx.today)
        village = fake.pick(t.villages)
        out.append(
            {
                "name": fake.name(),
                "id_number": fake.id_number(),
                "phone": fake.phone(),
                "address": f"{t.org.name}{village.name}{fake.pick(STREETS)}{fake.between(1, 99)}号",
                "village": village,
                "kind": kind,
                "crime": fake.pick(CRIMES),
                "judgment_effective_on": effective,
                "reported_on": reported,
                "start_on": start,
                "end_on": end,
                "team": f"司法所{fake.name()}、{village.name}委员会{fake.name()}、家属{fake.name()}",
                "status": status,
                "released_on": released,
            }
        )
    return out


def _import(ctx, source, t, persons) -> None:
    """Writes the persons as the 智慧矫正 export would look and imports it as one batch."""
    labels = dict(CorrectionPerson.Status.choices) | dict(CorrectionPerson._meta.get_field("kind").choices)
    wb = Workbook()
    ws = wb.active
    header = [KEY, *MAPPING, *EXTRA]
    ws.append(header)
    for n, p in enumerate(persons, start=1):
        row = [f"ZJ{t.org.code}{n:05d}"]
        for name in MAPPING.values():
            value = p[name]
            row.append(labels.get(value, value) if name in ("kind", "status") else value)
        row += ["示范县社区矫正中心", "普通管理", ctx.today.isoformat()]
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    batch = ImportBatch(
        source=source, org=t.org, created_by=t.reviewer, filename="智慧矫正-矫正对象导出.xlsx"
    )
    uploads.keep_encrypted(batch.file, "zhjz.xlsx", buf.getvalue())
    batch.save()
    result = lines.run(batch, t.reviewer, commit=True)
    if not result.committed:
        raise RuntimeError(f"demo import of 智慧矫正 failed: {[str(e) for e in result.errors[:5]]}")
    # The village is not in the export; the 司法所 adds it afterwards, as users would.
    for person, p in zip(
        CorrectionPerson.objects.filter(org=t.org).order_by("external_id"), persons, strict=True
    ):
        person.village, person.team = p["village"], p["team"]
        person.save()
