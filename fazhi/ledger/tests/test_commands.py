"""import_ledger and export_ledger: exit codes and what they print."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from fazhi.ledger.tests.factories import DISPUTE_HEADER, dispute_row, make_dispute, xlsx
from fazhi.mediation.models import Dispute

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_it_imports_a_valid_file_and_prints_the_count(world, tmp_path):
    path = xlsx([DISPUTE_HEADER, dispute_row(1), dispute_row(2)], tmp_path / "a.xlsx")
    code, out, _ = run("import_ledger", "disputes", str(path), "--org", "TCA", "--user", "clerk_a")
    assert code == 0
    assert "导入完成：新增 2 条，更新 0 条" in out
    assert Dispute.objects.filter(org=world.town_a, created_by=world.clerk_a).count() == 2
    assert Dispute.objects.first().import_source == "命令行导入：a.xlsx"


def test_it_leaves_the_author_empty_without_user(world, tmp_path):
    path = xlsx([DISPUTE_HEADER, dispute_row(1)], tmp_path / "a.xlsx")
    assert run("import_ledger", "disputes", str(path), "--org", "TCA")[0] == 0
    assert Dispute.objects.get().created_by is None


def test_it_writes_nothing_on_a_dry_run(world, tmp_path):
    path = xlsx([DISPUTE_HEADER, dispute_row(1), dispute_row(2)], tmp_path / "a.xlsx")
    code, out, _ = run("import_ledger", "disputes", str(path), "--org", "TCA", "--dry-run")
    assert code == 0
    assert "校验通过：2 行" in out
    assert not Dispute.objects.exists()


def test_it_prints_every_row_error_and_exits_1(world, tmp_path):
    rows = [DISPUTE_HEADER, dispute_row(1), dispute_row(2, day="2025-02-30"), dispute_row(3, kind="打架")]
    path = xlsx(rows, tmp_path / "bad.xlsx")
    code, out, err = run("import_ledger", "disputes", str(path), "--org", "TCA")
    assert code == 1
    assert "第3行“登记日期”：日期“2025-02-30”不存在" in err
    assert "第4行“纠纷类型”：“打架”不在数据字典“纠纷类型”中" in err
    assert "导入完成" not in out
    assert not Dispute.objects.exists()


def test_it_exits_1_for_a_file_that_is_not_excel(world, tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("just text")
    code, _, err = run("import_ledger", "disputes", str(path), "--org", "TCA")
    assert code == 1 and "不是有效的Excel工作簿" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--org", "TCA"], "没有台账“nope”"),
        (["disputes", "--org", "NOPE"], "没有编码为“NOPE”的组织"),
        (["disputes", "--org", "TC"], "不是乡镇"),
        (["disputes", "--org", "TCA01"], "不是乡镇"),
        (["disputes", "--org", "TCA", "--user", "ghost"], "没有用户“ghost”"),
    ],
)
def test_it_refuses_unknown_ledgers_orgs_and_users(world, tmp_path, args, message):
    path = xlsx([DISPUTE_HEADER, dispute_row(1)], tmp_path / "a.xlsx")
    ledger, *rest = args
    with pytest.raises(CommandError, match=message):
        call_command("import_ledger", ledger, str(path), *rest, stdout=io.StringIO())
    assert not Dispute.objects.exists()


def test_it_exports_a_township_year_readable_by_openpyxl(world, tmp_path):
    make_dispute(world, applicant="今年的")
    last_year = make_dispute(world, applicant="去年的")
    Dispute.objects.filter(pk=last_year.pk).update(registered_on=last_year.registered_on.replace(year=2020))
    make_dispute(world, org=world.town_b, applicant="乙乡的")
    out_file = tmp_path / "out" / "disputes.xlsx"
    year = Dispute.objects.get(applicant="今年的").registered_on.year
    code, out, _ = run(
        "export_ledger", "disputes", "--org", "TCA", "--year", str(year), "--out", str(out_file)
    )
    assert code == 0 and "导出完成：1 条" in out
    header, *rows = load_workbook(out_file).worksheets[0].iter_rows(values_only=True)
    assert header[0] == "系统编号"
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["申请人（当事人）*"] == "今年的"
    assert row["当事人电话"] == "138****5678"


def test_it_exports_a_roster_without_a_year(world, tmp_path):
    from fazhi.ledger.tests.factories import make_mediator

    make_mediator(world)
    out_file = tmp_path / "m.xlsx"
    code, out, _ = run("export_ledger", "mediators", "--org", "TCA", "--out", str(out_file))
    assert code == 0 and "导出完成：1 条" in out
    assert load_workbook(out_file).worksheets[0].max_row == 2


def test_it_asks_for_a_year_for_event_ledgers(world, tmp_path):
    with pytest.raises(CommandError, match="--year"):
        call_command("export_ledger", "disputes", "--org", "TCA", "--out", str(tmp_path / "x.xlsx"))
