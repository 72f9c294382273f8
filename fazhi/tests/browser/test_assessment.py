"""The county's assessment in a real browser: the county builds this year's scheme from last
year's and starts scoring, a township self-assesses with an evidence file, the county scores both
townships and publishes, and the township sees its total, grade and rank."""

import pytest

from fazhi.supervision.models import Assessment, Scheme
from fazhi.supervision.tests.factories import YEAR, scheme
from fazhi.tests.browser.conftest import DESKTOP, log_in

pytestmark = pytest.mark.browser


def test_it_builds_scores_and_publishes_an_assessment(open_page, world, tmp_path):
    scheme(world, year=YEAR - 1)
    county = open_page(**DESKTOP)
    log_in(county, world.county_user)
    county.get_by_role("link", name="考核评估").click()
    county.get_by_label("考核年度").fill(str(YEAR))
    county.get_by_label("方案名称").fill(f"{YEAR}年度乡镇法治政府建设考核方案")
    county.get_by_label("复制方案").select_option(label=f"{YEAR - 1}年度乡镇法治政府建设考核")
    county.get_by_role("button", name="建立方案").click()
    county.get_by_text("请检查和修改考核项目").wait_for()
    assert county.locator("#scheme-items").get_by_role("cell", name="逾期未整改", exact=True).is_visible()
    county.get_by_role("button", name="开始评分（冻结方案并固定数据）").click()
    county.get_by_text("已开始评分").wait_for()
    new = Scheme.objects.get(year=YEAR)
    assert new.state == Scheme.State.SCORING

    town = open_page(**DESKTOP)
    log_in(town, world.clerk_a)
    town.goto(f"/supervision/assessments/{new.pk}/")
    town.locator("#my-sheet").click()
    town.get_by_label("2 自评得分", exact=True).fill("68")
    town.get_by_label("2 自评说明", exact=True).fill("书记、镇长均已年终述法")
    evidence = tmp_path / "述法报告.txt"
    evidence.write_text("述法报告全文", encoding="utf-8")
    town.get_by_label("2 佐证材料", exact=True).set_input_files(str(evidence))
    town.get_by_role("button", name="提交自评").click()
    town.get_by_text("自评已提交县依法治县办").wait_for()
    assert town.get_by_role("link", name="述法报告.txt").is_visible()

    for org, points in ((world.town_a, "66"), (world.town_b, "52")):
        county.goto(f"/supervision/assessments/{new.pk}/{org.code}/")
        if org == world.town_a:
            assert county.get_by_text("自评 68 分").is_visible()
            assert county.get_by_role("link", name="述法报告.txt").is_visible()
        county.get_by_label("2 县级评分", exact=True).fill(points)
        county.get_by_label("2 评分理由", exact=True).fill("述法报告完整，问题清单具体")
        county.get_by_label("3 县级评分", exact=True).fill("0")
        county.get_by_label("3 评分理由", exact=True).fill("本年度无创新做法推广")
        county.get_by_label("评语").fill("基础工作扎实")
        county.get_by_role("button", name="保存评分").click()
        county.get_by_text(f"已保存对{org.name}的评分").wait_for()
    county.goto(f"/supervision/assessments/{new.pk}/")
    county.get_by_role("button", name="公布考核结果").click()
    county.get_by_text("已公布考核结果").wait_for()
    rows = county.locator("#results tbody tr").all_inner_texts()
    assert rows[0].startswith("1\t甲镇") and rows[1].startswith("2\t乙乡")

    town.goto(f"/supervision/assessments/{new.pk}/")
    mine = town.locator(".alert-info").inner_text()
    assert "总分 76.00" in mine and "等次 合格" in mine and "第 1 名" in mine
    assert Assessment.objects.get(scheme=new, org=world.town_a).comment == "基础工作扎实"
