import datetime as dt

from django.utils import timezone

from fazhi.corrections.models import CorrectionPerson
from fazhi.ledger.models import LineSource
from fazhi.ledger.tests.factories import id_number, make_record


def make_person(world, org=None, **values) -> CorrectionPerson:
    org = org or world.town_a
    today = timezone.localdate()
    defaults = {
        "name": "赵矫正",
        "id_number": id_number(3),
        "phone": "13812345678",
        "address": "甲镇甲一村幸福路8号",
        "village": world.village_a if org == world.town_a else world.village_b,
        "kind": "probation",
        "crime": "危险驾驶罪",
        "judgment_effective_on": today - dt.timedelta(days=60),
        "reported_on": today - dt.timedelta(days=55),
        "start_on": today - dt.timedelta(days=60),
        "end_on": today + dt.timedelta(days=300),
    }
    defaults.update(values)
    return make_record(CorrectionPerson, org, world.reviewer_a, **defaults)


# The 智慧矫正 export as the provincial system writes it: its column names, one row, and the
# saved column mapping of that source.
LINE_HEADER = [
    "矫正对象编号",
    "姓名（矫正对象）",
    "证件号码",
    "矫正类别",
    "罪名",
    "判决生效日期",
    "报到时间",
    "矫正开始日期",
    "矫正结束日期",
    "执行地社区矫正机构",
    "管理类别",
]


def line_row(n, name=None, crime="盗窃罪", category="普通管理", kind="缓刑"):
    return [
        f"ZJ{n:04d}",
        name or f"对象{n}",
        id_number(n),
        kind,
        crime,
        "2025-02-03",
        "2025-02-10",
        "2025-02-03",
        "2026-02-02",
        "测试县社区矫正中心",
        category,
    ]


def make_line_source() -> LineSource:
    return LineSource.objects.create(
        code="zhjz",
        name="智慧矫正",
        ledger="correction-persons",
        key_column="矫正对象编号",
        mapping={
            "姓名（矫正对象）": "name",
            "证件号码": "id_number",
            "矫正类别": "kind",
            "罪名": "crime",
            "判决生效日期": "judgment_effective_on",
            "报到时间": "reported_on",
            "矫正开始日期": "start_on",
            "矫正结束日期": "end_on",
        },
    )
