"""Excel import through the upload page: every bad row and cell listed in Chinese, nothing
written until the whole file is valid."""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from fazhi.background.models import BackgroundTask as Job
from fazhi.ledger import excel, registry
from fazhi.ledger.tests.factories import DISPUTE_HEADER, dispute_row, make_mediator, xlsx
from fazhi.mediation.models import Dispute, GridWorker, Mediator

pytestmark = pytest.mark.django_db


def upload(client, content: bytes, name="纠纷.xlsx", code="disputes"):
    file = SimpleUploadedFile(
        name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return client.post(reverse("ledger:import", args=[code]), {"file": file}, follow=True)


def commit(client, response):
    job = response.context["job"]
    return client.post(reverse("ledger:job_commit", args=[job.pk]), follow=True)


def text(response) -> str:
    """What the user reads on the page: tags stripped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_it_imports_a_valid_file_after_confirmation(client, world):
    client.force_login(world.clerk_a)
    response = upload(client, xlsx([DISPUTE_HEADER, dispute_row(1), dispute_row(2)]))
    assert "校验通过，可以写入" in text(response)
    assert Dispute.objects.count() == 0
    response = commit(client, response)
    assert "导入完成：新增 2 条，更新 0 条" in text(response)
    assert set(Dispute.objects.values_list("org__code", flat=True)) == {"TCA"}
    dispute = Dispute.objects.get(applicant="当事人1")
    assert dispute.registered_on == dt.date(2025, 3, 5)
    assert dispute.created_by == world.clerk_a
    assert dispute.history.first().history_change_reason.startswith("导入")


def test_it_lists_every_bad_row_and_cell_in_chinese(client, world):
    client.force_login(world.clerk_a)
    rows = [
        DISPUTE_HEADER,
        dispute_row(1),
        dispute_row(2, day="2025-02-30"),
        dispute_row(3, day="去年春天"),
        dispute_row(4, kind="打架"),
        dispute_row(5, village="乙一村"),
        ["2025-03-05", "邻里纠纷", "甲一村", "", "缺申请人"],
    ]
    response = upload(client, xlsx(rows))
    page = text(response)
    assert "发现 5 处错误，未写入任何数据" in page
    assert "第3行" in page and "日期“2025-02-30”不存在" in page
    assert "第4行" in page and "日期“去年春天”无法识别" in page
    assert "第5行" in page and "“打架”不在数据字典“纠纷类型”中" in page
    assert "第6行" in page and "未找到“乙一村”" in page
    assert "第7行" in page and "申请人（当事人）" in page and "这个字段是必填项" in page
    assert "确认导入" not in page
    assert Dispute.objects.count() == 0


def test_it_names_a_missing_required_column(client, world):
    client.force_login(world.clerk_a)
    response = upload(client, xlsx([DISPUTE_HEADER[:-1], dispute_row(1)[:-1]]))
    assert "纠纷简要情况" in text(response) and "缺少必填列" in text(response)


def test_it_refuses_an_empty_workbook(client, world):
    client.force_login(world.clerk_a)
    response = upload(client, xlsx([]))
    assert "文件是空的" in text(response)
    response = upload(client, xlsx([DISPUTE_HEADER]))
    assert "只有表头，没有数据行" in text(response)


def test_it_refuses_a_text_file_renamed_xlsx(client, world):
    client.force_login(world.clerk_a)
    response = upload(client, "登记日期,纠纷类型\n2025-03-05,邻里纠纷\n".encode())
    assert "文件不是有效的Excel工作簿" in text(response)
    assert Dispute.objects.count() == 0


def test_it_refuses_a_file_without_the_xlsx_extension(client, world):
    client.force_login(world.clerk_a)
    response = upload(client, xlsx([DISPUTE_HEADER, dispute_row(1)]), name="纠纷.csv")
    assert "请上传 .xlsx 格式的Excel文件" in text(response)
    assert not Job.objects.exists()


def test_it_refuses_formulas_and_names_the_cells(client, world):
    client.force_login(world.clerk_a)
    wb = Workbook()
    ws = wb.active
    ws.append(DISPUTE_HEADER)
    ws.append(dispute_row(1))
    ws.append(["2025-03-06", "邻里纠纷", "甲一村", "=A2", '=CONCAT("a","b")'])
    path = world.town_a.code + "-formula.xlsx"
    buf = io.BytesIO()
    wb.save(buf)
    response = upload(client, buf.getvalue(), name=path)
    page = text(response)
    assert "工作表含公式" in page and "D3" in page and "E3" in page
    assert Dispute.objects.count() == 0


def test_it_accepts_columns_in_any_order_and_values_as_people_type_them(client, world):
    make_mediator(world, name="王调解")
    client.force_login(world.clerk_a)
    header = [
        "纠纷简要情况",
        "重大疑难纠纷",
        "发生村（社区）",
        "主办调解员",
        "申请人（当事人）",
        "纠纷类型",
        "登记日期",
        "涉及金额（元）",
    ]
    rows = [
        header,
        ["甲", "是", "甲一村", "王调解", "赵一", "婚姻家庭", "2025-3-5", "1,200"],
        ["乙", "否", "甲一村", "", "赵二", "邻里纠纷", "2025/03/05", "1.5万元"],
        ["丙", "", "甲一村", "", "赵三", "neighbour", "2025年3月5日", ""],
        ["丁", "否", "甲一村", "", "赵四", "土地承包", dt.date(2025, 3, 5), 300],
    ]
    response = commit(client, upload(client, xlsx(rows)))
    assert "导入完成：新增 4 条" in text(response)
    disputes = {d.applicant: d for d in Dispute.objects.select_related("village", "mediator")}
    assert {d.registered_on for d in disputes.values()} == {dt.date(2025, 3, 5)}
    assert disputes["赵一"].is_major and not disputes["赵二"].is_major and not disputes["赵三"].is_major
    assert disputes["赵一"].kind == "family" and disputes["赵三"].kind == "neighbour"
    assert disputes["赵一"].village == world.village_a
    assert disputes["赵一"].mediator.name == "王调解"
    assert str(disputes["赵一"].amount) == "1200.00" and str(disputes["赵二"].amount) == "15000.00"


def test_it_writes_nothing_when_one_row_among_many_is_bad(client, world):
    client.force_login(world.clerk_a)
    rows = [DISPUTE_HEADER, *(dispute_row(n) for n in range(200))]
    rows[150] = dispute_row(149, kind="不存在的类型")
    response = upload(client, xlsx(rows))
    assert "发现 1 处错误" in text(response) and "第151行" in text(response)
    job = response.context["job"]
    assert job.status == Job.Status.INVALID
    # The commit button is refused for an invalid job even when posted directly.
    client.post(reverse("ledger:job_commit", args=[job.pk]))
    assert Dispute.objects.count() == 0


def test_it_imports_roster_ledgers_with_a_related_record_by_name(client, world):
    make_mediator(world)
    client.force_login(world.clerk_a)
    rows = [
        ["姓名", "所属调解组织", "专职", "联系电话"],
        ["新调解员", "甲镇人民调解委员会", "是", "13700001234"],
    ]
    response = commit(client, upload(client, xlsx(rows), code="mediators"))
    assert "新增 1 条" in text(response)
    assert Mediator.objects.get(name="新调解员").full_time
    rows = [["姓名*", "所在网格*"], ["网格员甲", "甲一村第1网格"], ["网格员乙", "甲一村"]]
    response = upload(client, xlsx(rows), code="grid-workers")
    assert "第3行" in text(response) and "未找到“甲一村”" in text(response)
    assert not GridWorker.objects.exists()


def test_it_refuses_import_to_roles_that_write_nothing(client, world):
    for user in (world.county_user, world.leader_a, world.sysadmin):
        client.force_login(user)
        response = upload(client, xlsx([DISPUTE_HEADER, dispute_row(1)]))
        assert response.status_code == 403
    assert Dispute.objects.count() == 0


def test_it_sends_a_large_file_to_the_background_worker(client, world, settings, run_tasks):
    settings.FAZHI_BACKGROUND_ROWS = 10
    client.force_login(world.clerk_a)
    response = upload(client, xlsx([DISPUTE_HEADER, *(dispute_row(n) for n in range(25))]))
    job = response.context["job"]
    assert job.status == Job.Status.QUEUED
    assert "排队中" in text(response)
    assert run_tasks() == 1
    response = client.get(reverse("background:detail", args=[job.pk]))
    assert "校验通过，可以写入" in text(response)
    response = client.post(reverse("ledger:job_commit", args=[job.pk]), follow=True)
    assert "排队中" in text(response)
    assert Dispute.objects.count() == 0
    # A second click on 确认导入 queues nothing more.
    again = client.post(reverse("ledger:job_commit", args=[job.pk]), follow=True)
    assert "该导入任务当前不能写入" in text(again)
    assert run_tasks() == 1
    response = client.get(reverse("background:detail", args=[job.pk]))
    assert "导入完成：新增 25 条" in text(response)
    assert Dispute.objects.filter(org=world.town_a).count() == 25


def test_it_does_not_show_an_import_job_to_another_user(client, world):
    client.force_login(world.clerk_a)
    job = upload(client, xlsx([DISPUTE_HEADER, dispute_row(1)])).context["job"]
    client.force_login(world.clerk_b)
    assert client.get(reverse("background:detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("ledger:job_commit", args=[job.pk])).status_code == 404
    assert Dispute.objects.count() == 0


def test_it_validates_and_commits_ten_thousand_rows(world, tmp_path):
    ledger = registry.get("disputes")
    rows = [DISPUTE_HEADER, *(dispute_row(n, day=f"2025-{1 + n % 12}-{1 + n % 28}") for n in range(10_000))]
    path = xlsx(rows, tmp_path / "big.xlsx")
    # One pass: every row is validated, then all are written in one transaction.
    result = excel.import_file(ledger, world.town_a, world.clerk_a, path, commit=True, source="big.xlsx")
    assert result.committed and result.creates == 10_000
    assert Dispute.objects.filter(org=world.town_a, registered_on__year=2025).count() == 10_000
    assert Dispute.history.count() == 10_000


def test_it_reports_each_bad_row_of_a_large_file(world, tmp_path):
    ledger = registry.get("disputes")
    rows = [DISPUTE_HEADER, *(dispute_row(n) for n in range(3000))]
    for n in (10, 1000, 2999):
        rows[n] = dispute_row(n, day="2025-13-01")
    result = excel.import_file(
        ledger, world.town_a, world.clerk_a, xlsx(rows, tmp_path / "bad.xlsx"), commit=True
    )
    assert [e.row for e in result.errors] == [11, 1001, 3000]
    assert str(result.errors[0]) == "第11行“登记日期”：日期“2025-13-01”不存在"
    assert not result.committed and Dispute.objects.count() == 0


def test_an_import_stores_the_due_dates_the_providers_give_its_records_read_back(world):
    """The import computes the stored due dates (OpenDeadline) from its records in memory; they
    equal those computed from the same records loaded from the database."""
    from fazhi.ledger import todo
    from fazhi.ledger.models import OpenDeadline

    ledger = registry.get("disputes")
    names = [
        "registered_on",
        "kind",
        "village",
        "applicant",
        "summary",
        "status",
        "closed_on",
        "agreement",
        "agreement_effective_on",
        "agreement_signed_sealed",
        "confirmation_applied_on",
        "referred_to",
    ]
    header = [excel.header_label(ledger, n) for n in names]
    base = ["2025-03-05", "邻里纠纷", "甲一村"]
    rows = [
        header,
        [*base, "甲", "已受理", "已受理", None, None, None, None, None, None],
        [*base, "乙", "调解中", "调解中", None, None, None, None, None, None],
        [*base, "丙", "书面协议待确认", "调解成功", "2025-03-20", "书面协议", "2025-03-21", "是", None, None],
        [
            *base,
            "丁",
            "已申请确认",
            "调解成功",
            "2025-03-20",
            "书面协议",
            "2025-03-21",
            "是",
            "2025-03-25",
            None,
        ],
        [*base, "戊", "口头协议", "调解成功", "2025-03-20", "口头协议", "2025-03-21", None, None, None],
        [*base, "己", "不成功", "调解不成功", "2025-03-20", None, None, None, None, "引导诉讼"],
    ]
    result = excel.import_rows(ledger, world.town_a, world.clerk_a, rows[0], rows[1:], commit=True)
    assert result.committed, [str(e) for e in result.errors]

    def stored():
        return sorted(
            OpenDeadline.objects.filter(ledger="disputes").values_list(
                "record_id", "kind", "due", "optional", "shown_until"
            )
        )

    from_import = stored()
    assert {kind for _, kind, *_ in from_import} == {"mediation.overdue", "mediation.confirmation"}
    assert len(from_import) == 3
    todo.refresh_many(Dispute, Dispute.objects.values_list("pk", flat=True))
    assert stored() == from_import
    # An update import (系统编号) closes one: its row goes, the others stay.
    first = Dispute.objects.get(applicant="甲")
    update = [
        [excel.NUMBER_LABEL, *header],
        [first.pk, *base, "甲", "已受理", "终止调解", "2025-03-30", None, None, None, None, None],
    ]
    result = excel.import_rows(ledger, world.town_a, world.clerk_a, update[0], update[1:], commit=True)
    assert result.committed and result.updates == 1, [str(e) for e in result.errors]
    after = stored()
    assert len(after) == 2 and first.pk not in {pk for pk, *_ in after}
    todo.refresh_many(Dispute, Dispute.objects.values_list("pk", flat=True))
    assert stored() == after


def test_records_held_in_memory_are_narrowed_as_the_database_narrows_them(world):
    from django.utils import timezone

    from fazhi.ledger import todo
    from fazhi.ledger.tests.factories import make_dispute

    def year_day(day: int) -> dt.date:  # after make_dispute's registration date (January 15)
        return dt.date(timezone.localdate().year, 1, day)

    made = [
        make_dispute(world, summary="甲"),
        make_dispute(world, summary="乙", status="mediating"),
        make_dispute(
            world,
            summary="丙",
            status="succeeded",
            closed_on=year_day(20),
            agreement="oral",
            agreement_effective_on=year_day(21),
        ),
    ]
    scope = {Dispute: {d.pk for d in made}}
    queries = [
        lambda qs: qs.filter(status__in=["accepted", "mediating"]),
        lambda qs: qs.filter(agreement_effective_on__isnull=False, agreement="oral"),
        lambda qs: qs.exclude(agreement_effective_on__isnull=True),
        lambda qs: qs.exclude(status="accepted").select_related("org"),
        lambda qs: qs.filter(agreement_effective_on__lte=year_day(21)),
        lambda qs: qs.filter(agreement_effective_on__gt=year_day(20)),
        lambda qs: qs.filter(agreement_effective_on__gt=year_day(21)),
        lambda qs: qs.filter(closed_on=None),
        lambda qs: qs.filter(village__name="甲一村"),  # across a relation: the database answers
        lambda qs: qs.order_by("-pk"),
    ]
    with todo._scoped(scope):
        from_db = [sorted(d.pk for d in q(todo.records(Dispute, None))) for q in queries]
        token = todo._HELD.set({Dispute: made})
        try:
            held = todo.records(Dispute, None)
            assert isinstance(held, todo._Held)
            in_memory = [sorted(d.pk for d in q(held)) for q in queries]
            assert list(todo.records(Dispute, [world.town_b.pk])) == []
        finally:
            todo._HELD.reset(token)
    assert in_memory == from_db
    assert from_db[0] == sorted(d.pk for d in made[:2])
