"""本月无: a township states that a ledger had nothing for a month, never for a filled or future one."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.ledger.models import NilReturn
from fazhi.ledger.tests.factories import make_dispute
from fazhi.orgs.models import AuditLog

pytestmark = pytest.mark.django_db


def past_month():
    first = timezone.localdate().replace(day=1)
    last = first - dt.timedelta(days=1)
    return last.year, last.month


def declare(client, year, month, code="disputes", **extra):
    return client.post(
        reverse("ledger:nil_declare", args=[code]), {"year": year, "month": month, **extra}, follow=True
    )


def test_it_declares_a_past_month_empty(client, world):
    year, month = past_month()
    client.force_login(world.clerk_a)
    response = declare(client, year, month)
    assert f"已申报矛盾纠纷 {year}年{month}月“本月无”" in response.content.decode()
    assert NilReturn.objects.filter(org=world.town_a, ledger="disputes", year=year, month=month).exists()
    assert AuditLog.objects.filter(action="nil_return", username="clerk_a").exists()
    response = declare(client, year, month, withdraw="1")
    assert "已撤回" in response.content.decode()
    assert not NilReturn.objects.exists()


def test_it_refuses_a_month_that_has_records(client, world):
    year, month = past_month()
    make_dispute(world, registered_on=dt.date(year, month, 1))
    client.force_login(world.clerk_a)
    response = declare(client, year, month)
    assert f"{year}年{month}月已有矛盾纠纷记录，不能申报本月无" in response.content.decode()
    assert not NilReturn.objects.exists()


def test_it_refuses_a_future_month(client, world):
    today = timezone.localdate()
    nxt = (today.replace(day=28) + dt.timedelta(days=5)).replace(day=1)
    client.force_login(world.clerk_a)
    response = declare(client, nxt.year, nxt.month)
    assert "不能为尚未到来的月份申报本月无" in response.content.decode()
    response = declare(client, today.year, 13)
    assert "年度或月份不正确" in response.content.decode()
    assert not NilReturn.objects.exists()


def test_it_removes_the_declaration_when_a_record_arrives_later(client, world):
    year, month = past_month()
    client.force_login(world.clerk_a)
    declare(client, year, month)
    form = {
        "registered_on": f"{year}-{month:02d}-03",
        "kind": "neighbour",
        "village": world.village_a.pk,
        "applicant": "补录",
        "summary": "月底补录的纠纷",
        "source": "application",
        "amount": "0",
        "recovered": "0",
        "status": "accepted",
    }
    response = client.post(reverse("ledger:create", args=["disputes"]), form)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert not NilReturn.objects.exists()


def test_it_refuses_the_county_and_other_townships_nothing_of_theirs(client, world):
    year, month = past_month()
    client.force_login(world.county_user)
    assert (
        client.post(
            reverse("ledger:nil_declare", args=["disputes"]), {"year": year, "month": month}
        ).status_code
        == 403
    )
    client.force_login(world.clerk_b)
    declare(client, year, month)
    assert NilReturn.objects.get().org == world.town_b


def test_it_shows_the_county_both_townships_in_the_grid(client, world):
    year, month = past_month()
    client.force_login(world.clerk_a)
    declare(client, year, month)
    make_dispute(world, org=world.town_b, registered_on=dt.date(year, month, 2))
    client.force_login(world.county_user)
    response = client.get(reverse("ledger:nil_returns") + f"?year={year}")
    page = response.content.decode()
    assert "甲镇" in page and "乙乡" in page
    grid = dict(response.context["grid"])
    rows = {org.name: cells for org, cells in grid[next(lg for lg in grid if lg.code == "disputes")]}
    assert rows["甲镇"][month - 1].state == "nil"
    assert rows["乙乡"][month - 1].state == "filled"
    client.force_login(world.clerk_a)
    response = client.get(reverse("ledger:nil_returns") + f"?year={year}")
    assert "乙乡" not in response.content.decode()
