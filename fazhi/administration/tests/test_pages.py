"""The administrators' own pages (issue 14 item 1): each page for exactly its roles, the org
tree's changes, accounts and one-time passwords, role assignment under 三权分立 with
re-authentication, line-system mappings by field label, periods, security settings, holidays."""

import datetime as dt
import html
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.conftest import PASSWORD, make_user
from fazhi.ledger import procedures
from fazhi.ledger.models import LineSource, ProcedureSetting
from fazhi.orgs.models import AuditLog, Department, Level, OrgUnit, SecuritySettings, User
from fazhi.workdays.models import DayOverride

pytestmark = pytest.mark.django_db
A = AuditLog.Action
PERSONAS = [
    "clerk_a",
    "reviewer_a",
    "leader_a",
    "clerk_b",
    "county_user",
    "sysadmin",
    "secadmin",
    "auditadmin",
]


def configurable_period():
    return next(p for p in procedures.all_periods() if p.configurable)


def pages(w) -> dict[str, tuple[str, set[str]]]:
    """Page → (url, personas that may open it)."""
    source = LineSource.objects.create(
        code="zhjz", name="智慧矫正", ledger="correction-persons", key_column="编号", mapping={"姓名": "name"}
    )
    sysadmin, secadmin = {"sysadmin"}, {"secadmin"}
    department = Department.objects.create(org=w.town_a, name="党政办")
    return {
        "departments": (reverse("manage:departments"), sysadmin),
        "department": (reverse("manage:department", args=[department.pk]), sysadmin),
        "org_tree": (reverse("manage:org_tree"), sysadmin),
        "org_unit": (reverse("manage:org_unit", args=[w.town_a.pk]), sysadmin),
        "users": (reverse("manage:users"), sysadmin),
        "users_export": (reverse("manage:users_export"), sysadmin),
        "user_create": (reverse("manage:user_create"), sysadmin),
        "user_edit": (reverse("manage:user_edit", args=[w.clerk_a.pk]), sysadmin),
        "role_users": (reverse("manage:role_users"), secadmin),
        "role_catalogue": (reverse("manage:role_catalogue"), secadmin),
        "role_assign": (reverse("manage:role_assign", args=[w.clerk_a.pk]), secadmin),
        "line_sources": (reverse("manage:line_sources"), sysadmin),
        "line_source_create": (reverse("manage:line_source_create"), sysadmin),
        "line_source_edit": (reverse("manage:line_source_edit", args=[source.pk]), sysadmin),
        "periods": (reverse("manage:periods"), sysadmin),
        "period_edit": (reverse("manage:period_edit", args=[configurable_period().key]), sysadmin),
        "security": (reverse("manage:security"), secadmin),
        "holidays": (reverse("manage:holidays"), sysadmin),
        "login_log_export": (reverse("login_log_export"), {"auditadmin"}),
    }


def sudo(client):
    session = client.session
    session["sudo_until"] = timezone.now().timestamp() + 600
    session.save()


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_opens_each_administration_page_to_its_roles_only(client, world, persona):
    user = getattr(world, persona)
    client.force_login(user)
    sudo(client)
    wrong = []
    for name, (url, allowed) in pages(world).items():
        response = client.get(url)
        want = 200 if persona in allowed else 403
        if response.status_code != want:
            wrong.append(f"{name}: {response.status_code}, expected {want}")
        if (
            want == 403
            and name != "login_log_export"
            and "您的角色不能使用此管理页面" not in response.content.decode()
        ):
            wrong.append(f"{name}: the refusal does not say why in Chinese")
    assert wrong == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_each_role_only_its_own_administration_menu(client, world, persona):
    client.force_login(getattr(world, persona))
    page = client.get("/accounts/tokens/").content.decode()
    menu = {
        "组织架构": "sysadmin",
        "用户管理": "sysadmin",
        "部门管理": "sysadmin",
        "条线系统设置": "sysadmin",
        "期限设置": "sysadmin",
        "节假日调整": "sysadmin",
        "角色分配": "secadmin",
        "安全设置": "secadmin",
    }
    shown = {label for label in menu if f">{label}</a>" in page}
    assert shown == {label for label, who in menu.items() if who == persona}
    assert reverse("admin:index") not in page


