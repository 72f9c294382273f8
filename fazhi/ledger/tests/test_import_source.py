"""Nothing a user typed is overwritten by the system: the import stamp lives in the framework's
own `import_source`, which no area field can shadow (a system check refuses one that tries).
Runs on SQLite and (scripts/testpg.py) PostgreSQL, where a long stamp used to fail the commit."""

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from fazhi.ledger import checks, excel, registry
from fazhi.ledger.models import Record
from fazhi.ledger.restore_source import REASON, restore_shadowed
from fazhi.ledger.tests.factories import make_dispute, make_record
from fazhi.mediation.models import Dispute

pytestmark = pytest.mark.django_db

LONG_NAME = "某某镇二〇二五年第三季度矛盾纠纷排查化解工作台账（汇总后经司法所审核的最终版本）" * 3 + ".xlsx"
CODES = [lg.code for lg in registry.all_ledgers()]


def _user_values(ledger, obj) -> dict:
    return {name: getattr(obj, ledger.field(name).attname) for name in ledger.fields}


@pytest.mark.parametrize("code", CODES)
def test_it_imports_a_long_named_file_without_touching_what_the_user_typed(world, tmp_path, code):
    ledger = registry.get(code)
    original = make_record(ledger.model, world.town_a, world.reviewer_a, validate=False)
    expected = _user_values(ledger, original)
    path = tmp_path / "export.xlsx"
    with open(path, "wb") as out:
        excel.write_export(ledger, ledger.model.objects.filter(pk=original.pk), out, reveal=True)
    header, rows = excel.read_rows(path)
    # Without 系统编号 every row is a new record, stamped with the file it came from.
    header, rows = header[1:], [row[1:] for row in rows]
    # Imported as a new record in its place (a copy beside it would break unique constraints).
    ledger.model.objects.filter(pk=original.pk).delete()
    stamp = f"导入：{LONG_NAME}"
    result = excel.import_rows(
        ledger, world.town_a, world.reviewer_a, header, rows, commit=True, source=stamp
    )
    assert result.committed, [str(e) for e in result.errors]
    created = ledger.model.objects.filter(org=world.town_a).latest("pk")
    assert _user_values(ledger, created) == expected
    assert created.import_source == stamp[:120]
    reason = created.history.latest().history_change_reason
    assert reason.startswith("导入：") and "导入 导入" not in reason


def test_it_keeps_a_disputes_own_source_through_a_web_import(client, world):
    client.force_login(world.clerk_a)
    sheet = excel_bytes(
        ["登记日期*", "来源", "纠纷类型*", "发生村（社区）*", "申请人（当事人）*", "纠纷简要情况*"],
        ["2025-03-05", "法院委派", "邻里纠纷", "甲一村", "王五", "通行纠纷"],
    )
    upload = SimpleUploadedFile(LONG_NAME, sheet)
    response = client.post("/l/disputes/import/", {"file": upload}, follow=True)
    job = response.context["job"]
    assert job.status == "valid", job.result
    client.post(f"/l/jobs/{job.pk}/commit/")
    dispute = Dispute.objects.get(applicant="王五")
    assert dispute.source == Dispute.Source.COURT
    assert dispute.import_source == f"导入：{LONG_NAME}"[:120]
    page = client.get(f"/l/disputes/{dispute.pk}/").content.decode()
    assert "法院委派" in page and "导入：某某镇" in page


def excel_bytes(*rows) -> bytes:
    from fazhi.ledger.tests.factories import xlsx

    return xlsx([list(r) for r in rows])


def test_it_refuses_an_area_model_whose_field_shadows_the_frameworks(world):
    assert checks.framework_fields_not_shadowed() == []

    class Shadowing(Record):
        import_source = models.CharField("来源", max_length=16)

        class Meta:
            app_label = "mediation"

    try:
        errors = checks.framework_fields_not_shadowed()
        assert [e.id for e in errors] == ["ledger.E001"]
        assert "mediation.Shadowing.import_source" in errors[0].msg
    finally:
        for models_of_app in django_apps.all_models.values():
            for key in [k for k in models_of_app if k.endswith("shadowing")]:
                del models_of_app[key]
        django_apps.clear_cache()


def test_it_restores_a_source_overwritten_by_an_import_stamp_from_history(world):
    kept = make_dispute(world, source=Dispute.Source.VISIT, applicant="有历史")
    lost = make_dispute(world, source=Dispute.Source.POLICE, applicant="无历史")
    Dispute.objects.filter(pk=kept.pk).update(source="导入：甲镇.xlsx")
    # A record created by an import never had its own value stored, not even in its history.
    Dispute.objects.filter(pk=lost.pk).update(source="命令行导入：乙")
    Dispute.history.filter(id=lost.pk).update(source="命令行导入：乙")
    untouched = make_dispute(world, source=Dispute.Source.COURT, applicant="未导入")

    assert restore_shadowed(django_apps, "mediation", "Dispute", "source", fallback="other") == (1, 1)

    kept.refresh_from_db()
    lost.refresh_from_db()
    untouched.refresh_from_db()
    assert (kept.source, kept.import_source) == ("visit", "导入：甲镇.xlsx")
    assert (lost.source, lost.import_source) == ("other", "命令行导入：乙")
    assert lost.history.latest().history_change_reason == REASON
    assert untouched.source == "court"
