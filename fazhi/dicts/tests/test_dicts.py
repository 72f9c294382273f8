"""Dictionaries of local categories: maintained by the system administrator, used by label in
pages, imports, exports, filters and the API; a disabled entry stays on old records only."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.dicts import store
from fazhi.dicts.models import Entry
from fazhi.ledger import excel, registry
from fazhi.ledger.tests.factories import DISPUTE_HEADER, dispute_row, make_dispute
from fazhi.mediation.models import Dispute
from fazhi.orgs.models import AuditLog

pytestmark = pytest.mark.django_db

DISPUTES = registry.get("disputes")


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def entry(label: str, dictionary: str = "mediation.dispute_kind") -> Entry:
    return Entry.objects.get(dictionary=dictionary, label=label)


def change(client, action: str, dictionary: str = "mediation.dispute_kind", **data):
    url = reverse("dicts:change", args=[dictionary])
    return client.post(url, {"action": action, **data}, follow=True)


def import_rows(world, rows, commit=True):
    header, *data = rows
    return excel.import_rows(DISPUTES, world.town_a, world.clerk_a, header, data, commit=commit)


def test_it_seeds_every_dictionary_with_the_codes_records_store():
    for d in store.DICTIONARIES.values():
        assert d.seed, d.name
        stored = set(Entry.objects.filter(dictionary=d.name).values_list("code", flat=True))
        assert {code for code, _ in d.seed} <= stored, d.name
    assert entry("邻里纠纷").code == Dispute.Kind.NEIGHBOUR


def test_it_shows_the_page_to_the_system_administrator_only(client, world):
    for user in (world.clerk_a, world.county_user, world.secadmin, world.auditadmin):
        client.force_login(user)
        assert client.get(reverse("dicts:index")).status_code == 403
        assert client.get(reverse("dicts:detail", args=["mediation.dispute_kind"])).status_code == 403
        assert change(client, "add", label="宗族纠纷").status_code == 403
    assert not Entry.objects.filter(label="宗族纠纷").exists()
    client.force_login(world.sysadmin)
    page = text(client.get(reverse("dicts:index")))
    assert "纠纷类型" in page and "法治文化阵地类型" in page
    assert "矛盾纠纷" in page  # where the dictionary is used, by the ledger's Chinese name


def test_it_adds_renames_reorders_and_disables_with_history_and_audit(client, world):
    client.force_login(world.sysadmin)
    page = text(change(client, "add", label="宗族纠纷"))
    assert "已新增“宗族纠纷”" in page
    added = entry("宗族纠纷")
    last = Entry.objects.filter(dictionary="mediation.dispute_kind").order_by("position").last()
    assert last == added and added.active

    assert "已有“邻里纠纷”" in text(change(client, "rename", entry=added.pk, label="邻里纠纷"))
    change(client, "rename", entry=added.pk, label="家族纠纷")
    change(client, "up", entry=added.pk)
    order = list(
        Entry.objects.filter(dictionary="mediation.dispute_kind")
        .order_by("position")
        .values_list("label", flat=True)
    )
    assert order[-2:] == ["家族纠纷", "其他"]
    change(client, "disable", entry=added.pk)
    added.refresh_from_db()
    assert added.label == "家族纠纷" and not added.active

    page = text(client.get(reverse("dicts:detail", args=["mediation.dispute_kind"])))
    for said in ("新增“宗族纠纷”", "改名：“宗族纠纷”改为“家族纠纷”", "排序：“家族纠纷”上移", "停用"):
        assert said in page
    actions = AuditLog.objects.filter(action=AuditLog.Action.DICTIONARY).order_by("id")
    assert [a.detail for a in actions] == ["新增", "改名：原名“宗族纠纷”", "上移", "停用"]
    assert all(a.user == world.sysadmin and a.target.startswith("纠纷类型：") for a in actions)


def test_a_disabled_entry_stays_on_old_records_and_is_refused_for_new_ones(client, world):
    old = make_dispute(world, kind=Dispute.Kind.LAND)
    client.force_login(world.sysadmin)
    change(client, "disable", entry=entry("土地承包").pk)

    client.force_login(world.clerk_a)
    assert "土地承包" in text(client.get(reverse("ledger:detail", args=["disputes", old.pk])))
    # The old record's form still holds it (marked), and saving the record keeps it.
    form = client.get(reverse("ledger:edit", args=["disputes", old.pk])).content.decode()
    assert "土地承包（已停用）" in form
    new_form = client.get(reverse("ledger:create", args=["disputes"])).content.decode()
    assert "土地承包" not in new_form and "邻里纠纷" in new_form

    rows = [DISPUTE_HEADER, dispute_row(1, kind="土地承包")]
    result = import_rows(world, rows)
    assert not result.committed
    [error] = result.errors
    assert (error.row, error.column) == (2, "纠纷类型")
    assert "“土地承包”已停用" in error.message

    # An export of the old record imported back keeps its disabled kind without complaint.
    buf = io.BytesIO()
    excel.write_export(DISPUTES, Dispute.objects.filter(pk=old.pk), buf, reveal=False)
    sheet = load_workbook(io.BytesIO(buf.getvalue())).active
    values = list(sheet.values)
    result = import_rows(world, [list(values[0]), list(values[1])])
    assert not result.errors and result.unchanged == 1


def test_it_imports_by_label_and_names_the_row_and_column_of_an_unknown_one(world):
    Entry.objects.filter(code=Dispute.Kind.NEIGHBOUR, dictionary="mediation.dispute_kind").update(
        label="邻里矛盾"
    )
    store.forget()
    result = import_rows(
        world, [DISPUTE_HEADER, dispute_row(1, kind="邻里矛盾"), dispute_row(2, kind="打架")]
    )
    [error] = result.errors
    assert (error.row, error.column) == (3, "纠纷类型")
    assert error.message.startswith("“打架”不在数据字典“纠纷类型”中，可选：婚姻家庭、邻里矛盾")
    result = import_rows(world, [DISPUTE_HEADER, dispute_row(1, kind="邻里矛盾")])
    assert result.committed
    assert Dispute.objects.get().kind == Dispute.Kind.NEIGHBOUR


def test_the_export_template_filters_and_api_use_the_labels(client, world):
    Entry.objects.filter(dictionary="mediation.dispute_kind", code=Dispute.Kind.NEIGHBOUR).update(
        label="邻里矛盾"
    )
    Entry.objects.filter(dictionary="mediation.dispute_kind", code=Dispute.Kind.LAND).update(active=False)
    store.forget()
    dispute = make_dispute(world)

    buf = io.BytesIO()
    excel.write_export(DISPUTES, Dispute.objects.all(), buf, reveal=False)
    header, row = list(load_workbook(io.BytesIO(buf.getvalue())).active.values)
    assert row[header.index("纠纷类型*")] == "邻里矛盾"

    buf = io.BytesIO()
    excel.write_template(DISPUTES, buf)
    help_rows = list(load_workbook(io.BytesIO(buf.getvalue()))["填写说明"].values)
    kinds = next(r for r in help_rows if r[0] == "纠纷类型")[2]
    assert "邻里矛盾" in kinds and "土地承包" not in kinds

    client.force_login(world.clerk_a)
    page = client.get(reverse("ledger:list", args=["disputes"])).content.decode()
    kind_select = re.search(r'<select name="kind".*?</select>', page, re.S).group(0)
    options = re.findall(r"<option[^>]*>([^<]*)</option>", kind_select)
    assert options[0] == "全部" and options.count("全部") == 1
    assert "---------" not in page
    assert "邻里矛盾" in options and "土地承包（已停用）" in options
    assert dispute.applicant in text(
        client.get(reverse("ledger:list", args=["disputes"]) + "?kind=neighbour")
    )

    client.force_login(world.clerk_a)
    answer = client.get(f"/api/v1/ledgers/disputes/{dispute.pk}").json()
    assert (answer["kind"], answer["kind_label"]) == (Dispute.Kind.NEIGHBOUR, "邻里矛盾")


def test_a_disabled_entry_is_refused_by_the_api_for_a_new_record(client, world):
    Entry.objects.filter(dictionary="mediation.dispute_kind", code=Dispute.Kind.LAND).update(active=False)
    client.force_login(world.clerk_a)
    body = {
        "registered_on": "2025-03-05",
        "kind": "土地承包",
        "village": world.village_a.pk,
        "applicant": "张三",
        "summary": "地界",
    }
    response = client.post("/api/v1/ledgers/disputes/", body, content_type="application/json")
    assert response.status_code == 422
    assert "已停用" in str(response.json())


def test_an_unchanged_export_imported_back_writes_no_history(client, world):
    for n in range(3):
        make_dispute(world, applicant=f"当事人{n}", amount=Decimal("5000"))
    before = Dispute.history.count()
    buf = io.BytesIO()
    excel.write_export(DISPUTES, Dispute.objects.all(), buf, reveal=False)
    values = [list(r) for r in load_workbook(io.BytesIO(buf.getvalue())).active.values]
    result = import_rows(world, values)
    assert result.committed and (result.updates, result.unchanged) == (0, 3)
    assert Dispute.history.count() == before
    assert set(Dispute.objects.values_list("version", flat=True)) == {1}

    values[1][values[0].index("纠纷简要情况*")] = "改过的情况"
    result = import_rows(world, values)
    assert (result.updates, result.unchanged) == (1, 2)
    latest = Dispute.history.order_by("-history_id").first()
    assert latest.history_change_reason == "导入"  # one word, not "导入 导入：…"


def test_amounts_read_the_same_in_list_detail_history_and_export(client, world):
    dispute = make_dispute(world, amount=Decimal("5000"))
    nothing = make_dispute(world, applicant="李四", amount=Decimal("0"))
    client.force_login(world.clerk_a)
    listing = text(client.get(reverse("ledger:list", args=["disputes"]) + "?sort=-amount"))
    assert "5,000.00" in listing and "0.00" not in listing.replace("5,000.00", "")
    detail = text(client.get(reverse("ledger:detail", args=["disputes", dispute.pk])))
    assert "涉及金额（元） 5,000.00" in detail
    assert "涉及金额（元） —" in text(client.get(reverse("ledger:detail", args=["disputes", nothing.pk])))

    buf = io.BytesIO()
    excel.write_export(DISPUTES, Dispute.objects.order_by("-amount"), buf, reveal=False)
    sheet = load_workbook(io.BytesIO(buf.getvalue())).active
    header = [c.value for c in sheet[1]]
    column = header.index("涉及金额（元）") + 1
    filled, zero = sheet.cell(2, column), sheet.cell(3, column)
    assert filled.value == 5000 and filled.number_format == excel.MONEY_FORMAT
    assert zero.value == 0 and zero.number_format.endswith('"—"')


def test_the_import_template_describes_the_step_column_of_a_procedure(world):
    ledger = next(lg for lg in registry.all_ledgers() if lg.procedure is not None)
    buf = io.BytesIO()
    excel.write_template(ledger, buf)
    book = load_workbook(io.BytesIO(buf.getvalue()))
    assert "办理环节" in [c.value for c in book.active[1]]
    [step_help] = [r for r in book["填写说明"].values if r[0] == "办理环节"]
    first_label = ledger.procedure.choices()[0][1]
    assert first_label in step_help[2] and "不填则为" in step_help[2]
