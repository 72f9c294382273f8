"""Inspections (督察检查): the county records what it found in each township; every finding becomes
a record of the township's findings ledger (问题整改), reached through the ledger registry by its
code, so it shows on the township's to-do list and is closed there like any other finding."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from fazhi.ledger import registry
from fazhi.notifications.actions import notify, recipients
from fazhi.orgs.roles import NextStep
from fazhi.supervision.models import Inspection, InspectionFinding

FINDINGS_LEDGER = "findings"
SOURCE = "inspection"
CLOSED = "closed"
DEFAULT_OWNER = "乡镇主要负责人（请乡镇明确）"


class InspectionError(Exception):
    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("；".join(messages))


def findings_ledger():
    ledger = registry.get(FINDINGS_LEDGER)
    if ledger is None:
        raise InspectionError(["问题整改台账未启用，无法登记督察发现的问题"])
    return ledger


def _change_perm() -> str:
    opts = findings_ledger().opts
    return f"{opts.app_label}.change_{opts.model_name}"


@dataclass
class Row:
    org: object
    description: str
    requirement: str
    due_on: dt.date | None


def _ledger_finding(inspection: Inspection, row: Row, user):
    model = findings_ledger().model
    record = model(
        org=row.org,
        source=SOURCE,
        found_on=inspection.held_on,
        description=f"【{inspection.title}】{row.description}",
        measure=row.requirement,
        owner=DEFAULT_OWNER,
        due_on=row.due_on,
        created_by=user,
        updated_by=user,
    )
    record.full_clean(exclude=["owner_department"])
    record.save()
    return record


@transaction.atomic
def add_findings(inspection: Inspection, rows: list[Row], user) -> list[InspectionFinding]:
    errors = []
    for n, row in enumerate(rows, 1):
        where = f"第{n}条问题（{row.org}）"
        if not row.description.strip():
            errors.append(f"{where}：请填写发现的问题")
        if not row.requirement.strip():
            errors.append(f"{where}：请填写整改要求")
        if row.due_on is None:
            errors.append(f"{where}：请填写整改时限")
        elif row.due_on < inspection.held_on:
            errors.append(f"{where}：整改时限不能早于督察日期（{inspection.held_on}）")
    if errors:
        raise InspectionError(errors)
    created = []
    for n, row in enumerate(rows, 1):
        try:
            record = _ledger_finding(inspection, row, user)
        except ValidationError as exc:
            raise InspectionError([f"第{n}条问题（{row.org}）：{m}" for m in exc.messages]) from None
        created.append(
            InspectionFinding.objects.create(
                inspection=inspection,
                org=row.org,
                description=row.description.strip(),
                requirement=row.requirement.strip(),
                due_on=row.due_on,
                finding_id=record.pk,
            )
        )
        notify(
            recipients(row.org, _change_perm()),
            f"县级督察“{inspection.title}”发现的问题已列入问题整改台账，请于{row.due_on:%Y-%m-%d}前整改："
            f"{row.description.strip()}",
            reverse("ledger:detail", args=[FINDINGS_LEDGER, record.pk]),
        )
    return created


@transaction.atomic
def record(county, fields: dict, rows: list[Row], user) -> Inspection:
    if not rows:
        raise InspectionError(["请至少登记一条发现的问题"])
    inspection = Inspection.objects.create(county=county, created_by=user, **fields)
    add_findings(inspection, rows, user)
    return inspection


@dataclass
class Status:
    finding: InspectionFinding
    state: str  # the ledger's status label
    closed: bool
    closed_on: dt.date | None
    late: bool
    url: str
    next_steps: list[NextStep]


def statuses(findings: list[InspectionFinding], today: dt.date) -> list[Status]:
    """Each finding with its progress as the township records it in its findings ledger."""
    ledger = findings_ledger()
    ids = [f.finding_id for f in findings if f.finding_id]
    records = {r.pk: r for r in ledger.model.objects.filter(pk__in=ids)}
    result = []
    for f in findings:
        r = records.get(f.finding_id)
        if r is None:
            result.append(Status(f, "台账记录已删除", False, None, today > f.due_on, "", []))
            continue
        closed = r.status == CLOSED
        late = (r.closed_on > r.due_on) if closed and r.closed_on else (not closed and today > r.due_on)
        result.append(
            Status(
                f,
                r.get_status_display(),
                closed,
                r.closed_on,
                late,
                reverse("ledger:detail", args=[FINDINGS_LEDGER, r.pk]),
                [] if closed else [NextStep.of(f"{f.org.name}整改并销号", _change_perm())],
            )
        )
    return result
