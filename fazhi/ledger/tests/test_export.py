"""Excel export: what a clerk downloads, and that a downloaded file re-imports as an update."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from fazhi.ledger.tests.factories import make_dispute, make_mediator, xlsx
from fazhi.ledger.tests.test_import import text
from fazhi.mediation.models import Dispute, Mediator

pytestmark = pytest.mark.django_db


def download(client, code="disputes", query="year=all"):
    response = client.get(reverse("ledger:export", args=[code]) + "?" + query)
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content)


def sheet_rows(content: bytes) -> list[list]:
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def as_dicts(content: bytes) -> list[dict]:
    header, *rows = sheet_rows(content)
    return [dict(zip(header, r, strict=False)) for r in rows]


def reimport(client, content: bytes, code="disputes"):
    file = SimpleUploadedFile("导出.xlsx", content)
    response = client.post(reverse("ledger:import", args=[code]), {"file": file}, follow=True)
    job = response.context["job"]
    assert job.status == "valid", job.result
    return client.post(reverse("ledger:job_commit", args=[job.pk]), follow=True)


def test_it_neutralises_formula_like_text_and_reimport_restores_it(client, world):
    texts = ["=1+1", "+86 138", "-减少", "@某人", "普通文本"]
    for t in texts:
        make_dispute(world, applicant=t, summary=t)
    client.force_login(world.clerk_a)
    content = download(client)
    exported = {r["纠纷简要情况*"] for r in as_dicts(content)}
    assert exported == {"'=1+1", "'+86 138", "'-减少", "'@某人", "普通文本"}
    response = reimport(client, content)
    # Text restored from the apostrophe equals what is stored: nothing to write.
    assert "新增 0 条，更新 0 条，5 条与原记录相同、未改动" in response.content.decode()
    assert set(Dispute.objects.values_list("summary", flat=True)) == set(texts)
    assert set(Dispute.objects.values_list("applicant", flat=True)) == set(texts)


def test_it_updates_instead_of_duplicating_when_an_export_is_reimported(client, world):
    for n in range(3):
        make_dispute(world, applicant=f"当事人{n}")
    client.force_login(world.clerk_a)
    content = download(client)
    header, *rows = sheet_rows(content)
    assert header[0] == "系统编号"
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    col = header.index("申请人（当事人）*") + 1
    ws.cell(row=2, column=col, value="改过的名字")
    edited_id = ws.cell(row=2, column=1).value
    buf = io.BytesIO()
    wb.save(buf)
    response = reimport(client, buf.getvalue())
    assert "新增 0 条，更新 1 条，2 条与原记录相同、未改动" in response.content.decode()
    assert Dispute.objects.count() == 3
    assert Dispute.objects.get(pk=edited_id).applicant == "改过的名字"
    assert "修改" in response.content.decode() or Dispute.history.filter(id=edited_id).count() == 2


def test_it_masks_personal_identifiers_in_a_clerks_export(client, world):
    dispute = make_dispute(world)
    client.force_login(world.clerk_a)
    row = as_dicts(download(client))[0]
    assert row["当事人电话"] == "138****5678"
    assert row["当事人身份证号"].startswith("110") and "*" in row["当事人身份证号"]
    assert dispute.applicant_id_number not in str(row)


def test_it_keeps_the_stored_value_when_a_masked_value_is_reimported(client, world):
    mediator = make_mediator(world, phone="13900001111", id_number="")
    client.force_login(world.clerk_a)
    content = download(client, "mediators", "")
    assert as_dicts(content)[0]["联系电话"] == "139****1111"
    reimport(client, content, "mediators")
    mediator.refresh_from_db()
    assert mediator.phone == "13900001111"
    assert Mediator.objects.count() == 1


def test_it_refuses_a_system_number_of_another_township(client, world):
    theirs = make_dispute(world, org=world.town_b)
    client.force_login(world.clerk_a)
    header = ["系统编号", "登记日期*", "纠纷类型*", "发生村（社区）*", "申请人（当事人）*", "纠纷简要情况*"]
    row = [theirs.pk, "2025-03-05", "邻里纠纷", "甲一村", "冒名", "想改乙乡的记录"]
    file = SimpleUploadedFile("x.xlsx", xlsx([header, row]))
    response = client.post(reverse("ledger:import", args=["disputes"]), {"file": file}, follow=True)
    assert f"编号“{theirs.pk}”不存在或不属于本乡镇" in text(response)
    theirs.refresh_from_db()
    assert theirs.applicant == "张三"
    assert Dispute.objects.count() == 1


def test_it_exports_only_the_filtered_list(client, world):
    make_dispute(world, kind="family", applicant="家事")
    make_dispute(world, kind="labour", applicant="劳资")
    client.force_login(world.clerk_a)
    rows = as_dicts(download(client, query="year=all&kind=family"))
    assert [r["申请人（当事人）*"] for r in rows] == ["家事"]


def test_it_refuses_export_to_admin_roles(client, world):
    make_dispute(world)
    for user in (world.sysadmin, world.secadmin, world.auditadmin):
        client.force_login(user)
        assert client.get(reverse("ledger:export", args=["disputes"])).status_code == 403


def test_an_empty_text_is_no_cell_and_a_labelled_empty_choice_keeps_its_label(client, world):
    make_dispute(world, respondent="", applicant_id_number="")
    client.force_login(world.clerk_a)
    content = download(client)
    row = as_dicts(content)[0]
    assert row["协议形式"] == "无"  # the empty choice has a label of its own
    header = sheet_rows(content)[0]
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    for label in ("对方当事人", "当事人身份证号"):
        ref = f'r="{get_column_letter(header.index(label) + 1)}2"'
        assert ref not in xml, label  # no cell at all, not an empty one
    assert f'r="{get_column_letter(header.index("协议形式") + 1)}2"' in xml
