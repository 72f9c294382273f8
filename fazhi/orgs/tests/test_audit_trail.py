"""The audit trail cannot be rewritten: append-only table, hash chain, retention, same transaction
as the change; the auditor filters it and exports it."""

import io
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.ledger.tests.factories import make_dispute
from fazhi.mediation.models import Dispute
from fazhi.orgs import auditchain, auditguard
from fazhi.orgs.models import AuditLog, append, audit

pytestmark = pytest.mark.django_db


def verify_exit(capsys) -> tuple[int, str]:
    try:
        call_command("verify_audit")
    except SystemExit as exc:
        return exc.code, capsys.readouterr().err
    return 0, capsys.readouterr().out


def test_it_refuses_a_raw_update_and_delete_of_a_recent_row(world):
    row = audit(world.clerk_a, AuditLog.Action.EXPORT, target="矛盾纠纷排查调处台账")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE orgs_auditlog SET detail = 'x' WHERE id = %s", [row.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM orgs_auditlog WHERE id = %s", [row.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditLog.objects.filter(pk=row.pk).update(target="改过")
    assert AuditLog.objects.get(pk=row.pk).target == "矛盾纠纷排查调处台账"


def test_it_chains_every_row_and_verify_audit_passes(world, capsys):
    before = AuditLog.objects.count()
    first = audit(world.clerk_a, AuditLog.Action.EXPORT, target="甲")
    second = audit(
        world.reviewer_a, AuditLog.Action.REVEAL, target="乙", outcome="failure", reason="密码错误"
    )
    assert second.prev_hash == first.hash and len(second.hash) == 64
    code, out = verify_exit(capsys)
    assert code == 0 and f"哈希链完好：共 {before + 2} 条" in out


def test_it_reports_a_forged_row_inserted_with_raw_sql(world, capsys):
    audit(world.clerk_a, AuditLog.Action.EXPORT, target="甲")
    real = audit(world.clerk_a, AuditLog.Action.EXPORT, target="乙")
    forged = AuditLog(
        username="clerk_a",
        action="export",
        target="伪造",
        prev_hash=real.hash,
        hash="0" * 64,
        at=timezone.now(),
    )
    forged.save(force_insert=True)
    audit(world.clerk_a, AuditLog.Action.EXPORT, target="丙")
    code, err = verify_exit(capsys)
    assert code == 1
    assert f"第 {forged.pk} 条" in err and "内容与哈希不符" in err


def test_it_reports_a_row_changed_by_someone_who_dropped_the_trigger(world, capsys):
    rows = [audit(world.clerk_a, AuditLog.Action.EXPORT, target=t) for t in "甲乙丙"]
    auditguard.apply(connection, install=False)
    try:
        AuditLog.objects.filter(pk=rows[1].pk).update(detail="改过")
    finally:
        auditguard.apply(connection, install=True)
    code, err = verify_exit(capsys)
    assert code == 1 and f"第 {rows[1].pk} 条" in err and "记录被改动" in err


def test_it_reports_a_removed_row(world, capsys):
    rows = [audit(world.clerk_a, AuditLog.Action.EXPORT, target=t) for t in "甲乙丙"]
    auditguard.apply(connection, install=False)
    try:
        AuditLog.objects.filter(pk=rows[1].pk).delete()
    finally:
        auditguard.apply(connection, install=True)
    code, err = verify_exit(capsys)
    assert code == 1 and f"第 {rows[2].pk} 条" in err and "链接不符" in err


def test_it_purges_rows_older_than_the_retention_and_keeps_the_chain_checkable(db, settings, capsys):
    settings.FAZHI_AUDIT_RETENTION_DAYS = 365
    # Start from an empty table (setting up the database audits the roles' permissions), so the
    # backdated rows below are the oldest of the chain, as they would be in a real one.
    auditguard.apply(connection, install=False)
    AuditLog.objects.all().delete()
    auditguard.apply(connection, install=True)
    now = timezone.now()
    old = append(AuditLog(username="clerk_a", action="export", target="很旧", at=now - timedelta(days=400)))
    kept = append(
        AuditLog(username="clerk_a", action="export", target="半年多", at=now - timedelta(days=200))
    )
    summary = auditchain.purge_expired()
    assert summary == "删除超过保留期（365 天）的审计日志 1 条"
    assert not AuditLog.objects.filter(pk=old.pk).exists()
    assert AuditLog.objects.filter(pk=kept.pk).exists()
    note = AuditLog.objects.get(action=AuditLog.Action.AUDIT_RETENTION)
    assert old.hash in note.detail
    assert verify_exit(capsys)[0] == 0
    # Younger than the 180-day floor: the database refuses whatever the setting says.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditLog.objects.filter(pk=note.pk).delete()


def test_it_refuses_a_retention_below_180_days():
    code = "import django; django.setup()"
    env = {**os.environ, "FAZHI_AUDIT_RETENTION_DAYS": "90", "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert done.returncode != 0 and "FAZHI_AUDIT_RETENTION_DAYS must be at least 180" in done.stderr


def test_it_rolls_back_the_delete_when_the_audit_row_cannot_be_written(world, monkeypatch):
    dispute = make_dispute(world)

    def broken(row):
        raise DatabaseError("audit table unavailable")

    client = Client(raise_request_exception=False)
    client.force_login(world.clerk_a)
    monkeypatch.setattr("fazhi.orgs.models.chain_hash", broken)
    response = client.post(reverse("ledger:delete", args=["disputes", dispute.pk]), {"reason": "重复登记"})
    assert response.status_code == 500
    assert Dispute.objects.filter(pk=dispute.pk).exists()
    assert not AuditLog.objects.filter(action="delete").exists()


def test_it_writes_the_import_audit_row_in_the_import_transaction(world, monkeypatch, tmp_path):
    from fazhi.ledger import excel, registry
    from fazhi.ledger.tests.factories import DISPUTE_HEADER, dispute_row, xlsx

    ledger = registry.get("disputes")
    path = xlsx([DISPUTE_HEADER, dispute_row(1), dispute_row(2)], tmp_path / "纠纷.xlsx")

    def broken(result):
        raise DatabaseError("audit table unavailable")

    before = Dispute.objects.count()
    with pytest.raises(DatabaseError):
        excel.import_file(ledger, world.town_a, world.clerk_a, path, commit=True, in_transaction=broken)
    assert Dispute.objects.count() == before


def auditor(client, world):
    client.force_login(world.auditadmin)
    return client


def test_it_filters_the_audit_page_by_user_type_object_outcome_and_dates(client, world):
    audit(world.clerk_a, AuditLog.Action.EXPORT, target="矛盾纠纷排查调处台账")
    audit(
        world.reviewer_a,
        AuditLog.Action.REVEAL,
        target="社区矫正对象 #7 身份证号",
        outcome="failure",
        reason="密码验证失败",
    )
    old = append(
        AuditLog(username="clerk_b", action="delete", target="旧记录", at=timezone.now() - timedelta(days=30))
    )
    url = reverse("audit_log")
    page = auditor(client, world).get(url, {"user": "reviewer", "outcome": "failure"}).content.decode()
    assert (
        "社区矫正对象 #7 身份证号" in page and "密码验证失败" in page and "矛盾纠纷排查调处台账" not in page
    )
    page = client.get(url, {"action": "export", "target": "纠纷"}).content.decode()
    assert "矛盾纠纷排查调处台账" in page and "社区矫正对象" not in page
    start = (timezone.localdate() - timedelta(days=31)).isoformat()
    end = (timezone.localdate() - timedelta(days=29)).isoformat()
    page = client.get(url, {"start": start, "end": end}).content.decode()
    assert old.target in page and "矛盾纠纷排查调处台账" not in page
    page = client.get(url, {"start": "2025-13-01"}).content.decode()
    assert "起始日期“2025-13-01”不是有效日期" in page


def test_it_exports_the_filtered_audit_log_to_excel(client, world):
    audit(world.clerk_a, AuditLog.Action.EXPORT, target='=HYPERLINK("x")')
    audit(
        world.reviewer_a, AuditLog.Action.REVEAL, target="身份证号", outcome="failure", reason="密码验证失败"
    )
    response = auditor(client, world).get(reverse("audit_export"), {"outcome": "failure"})
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = wb.active
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]][:5] == ["时间", "用户", "操作", "结果", "原因"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert (
        len(rows) == 1
        and rows[0][1] == "reviewer_a"
        and rows[0][3] == "失败"
        and rows[0][4] == "密码验证失败"
    )
    assert ws.column_dimensions["H"].width >= 40
    logged = AuditLog.objects.get(action="export", target="审计日志")
    assert logged.username == "auditadmin" and "outcome=failure" in logged.detail


def test_it_refuses_the_audit_page_to_a_clerk(client, world):
    client.force_login(world.clerk_a)
    assert client.get(reverse("audit_log")).status_code == 403
    assert client.get(reverse("audit_export")).status_code == 403


@pytest.mark.postgres
def test_it_keeps_the_chain_intact_with_concurrent_writers(transactional_db, capsys):
    import threading

    from django.db import connections

    def write(n):
        try:
            for i in range(10):
                with transaction.atomic():
                    audit(None, AuditLog.Action.EXPORT, target=f"线程{n}-{i}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert AuditLog.objects.filter(target__startswith="线程").count() == 40
    code, out = verify_exit(capsys)
    assert code == 0, out
