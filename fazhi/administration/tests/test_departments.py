"""Departments (部门) managed on the system administrator's own page: list and filter, create,
rename, disable and re-enable, each with a history row and an audit row; a disabled department
leaves the record forms' pickers but stays on the records that name it. Who may open the pages
is proven with every other administration page in test_pages.py."""

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.leadership.models import Responsibility
from fazhi.ledger import registry
from fazhi.ledger.forms import form_class
from fazhi.orgs.models import AuditLog, Department

pytestmark = pytest.mark.django_db


def add(client, org, name, head=""):
    return client.post(reverse("manage:departments"), {"add-org": org.pk, "add-name": name, "add-head": head})


def op(client, department, which, **data):
    return client.post(
        reverse("manage:department", args=[department.pk]),
        {"op": which, **{f"{which}-{k}": v for k, v in data.items()}},
    )


def test_it_creates_a_department_under_a_township_with_history_and_audit(client, world):
    client.force_login(world.sysadmin)
    response = add(client, world.town_a, " 党政办 ", "王主任")
    assert response.status_code == 302
    department = Department.objects.get(org=world.town_a)
    assert (department.name, department.head, department.active) == ("党政办", "王主任", True)
    assert [h.history_change_reason for h in department.history.all()] == ["新增"]
    assert department.history.get().history_user == world.sysadmin
    entry = AuditLog.objects.get(action=AuditLog.Action.ORG_CHANGE)
    assert entry.target == "甲镇·党政办" and "王主任" in entry.detail and entry.user == world.sysadmin
    page = client.get(response.url).content.decode()
    assert "党政办" in page and "王主任" in page


def test_it_refuses_a_duplicate_name_or_a_village_naming_the_field(client, world):
    client.force_login(world.sysadmin)
    Department.objects.create(org=world.town_a, name="司法所")
    page = add(client, world.town_a, "司法所").content.decode()
    assert "部门名称：“甲镇”已有“司法所”" in page
    # The same name in another township is another department.
    assert add(client, world.town_b, "司法所").status_code == 302
    response = add(client, world.village_a, "村委会")
    assert response.status_code == 400
    assert "所属单位：" in response.content.decode()
    assert Department.objects.count() == 2
    assert not AuditLog.objects.filter(action=AuditLog.Action.ORG_CHANGE, target__contains="村委会").exists()


def test_it_filters_departments_by_unit_status_and_search(client, world):
    client.force_login(world.sysadmin)
    Department.objects.create(org=world.town_a, name="党政办", head="甲主任")
    Department.objects.create(org=world.town_a, name="旧农办", active=False)
    Department.objects.create(org=world.town_b, name="乙司法所")
    url = reverse("manage:departments")

    def shown(**query):
        page = client.get(url, query).content.decode()
        return {n for n in ("党政办", "旧农办", "乙司法所") if f">{n}</a>" in page}

    assert shown() == {"党政办", "旧农办", "乙司法所"}
    assert shown(org=world.town_a.pk) == {"党政办", "旧农办"}
    assert shown(org=world.town_a.pk, status="active") == {"党政办"}
    assert shown(status="disabled") == {"旧农办"}
    assert shown(q="甲主任") == {"党政办"}


def test_it_renames_a_department_and_keeps_the_old_name_in_history(client, world):
    client.force_login(world.sysadmin)
    add(client, world.town_a, "综治办")
    department = Department.objects.get()
    assert op(client, department, "edit", name="综治中心", head="李四").status_code == 302
    department.refresh_from_db()
    assert (department.name, department.head) == ("综治中心", "李四")
    reasons = [h.history_change_reason for h in department.history.order_by("history_id")]
    assert reasons[-1] == "改名：“综治办”改为“综治中心”；负责人：“未填”改为“李四”"
    audit = AuditLog.objects.filter(action=AuditLog.Action.ORG_CHANGE).latest("pk")
    assert "改名：“综治办”改为“综治中心”" in audit.detail
    page = client.get(reverse("manage:department", args=[department.pk])).content.decode()
    assert "改名：“综治办”改为“综治中心”" in page and "新增" in page
    # Saving unchanged values writes nothing.
    before = (department.history.count(), AuditLog.objects.count())
    op(client, department, "edit", name="综治中心", head="李四")
    assert (department.history.count(), AuditLog.objects.count()) == before


def test_it_refuses_a_rename_to_a_taken_name(client, world):
    client.force_login(world.sysadmin)
    Department.objects.create(org=world.town_a, name="党政办")
    other = Department.objects.create(org=world.town_a, name="司法所")
    response = op(client, other, "edit", name="党政办", head="")
    assert response.status_code == 400
    assert "部门名称：“甲镇”已有“党政办”" in response.content.decode()
    other.refresh_from_db()
    assert other.name == "司法所"


def test_it_disables_a_department_out_of_pickers_but_keeps_it_on_old_records(client, world):
    client.force_login(world.sysadmin)
    department = Department.objects.create(org=world.town_a, name="农办")
    kept = Department.objects.create(org=world.town_a, name="党政办")
    task = Responsibility.objects.create(
        org=world.town_a, task="清理涉农文件", lead_department=department, due_on=dt.date(2025, 6, 30)
    )
    assert op(client, department, "disable", reason="").status_code == 400
    assert op(client, department, "disable", reason="并入党政办").status_code == 302
    department.refresh_from_db()
    assert not department.active
    assert department.history.latest("history_id").history_change_reason == "停用：并入党政办"
    assert "并入党政办" in AuditLog.objects.latest("pk").detail

    ledger = registry.for_model(Responsibility)
    Form = form_class(ledger)
    new = Form(org=world.town_a).fields["lead_department"].queryset
    assert list(new) == [kept]
    old = Form(org=world.town_a, instance=task).fields["lead_department"].queryset
    assert set(old) == {kept, department}
    # The clerk's detail page still names it.
    client.force_login(world.clerk_a)
    assert "农办" in client.get(f"/ledgers/{ledger.code}/{task.pk}/").content.decode()

    client.force_login(world.sysadmin)
    assert op(client, department, "enable").status_code == 302
    department.refresh_from_db()
    assert department.active
    assert department.history.latest("history_id").history_change_reason == "启用"


def test_it_lists_a_townships_departments_on_its_org_page(client, world):
    client.force_login(world.sysadmin)
    Department.objects.create(org=world.town_a, name="党政办")
    assert "党政办" in client.get(reverse("manage:org_unit", args=[world.town_a.pk])).content.decode()
    village = client.get(reverse("manage:org_unit", args=[world.village_a.pk])).content.decode()
    assert "内设部门" not in village
