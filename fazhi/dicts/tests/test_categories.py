"""Figures that count some categories of a dictionary (送法下村和法治赶场, 主题日活动, 审查意见)
name seeded codes. An entry the administrator adds later counts in the totals at once, and in
such a figure only once it is filed under one of those categories (统计归类): whether a new local
category belongs to a figure is the administrator's call, recorded with history and audit."""

import pytest
from django.urls import reverse

from fazhi.dicts import store
from fazhi.dicts.models import Entry
from fazhi.indicators.registry import compute, records_behind
from fazhi.legal_education.tests.test_legal_education import YEAR, activity
from fazhi.orgs.models import AuditLog

pytestmark = pytest.mark.django_db
KINDS = "legal_education.activity_kind"


def change(client, action, **data):
    return client.post(reverse("dicts:change", args=[KINDS]), {"action": action, **data}, follow=True)


def test_a_new_entry_counts_in_totals_and_in_a_split_figure_only_once_filed(client, world):
    client.force_login(world.sysadmin)
    change(client, "add", label="法治夜市")
    night = Entry.objects.get(dictionary=KINDS, label="法治夜市")
    activity(world.town_a, kind="market_day")
    activity(world.town_a, kind=night.code)

    assert compute("legal_education.activities", world.town_a, YEAR).value == 2
    assert compute("legal_education.village_activities", world.town_a, YEAR).value == 1

    page = change(client, "file", entry=night.pk, counts_as="market_day").content.decode()
    assert "已保存“法治夜市”的统计归类" in page
    store.forget()
    assert compute("legal_education.village_activities", world.town_a, YEAR).value == 2
    behind = records_behind("legal_education.village_activities", world.town_a, YEAR)
    assert {a.kind for a in behind} == {"market_day", night.code}
    # Not counted in another split figure of the same dictionary.
    assert compute("legal_education.theme_day_activities", world.town_a, YEAR).value == 0

    night.refresh_from_db()
    assert (
        night.history.latest("history_id").history_change_reason == "统计归类：“法治夜市”归入“法治赶场”统计"
    )
    logged = AuditLog.objects.filter(action=AuditLog.Action.DICTIONARY).latest("pk")
    assert logged.target == "普法活动形式：法治夜市" and "归入“法治赶场”统计" in logged.detail

    change(client, "file", entry=night.pk, counts_as="")
    store.forget()
    assert compute("legal_education.village_activities", world.town_a, YEAR).value == 1


def test_the_page_names_the_split_figures_and_offers_filing_for_added_entries_only(client, world):
    client.force_login(world.sysadmin)
    change(client, "add", label="法治夜市")
    page = client.get(reverse("dicts:detail", args=[KINDS])).content.decode()
    assert "“送法下村和法治赶场”只统计" in page and "“宪法宣传周和主题日活动”只统计" in page
    assert 'aria-label="“法治夜市”的统计归类"' in page
    assert 'aria-label="“法治赶场”的统计归类"' not in page
    # A dictionary no figure splits shows no filing column.
    other = client.get(reverse("dicts:detail", args=["mediation.dispute_kind"])).content.decode()
    assert "统计归类" not in other


def test_it_refuses_to_file_a_seeded_entry_or_under_an_unknown_category(client, world):
    client.force_login(world.sysadmin)
    seeded = Entry.objects.get(dictionary=KINDS, code="community")
    page = change(client, "file", entry=seeded.pk, counts_as="market_day").content.decode()
    assert "是原有类别，统计口径由系统确定" in page
    change(client, "add", label="法治夜市")
    night = Entry.objects.get(dictionary=KINDS, label="法治夜市")
    page = change(client, "file", entry=night.pk, counts_as="community").content.decode()
    assert "统计归类：所选类别不是“普法活动形式”的分项统计类别" in page
    night.refresh_from_db()
    assert night.counts_as == ""


def test_a_figure_may_only_name_seeded_codes():
    with pytest.raises(ValueError):
        store.category_filter("kind", KINDS, ["no_such_code"], "不存在的分项")