def test_it_keeps_the_django_admin_for_superusers_only(client, world):
    for persona in ("sysadmin", "secadmin", "auditadmin", "clerk_a"):
        client.force_login(getattr(world, persona))
        assert client.get("/admin/").status_code == 302, persona
        assert client.get("/admin/orgs/user/").status_code == 302, persona
    root = User.objects.create_superuser("root", password=PASSWORD, must_change_password=False)
    client.force_login(root)
    assert client.get("/admin/orgs/user/").status_code == 200
    assert reverse("admin:index") in client.get("/accounts/tokens/").content.decode()


# ------------------------------------------------------------------------------------ org tree


def unit_op(client, unit, op, **data):
    return client.post(
        reverse("manage:org_unit", args=[unit.pk]),
        {"op": op, **{f"{op}-{k}": v for k, v in data.items()}},
    )


def test_it_shows_the_org_tree_with_every_level_nested(client, world):
    client.force_login(world.sysadmin)
    page = client.get(reverse("manage:org_tree")).content.decode()
    for unit in (world.county, world.town_a, world.village_a, world.grid_a, world.town_b):
        assert unit.name in page
    # The grid sits inside the village's list, which sits inside the township's.
    assert page.index("甲镇") < page.index("甲一村") < page.index("甲一村第1网格") < page.index("乙乡")


def test_it_lets_the_system_administrator_build_a_village_and_rename_it(client, world):
    client.force_login(world.sysadmin)
    response = unit_op(client, world.town_a, "add", code="TCA09", name="新建村")
    assert response.status_code == 302
    village = OrgUnit.objects.get(code="TCA09")
    assert (village.level, village.parent, village.path) == (Level.VILLAGE, world.town_a, "TC/TCA/TCA09/")
    unit_op(client, village, "rename", name="新建社区")
    village.refresh_from_db()
    assert village.name == "新建社区"
    rows = AuditLog.objects.filter(action=A.ORG_CHANGE).order_by("id")
    assert [r.detail for r in rows] == [
        "在“甲镇”下添加村（社区）“新建村”（编码 TCA09）",
        "改名：“新建村”改为“新建社区”",
    ]
    assert {r.username for r in rows} == {"sysadmin"}


def test_it_refuses_a_duplicate_code_naming_the_field(client, world):
    client.force_login(world.sysadmin)
    response = unit_op(client, world.town_a, "add", code="TCA01", name="重复村")
    assert response.status_code == 400
    assert "编码：编码“TCA01”已被其他单位使用" in response.content.decode()


def test_it_moves_a_village_with_its_grids_to_another_township(client, world):
    client.force_login(world.sysadmin)
    response = unit_op(client, world.village_a, "move", parent=world.town_b.pk)
    assert response.status_code == 302
    world.grid_a.refresh_from_db()
    assert world.grid_a.path == "TC/TCB/TCA01/TCA0101/"
    # Data scope follows: the other township's clerk now sees the grid, the old one does not.
    assert OrgUnit.objects.visible_to(world.clerk_b).filter(pk=world.grid_a.pk).exists()
    assert not OrgUnit.objects.visible_to(world.clerk_a).filter(pk=world.grid_a.pk).exists()
    assert AuditLog.objects.get(action=A.ORG_CHANGE).detail == "移动：从“甲镇”移到“乙乡”之下"


def test_it_refuses_a_move_that_would_make_a_cycle(client, world):
    client.force_login(world.sysadmin)
    response = unit_op(client, world.town_a, "move", parent=world.grid_a.pk)
    assert "不能把“甲镇”移到它自己或它的下级单位之下（会形成循环）" in response.content.decode()
    world.town_a.refresh_from_db()
    assert world.town_a.parent == world.county
    response = unit_op(client, world.grid_a, "move", parent=world.town_b.pk)
    assert "网格只能放在村（社区）之下" in response.content.decode()
    assert not AuditLog.objects.filter(action=A.ORG_CHANGE).exists()


