"""The 智慧矫正 export imported through its saved column mapping: renamed and extra columns, a
re-import that changes nothing, an update, and rolling batches back."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.corrections.models import CorrectionPerson
from fazhi.corrections.tests.factories import LINE_HEADER as HEADER
from fazhi.corrections.tests.factories import line_row as row
from fazhi.corrections.tests.factories import make_line_source, make_person
from fazhi.ledger.models import ImportBatch
from fazhi.ledger.tests.factories import id_number, xlsx
from fazhi.orgs.models import AuditLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(db):
    return make_line_source()


def upload(client, rows, name="智慧矫正导出.xlsx") -> ImportBatch:
    data = xlsx([HEADER, *rows])
    response = client.post(
        reverse("ledger:line_upload", args=["zhjz"]), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportBatch.objects.latest("pk")


def commit(client, batch) -> ImportBatch:
    assert client.post(reverse("ledger:line_batch", args=[batch.pk])).status_code == 302
    batch.refresh_from_db()
    return batch


def state():
    return sorted(
        (p.external_id, p.name, p.crime, p.id_number, p.import_batch_id, p.import_source, p.updated_at)
        for p in CorrectionPerson.objects.all()
    )


def test_it_imports_a_mapped_export_with_renamed_and_extra_columns(client, world, source):
    client.force_login(world.reviewer_a)
    batch = upload(client, [row(1), row(2), row(3)])
    page = client.get(reverse("ledger:line_batch", args=[batch.pk])).content.decode()
    assert "已忽略：执行地社区矫正机构、管理类别" in page
    assert "新增 3 条" in page and "确认导入" in page
    assert not CorrectionPerson.objects.exists()  # nothing is written before the confirmation
    batch = commit(client, batch)
    assert (batch.status, batch.created, batch.updated) == ("done", 3, 0)
    person = CorrectionPerson.objects.get(external_id="ZJ0001")
    assert person.name == "对象1" and person.kind == "probation" and person.org == world.town_a
    assert person.id_number == id_number(1) and person.import_batch == batch
    assert person.import_source == f"智慧矫正 第{batch.pk}批"
    detail = client.get(reverse("ledger:detail", args=["correction-persons", person.pk])).content.decode()
    assert f"智慧矫正 第{batch.pk}批" in detail or "对象1" in detail
    assert AuditLog.objects.filter(action=AuditLog.Action.IMPORT, detail__contains="新增3条").exists()


def test_it_changes_nothing_when_the_same_export_is_imported_again(client, world, source):
    client.force_login(world.reviewer_a)
    commit(client, upload(client, [row(1), row(2)]))
    before, history = state(), sum(p.history.count() for p in CorrectionPerson.objects.all())
    again = commit(client, upload(client, [row(1), row(2)]))
    assert (again.status, again.created, again.updated, again.unchanged) == ("done", 0, 0, 2)
    assert state() == before
    assert sum(p.history.count() for p in CorrectionPerson.objects.all()) == history


def test_it_updates_matching_records_and_reports_errors_by_row(client, world, source):
    client.force_login(world.reviewer_a)
    commit(client, upload(client, [row(1), row(2)]))
    bad = upload(client, [row(1, crime="诈骗罪"), [*row(3)[:3], "缓期", *row(3)[4:]]])
    assert bad.status == "invalid" and not bad.result["committed"]
    page = client.get(reverse("ledger:line_batch", args=[bad.pk])).content.decode()
    assert "第3行" in page and "矫正类别" in page
    assert CorrectionPerson.objects.get(external_id="ZJ0001").crime == "盗窃罪"
    second = commit(client, upload(client, [row(1, crime="诈骗罪"), row(3)]))
    assert (second.created, second.updated) == (1, 1)
    assert CorrectionPerson.objects.get(external_id="ZJ0001").crime == "诈骗罪"
    assert CorrectionPerson.objects.count() == 3


def test_it_rolls_back_exactly_one_batch(client, world, source):
    client.force_login(world.reviewer_a)
    typed = make_person(world, name="手工录入")
    first = commit(client, upload(client, [row(1), row(2)]))
    after_first = state()
    second = commit(client, upload(client, [row(1, crime="诈骗罪"), row(2), row(3)]))
    assert (second.created, second.updated, second.unchanged) == (1, 1, 1)
    # The older batch waits until the newer one is undone.
    refused = client.get(reverse("ledger:line_rollback", args=[first.pk])).content.decode()
    assert "请先撤销较新的批次" in refused
    confirm = client.get(reverse("ledger:line_rollback", args=[second.pk]))
    assert "确认撤销本批导入" in confirm.content.decode()
    assert CorrectionPerson.objects.count() == 4  # a GET changes nothing
    assert client.post(reverse("ledger:line_rollback", args=[second.pk])).status_code == 302
    second.refresh_from_db()
    assert second.status == "rolled_back" and second.rolled_back_by == world.reviewer_a
    assert not CorrectionPerson.objects.filter(external_id="ZJ0003").exists()
    restored = CorrectionPerson.objects.get(external_id="ZJ0001")
    assert restored.crime == "盗窃罪" and restored.import_batch == first
    assert [s[:6] for s in state() if s[0]] == [s[:6] for s in after_first if s[0]]
    assert client.post(reverse("ledger:line_rollback", args=[first.pk])).status_code == 302
    assert list(CorrectionPerson.objects.all()) == [typed]
    assert AuditLog.objects.filter(detail__startswith="撤销导入").count() == 2


@pytest.mark.parametrize("persona", ["clerk_a", "county_user", "clerk_b"])
def test_it_keeps_line_imports_of_a_sensitive_ledger_from_others(client, world, source, persona):
    client.force_login(world.reviewer_a)
    batch = commit(client, upload(client, [row(1)]))
    client.force_login(getattr(world, persona))
    assert client.get(reverse("ledger:line_upload", args=["zhjz"])).status_code == 403
    assert client.get(reverse("ledger:line_batch", args=[batch.pk])).status_code == 404
    assert client.post(reverse("ledger:line_rollback", args=[batch.pk])).status_code == 404
    assert CorrectionPerson.objects.count() == 1


def test_it_lets_the_system_administrator_edit_a_mapping_but_checks_it(client, world, source):
    client.force_login(world.sysadmin)
    url = reverse("manage:line_source_edit", args=[source.pk])
    assert client.get(url).status_code == 200
    data = {
        "code": "zhjz",
        "name": "智慧矫正",
        "ledger": "correction-persons",
        "key_column": "矫正对象编号",
        "column": ["姓名（矫正对象）", "罪名"],
        "field": ["name", "crimes"],
        "active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "不是社区矫正对象的字段" in response.content.decode()
    data["field"] = ["name", "crime"]
    assert client.post(url, data).status_code == 302
    source.refresh_from_db()
    assert source.mapping == {"姓名（矫正对象）": "name", "罪名": "crime"}
    # …and still sees none of the records.
    assert client.get(reverse("ledger:list", args=["correction-persons"])).status_code == 403
