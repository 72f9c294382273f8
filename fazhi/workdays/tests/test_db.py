"""Overrides entered by an administrator, the DB-backed calendar, the admin and the command."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from fazhi.orgs.models import User
from fazhi.workdays import deadlines
from fazhi.workdays.models import DayOverride


@pytest.fixture(autouse=True)
def fresh_calendar():
    deadlines.clear_cache()
    yield
    deadlines.clear_cache()


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.django_db
def test_it_lets_an_admin_override_win_over_the_package():
    assert deadlines.add(date(2025, 9, 30), 1).date == date(2025, 10, 9)
    DayOverride.objects.create(date=date(2025, 10, 9), is_workday=False, name="临时调整")
    due = deadlines.add(date(2025, 9, 30), 1)
    assert due.date == date(2025, 10, 10)
    assert "国庆节、中秋节、临时调整 2025-10-01至2025-10-09" in due.explain()


@pytest.mark.django_db
def test_it_makes_a_year_known_once_its_schedule_is_entered():
    assert deadlines.add(date(2031, 3, 3), 5).provisional
    DayOverride.objects.create(date=date(2031, 1, 1), is_workday=False, name="元旦")
    DayOverride.objects.create(date=date(2031, 3, 8), is_workday=True, name="调休上班")
    due = deadlines.add(date(2031, 3, 3), 5)
    assert not due.provisional
    assert due.date == date(2031, 3, 8)
    assert deadlines.is_workday(date(2031, 3, 8))


@pytest.mark.django_db
def test_it_forgets_a_deleted_override_and_keeps_its_history():
    row = DayOverride.objects.create(date=date(2025, 10, 9), is_workday=False, name="临时调整")
    assert not deadlines.is_workday(date(2025, 10, 9))
    row.name = "临时休息"
    row.save()
    row.delete()
    assert deadlines.is_workday(date(2025, 10, 9))
    assert DayOverride.history.filter(date=date(2025, 10, 9)).count() == 3


@pytest.mark.django_db
def test_it_lets_a_superuser_enter_an_override_in_the_admin(client):
    admin = User.objects.create_superuser("root", password="x-Passw0rd!", must_change_password=False)
    client.force_login(admin)
    response = client.post(
        "/admin/workdays/dayoverride/add/",
        {"date": "2031-10-01", "is_workday": "", "name": "国庆节", "note": "国办发明电〔2030〕"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = DayOverride.objects.get(date=date(2031, 10, 1))
    assert row.created_by == admin
    assert not row.is_workday
    page = client.get("/admin/workdays/dayoverride/").content.decode()
    assert "节假日调整" in page
    assert "国庆节" in page


@pytest.mark.django_db
def test_it_keeps_a_clerk_out_of_the_override_admin(client, world):
    client.force_login(world.clerk_a)
    response = client.get("/admin/workdays/dayoverride/")
    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_it_prints_the_due_date_first_then_the_explanation():
    lines = run("add", "2025-09-26", "5")
    assert lines[0] == "2025-10-10"
    assert any("国庆节" in line and "2025-10-01至2025-10-08" in line for line in lines[1:])
    assert lines[-1] == "届满日：2025-10-10"


@pytest.mark.django_db
def test_it_counts_calendar_days_with_the_flag():
    lines = run("add", "2025-09-01", "30", "--calendar", "--rule", "行政处罚法第七十条")
    assert lines[0] == "2025-10-09"
    assert "依据：行政处罚法第七十条" in lines


@pytest.mark.django_db
def test_it_marks_a_provisional_due_date_in_the_command():
    lines = run("add", "2031-03-03", "10")
    assert lines[0] == "2031-03-17"
    assert "暂定" in "\n".join(lines)


@pytest.mark.django_db
def test_it_says_whether_a_day_is_a_working_day():
    assert run("is", "2025-10-11") == ["2025-10-11 工作日（国庆节调休上班）"]
    assert run("is", "2025-10-01") == ["2025-10-01 休息日（国庆节）"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2025-13-01", "5"), "日期格式不正确"),
        (("add", "2025-09-01", "五"), "天数应为整数"),
        (("add", "2025-09-01", "-3"), "天数不能为负数"),
        (("add", "2025-09-01", "100000"), "超出"),
        (("is", "明天"), "日期格式不正确"),
    ],
)
def test_it_rejects_bad_input_in_chinese(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