def test_it_disables_a_unit_out_of_pickers_but_keeps_it_on_old_records(client, world):
    from fazhi.ledger.tests.factories import make_dispute

    dispute = make_dispute(world, village=world.village_a)
    client.force_login(world.sysadmin)
    response = unit_op(client, world.village_a, "disable", reason="撤并")
    assert response.status_code == 302
    world.grid_a.refresh_from_db()
    assert not world.grid_a.active  # the subtree goes with it
    client.force_login(world.clerk_a)
    new_form = client.get(reverse("ledger:create", args=["disputes"])).content.decode()
    assert ">甲一村</option>" not in new_form and ">甲二村</option>" not in new_form
    old_form = client.get(reverse("ledger:edit", args=["disputes", dispute.pk])).content.decode()
    assert f'<option value="{world.village_a.pk}" selected>甲一村</option>' in old_form
    client.force_login(world.sysadmin)
    assert "甲一村</option>" not in client.get(reverse("manage:user_create")).content.decode()
    row = AuditLog.objects.get(action=A.ORG_CHANGE)
    assert row.detail == "停用单位“甲一村”及其下级共 2 个；原因：撤并"


def test_it_lists_the_users_of_a_unit(client, world):
    client.force_login(world.sysadmin)
    page = client.get(reverse("manage:org_unit", args=[world.town_a.pk])).content.decode()
    assert "clerk_a" in page and "reviewer_a" in page and "clerk_b" not in page


# ------------------------------------------------------------------------------------ accounts


def shown_password(response) -> str:
    found = re.search(r'class="one-time-password[^"]*">([^<]+)</code>', response.content.decode())
    return html.unescape(found.group(1))


def listed(response) -> list[str]:
    return re.findall(r'<a href="/manage/users/\d+/">([^<]+)</a>', response.content.decode())


def test_it_filters_users_by_unit_role_and_search_and_pages_them(client, world):
    client.force_login(world.sysadmin)
    url = reverse("manage:users")
    assert listed(client.get(url, {"org": world.town_a.pk})) == ["clerk_a", "leader_a", "reviewer_a"]
    assert listed(client.get(url, {"role": "clerk"})) == ["clerk_a", "clerk_b"]
    assert listed(client.get(url, {"q": "leader"})) == ["leader_a"]
    assert listed(client.get(url, {"org": world.county.pk, "role": "none"})) == []
    for n in range(35):
        make_user(f"extra{n:02d}", world.village_b, "clerk")
    first = client.get(url, {"org": world.town_b.pk})
    assert "共 36 个账号" in first.content.decode() and "1 / 2" in first.content.decode()
    second = listed(client.get(url, {"org": world.town_b.pk, "page": 2}))
    assert len(second) == 6 and "extra34" in second and "extra00" not in second


