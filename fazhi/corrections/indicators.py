"""Figures of community correction. Every one names its ledger: consumers show a figure only to
users who may view that ledger (the corrections ledgers are sensitive)."""

import datetime as dt

from django.db.models import Q

from fazhi.corrections.models import CorrectionPerson, LeaveRequest, PreSentenceInvestigation, ReleasedPerson
from fazhi.indicators.registry import Indicator, counting, register

AREA = "corrections"
PERSONS = "correction-persons"


def _in_correction_at_year_end(org_ids: list[int], year: int):
    end = dt.date(year, 12, 31)
    return CorrectionPerson.objects.filter(org_id__in=org_ids, start_on__lte=end).filter(
        Q(released_on__isnull=True) | Q(released_on__gt=end)
    )


def _helping_at_year_end(org_ids: list[int], year: int):
    return ReleasedPerson.objects.filter(
        org_id__in=org_ids, released_on__lte=dt.date(year, 12, 31), status=ReleasedPerson.Status.HELPING
    )


register(
    Indicator(
        "corrections.in_correction",
        "年末在册社区矫正对象",
        "人",
        AREA,
        records=_in_correction_at_year_end,
        ledger=PERSONS,
        description="矫正起始日期不晚于年末、年末尚未解矫（终止）的人数",
    )
)
counting("corrections.intake", "新接收社区矫正对象", "人", AREA, CorrectionPerson, "start_on", ledger=PERSONS)
counting(
    "corrections.late_report_in",
    "逾期报到",
    "人",
    AREA,
    CorrectionPerson,
    "start_on",
    where=Q(reported_late=True),
    ledger=PERSONS,
)
counting(
    "corrections.released",
    "期满解矫",
    "人",
    AREA,
    CorrectionPerson,
    "released_on",
    where=Q(status=CorrectionPerson.Status.RELEASED),
    ledger=PERSONS,
)
counting(
    "corrections.recommitted",
    "收监执行",
    "人",
    AREA,
    CorrectionPerson,
    "released_on",
    where=Q(status=CorrectionPerson.Status.RECOMMITTED),
    ledger=PERSONS,
)
counting(
    "corrections.investigations",
    "调查评估",
    "件",
    AREA,
    PreSentenceInvestigation,
    "entrusted_on",
    ledger="correction-investigations",
)
counting(
    "corrections.leaves", "请假外出", "人次", AREA, LeaveRequest, "requested_on", ledger="correction-leaves"
)
register(
    Indicator(
        "corrections.resettlement",
        "年末在帮教刑释人员",
        "人",
        AREA,
        records=_helping_at_year_end,
        ledger="released-persons",
    )
)
counting(
    "corrections.released_persons",
    "新接收刑释人员",
    "人",
    AREA,
    ReleasedPerson,
    "released_on",
    ledger="released-persons",
)