def test_it_exports_the_filtered_users_to_excel(client, world):
    client.force_login(world.sysadmin)
    response = client.get(reverse("manage:users_export"), {"org": world.town_a.pk, "role": "clerk"})
    assert response.status_code == 200
    assert (
        "用户列表-甲镇-台账填报员" in response["Content-Disposition"]
        or "filename*" in response["Content-Disposition"]
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("账号", "姓名", "单位", "职务", "角色")
    assert [r[0] for r in rows[1:]] == ["clerk_a"]
    assert rows[1][4] == "台账填报员" and rows[1][5] == "在用"
    assert sheet.freeze_panes == "A2"
    row = AuditLog.objects.get(action=A.EXPORT)
    assert row.target == "用户列表" and "单位=甲镇" in row.detail


def test_it_creates_an_account_whose_one_time_password_must_be_changed(client, world):
    client.force_login(world.sysadmin)
    response = client.post(
        reverse("manage:user_create"),
        {
            "username": "clerk_new",
            "full_name": "新同事",
            "title": "党政办",
            "org": world.village_a.pk,
            "email": "",
        },
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "只显示这一次" in response.content.decode()
    password = shown_password(response)
    created = User.objects.get(username="clerk_new")
    assert created.must_change_password and created.org == world.village_a and not created.groups.exists()
    row = AuditLog.objects.get(action=A.ACCOUNT_CREATE, target="clerk_new")
    assert row.username == "sysadmin"
    client.logout()
    assert client.post("/accounts/login/", {"username": "clerk_new", "password": password}).status_code == 302
    assert client.get("/").headers["Location"] == "/accounts/password/"
    new = "Eigenes-Passw0rt!9"
    client.post("/accounts/password/", {"old_password": password, "new_password1": new, "new_password2": new})
    created.refresh_from_db()
    assert not created.must_change_password and client.get("/").status_code == 200


def test_it_refuses_an_account_without_name_or_unit_naming_the_fields(client, world):
    client.force_login(world.sysadmin)
    response = client.post(reverse("manage:user_create"), {"username": "x", "full_name": "", "org": ""})
    page = response.content.decode()
    assert "姓名：这个字段是必填项。" in page and "所属单位：这个字段是必填项。" in page
    assert not User.objects.filter(username="x").exists()


def test_it_issues_a_one_time_password_that_replaces_the_old_one(client, world):
    client.force_login(world.sysadmin)
    response = client.post(reverse("manage:user_otp", args=[world.reviewer_a.pk]))
    password = shown_password(response)
    world.reviewer_a.refresh_from_db()
    assert world.reviewer_a.check_password(password) and not world.reviewer_a.check_password(PASSWORD)
    assert world.reviewer_a.must_change_password
    row = AuditLog.objects.get(action=A.ONE_TIME_PASSWORD)
    assert (row.username, row.target) == ("sysadmin", "reviewer_a")


def test_it_disables_and_re_enables_an_account_but_never_its_own(client, world):
    client.force_login(world.sysadmin)
    mark = AuditLog.objects.latest("id").id
    state = reverse("manage:user_state", args=[world.clerk_a.pk])
    client.post(state, {"active": "0"})
    world.clerk_a.refresh_from_db()
    assert not world.clerk_a.is_active
    listing = client.get(reverse("manage:users"), {"status": "disabled"}).content.decode()
    assert "clerk_a" in listing and "已停用" in listing and "clerk_b" not in listing
    response = client.post(state, {"active": "1"})
    world.clerk_a.refresh_from_db()
    assert world.clerk_a.is_active and world.clerk_a.check_password(shown_password(response))
    actions = list(AuditLog.objects.filter(id__gt=mark).order_by("id").values_list("action", flat=True))
    assert actions == [A.ACCOUNT_DISABLE, A.ACCOUNT_ENABLE, A.ONE_TIME_PASSWORD]
    response = client.post(reverse("manage:user_state", args=[world.sysadmin.pk]), {"active": "0"})
    assert response.status_code == 403 and "不能对自己的账号执行此操作" in response.content.decode()
    world.sysadmin.refresh_from_db()
    assert world.sysadmin.is_active


def test_it_shows_last_login_and_lock_state(client, world):
    from fazhi.orgs.tests.test_lockout_networks import fail

    fail(client, "clerk_b", SecuritySettings.current().lockout_failures, "10.1.1.1")
    User.objects.filter(pk=world.clerk_a.pk).update(
        last_login=dt.datetime(2025, 3, 4, 9, 30, tzinfo=timezone.get_current_timezone())
    )
    client.force_login(world.sysadmin)
    page = client.get(reverse("manage:users"), {"org": world.town_b.pk}).content.decode()
    assert "已锁定" in page
    page = client.get(reverse("manage:users"), {"org": world.town_a.pk}).content.decode()
    assert "2025-03-04 09:30" in page and "已锁定" not in page


# --------------------------------------------------------------------------------------- roles


def assign(client, user, *codes):
    return client.post(reverse("manage:role_assign", args=[user.pk]), {"roles": list(codes)})


def test_it_asks_for_the_password_again_before_a_role_change(client, world):
    client.force_login(world.secadmin)
    mark = AuditLog.objects.latest("id").id
    url = reverse("manage:role_assign", args=[world.clerk_b.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("ledger:sudo"))
    response = assign(client, world.clerk_b, "reviewer")
    assert response.status_code == 302 and world.clerk_b.role_codes == {"clerk"}
    response = client.post(reverse("ledger:sudo"), {"password": PASSWORD, "next": url})
    assert response["Location"] == url
    assert assign(client, world.clerk_b, "reviewer").status_code == 302
    assert world.clerk_b.role_codes == {"reviewer"}
    rows = AuditLog.objects.filter(action=A.ROLE_CHANGE, id__gt=mark).order_by("id")
    assert [(r.username, r.detail) for r in rows] == [
        ("secadmin", "撤销角色：台账填报员"),
        ("secadmin", "授予角色：司法所审核员"),
    ]


def test_it_refuses_combinations_against_the_separation_of_duties(client, world):
    newcomer = make_user("newcomer", world.county, "county")
    client.force_login(world.secadmin)
    sudo(client)
    response = assign(client, newcomer, "sysadmin", "secadmin", "auditadmin")
    assert response.status_code == 400
    assert (
        "系统管理员、安全管理员、审计管理员互斥（三权分立），同一账号只能担任其中一个"
        in response.content.decode()
    )
    response = assign(client, newcomer, "auditadmin", "county")
    assert "审计管理员不能同时担任业务角色（县级督导），管理员不接触台账数据" in response.content.decode()
    assert newcomer.role_codes == {"county"}
    failures = AuditLog.objects.filter(action=A.ROLE_CHANGE, outcome=AuditLog.Outcome.FAILURE)
    assert failures.count() == 2 and all(r.reason for r in failures)


def test_it_refuses_anyone_their_own_roles(client, world):
    client.force_login(world.secadmin)
    sudo(client)
    response = assign(client, world.secadmin, "secadmin", "county")
    assert response.status_code == 403 and "不能修改自己的角色" in response.content.decode()
    assert world.secadmin.role_codes == {"secadmin"}


def test_it_shows_role_permissions_read_only_in_chinese(client, world):
    client.force_login(world.secadmin)
    page = client.get(reverse("manage:role_catalogue")).content.decode()
    assert "查看完整个人信息" in page and "查看用户" in page
    assert "Can " not in page and "<form" not in page.split("<main")[1]


# -------------------------------------------------------------------------------- line systems


def line_form(**extra):
    data = {"name": "智慧矫正", "code": "zhjz", "ledger": "correction-persons", "key_column": "矫正对象编号"}
    data["active"] = "on"
    data.update(extra)
    return data


def test_it_maps_line_system_columns_with_a_dropdown_of_field_labels(client, world):
    client.force_login(world.sysadmin)
    page = client.get(reverse("manage:line_source_create"), {"ledger": "correction-persons"}).content.decode()
    assert '<option value="name">姓名</option>' in page
    assert '<option value="judgment_effective_on">' in page and "judgment_effective_on</option>" not in page
    response = client.post(
        reverse("manage:line_source_create"),
        {**line_form(), "column": ["姓名（矫正对象）", "证件号码", ""], "field": ["name", "id_number", ""]},
    )
    assert response.status_code == 302
    source = LineSource.objects.get(code="zhjz")
    assert source.mapping == {"姓名（矫正对象）": "name", "证件号码": "id_number"}
    row = AuditLog.objects.get(action=A.LINE_SOURCE)
    assert "姓名（矫正对象）→姓名" in row.detail and row.target == "智慧矫正"
    page = client.get(reverse("manage:line_source_edit", args=[source.pk])).content.decode()
    assert 'value="证件号码"' in page


def test_it_refuses_a_mapping_row_without_a_field_or_twice_the_same_field(client, world):
    client.force_login(world.sysadmin)
    response = client.post(
        reverse("manage:line_source_create"),
        {**line_form(), "column": ["姓名", "证件", "名字"], "field": ["name", "", "name"]},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "第2行：请为“证件”选择台账字段" in page
    assert not LineSource.objects.exists()
    response = client.post(
        reverse("manage:line_source_create"),
        {**line_form(), "column": ["姓名", "名字"], "field": ["name", "name"]},
    )
    assert "被对应了多次" in response.content.decode()


# ------------------------------------------------------------------------- periods and security


def test_it_shows_periods_in_force_with_default_and_basis_and_audits_a_change(client, world):
    period = configurable_period()
    client.force_login(world.sysadmin)
    page = client.get(reverse("manage:periods")).content.decode()
    assert period.label in page and (period.source or "—") in page
    url = reverse("manage:period_edit", args=[period.key])
    assert client.post(url, {"days": period.days + 5, "note": "省规定第3条"}).status_code == 302
    assert procedures.days(period) == period.days + 5
    row = AuditLog.objects.get(action=A.PERIOD_SETTINGS)
    assert row.username == "sysadmin" and period.label in row.target and "省规定第3条" in row.detail
    client.post(url, {"op": "reset"})
    cache.clear()
    assert not ProcedureSetting.objects.exists() and procedures.days(period) == period.days
    assert AuditLog.objects.filter(action=A.PERIOD_SETTINGS).count() == 2
    response = client.post(url, {"days": "0", "note": ""})
    assert "天数：" in response.content.decode()


def test_it_shows_the_security_policy_in_force_and_audits_a_change(client, world):
    client.force_login(world.secadmin)
    page = client.get(reverse("manage:security")).content.decode()
    assert "密码最小长度" in page and "GB/T 22239-2019" in page and "0 安全设置" not in page
    data = {name: getattr(SecuritySettings.current(), name) for name in ("password_min_length",)}
    form = client.get(reverse("manage:security"), {"edit": 1}).context["form"]
    data = {k: v for k, v in form.initial.items() if k in form.fields and v is not False}
    data["password_min_length"] = 14
    assert client.post(reverse("manage:security"), data).status_code == 302
    assert SecuritySettings.current().password_min_length == 14
    row = AuditLog.objects.get(action=A.SETTINGS)
    assert row.detail == "密码最小长度：12 → 14" and row.username == "secadmin"
    data["password_min_length"] = 4
    response = client.post(reverse("manage:security"), data)
    assert "密码最小长度：" in response.content.decode()


# ------------------------------------------------------------------------------------ holidays


def test_it_adds_and_removes_a_holiday_override_audited(client, world):
    client.force_login(world.sysadmin)
    response = client.post(
        reverse("manage:holidays"),
        {"date": "2031-10-01", "is_workday": "", "name": "国庆节", "note": "国办发明电〔2030〕7号"},
    )
    assert response.status_code == 302
    day = DayOverride.objects.get()
    assert day.created_by == world.sysadmin
    page = client.get(reverse("manage:holidays")).content.decode()
    assert "2031 年" in page and "系统日历未收录该年" in page and "国庆节" in page
    client.post(reverse("manage:holiday_delete", args=[day.pk]))
    assert not DayOverride.objects.exists()
    details = list(AuditLog.objects.filter(action=A.HOLIDAY).order_by("id").values_list("detail", flat=True))
    assert details == ["新增：2031-10-01 国庆节（放假）", "删除：2031-10-01 国庆节（放假）"]
    response = client.post(reverse("manage:holidays"), {"date": "2031-13-01", "name": ""})
    assert "日期：" in response.content.decode()


def test_it_refuses_holiday_removal_to_the_security_administrator(client, world):
    day = DayOverride.objects.create(date=dt.date(2031, 1, 1), is_workday=False, name="元旦")
    client.force_login(world.secadmin)
    response = client.post(reverse("manage:holiday_delete", args=[day.pk]))
    assert response.status_code == 403 and DayOverride.objects.exists()


# ------------------------------------------------------------------------------------ login log


def test_it_filters_the_login_log_and_exports_the_filtered_rows(client, world):
    for name, password in (("clerk_a", PASSWORD), ("clerk_b", PASSWORD), ("clerk_b", "wrong-Passw0rd")):
        client.post("/accounts/login/", {"username": name, "password": password})
        client.logout()
    client.force_login(world.auditadmin)
    page = client.get(reverse("login_log"), {"user": "clerk_a"}).content.decode()
    assert "clerk_a" in page and ">clerk_b<" not in page
    page = client.get(reverse("login_log"), {"kind": "failure"}).content.decode()
    assert ">clerk_b<" in page and ">clerk_a<" not in page
    today = timezone.localdate()
    response = client.get(reverse("login_log_export"), {"kind": "success", "user": "clerk_b", "start": today})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("时间", "用户名", "结果")
    assert [(r[1], r[2]) for r in rows[1:]] == [("clerk_b", "成功登录")]
    tomorrow = today + dt.timedelta(days=1)
    response = client.get(reverse("login_log_export"), {"start": tomorrow.isoformat()})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 1
    response = client.get(reverse("login_log_export"), {"end": "2025-02-30"}, follow=True)
    assert "截止日期“2025-02-30”不是有效日期" in response.content.decode()
