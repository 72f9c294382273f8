"""A clerk walks a major decision in a real browser: the year's catalogue, the decision, its
steps; collective discussion is refused with the unmet conditions listed; the clerk completes
them and the decision is discussed, reported to the Party committee and published."""

import pytest

from fazhi.decisions.models import Decision
from fazhi.tests.browser.conftest import DESKTOP, log_in

pytestmark = pytest.mark.browser

CATALOGUE = "2025年度重大行政决策事项目录"
TITLE = "集镇供水管网改造工程"


def take(page, step: str, fields: dict[str, str] | None = None) -> None:
    """From the record's page: press 办理 beside `step`, fill its fields, confirm."""
    box = page.locator("#procedure .border").filter(has=page.get_by_text(step, exact=True))
    box.get_by_role("link", name="办理").click()
    page.wait_for_url("**/step/**")
    for label, value in (fields or {}).items():
        field = page.get_by_label(label, exact=True)
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    page.get_by_role("button", name="确认办理").click()


def test_it_walks_a_major_decision_from_catalogue_to_publication(open_page, world):
    page = open_page(**DESKTOP)
    log_in(page, world.clerk_a)

    page.goto("/l/decision-catalogues/new/")
    page.get_by_label("年度").fill("2025")
    page.get_by_label("目录名称").fill(CATALOGUE)
    page.get_by_label("党委同意日期").fill("2025-01-20")
    page.get_by_label("公布日期").fill("2025-01-23")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(lambda url: "/new/" not in url)

    page.goto("/l/decisions/new/")
    page.get_by_label("决策事项").fill(TITLE)
    page.get_by_label("事项类别").select_option(label="重大公共建设项目")
    page.get_by_label("启动日期").fill("2025-03-01")
    page.get_by_label("承办单位").fill("自然资源所")
    page.get_by_label("专业性技术性较强").check()
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(lambda url: "/new/" not in url)
    detail = page.url
    assert "当前环节：决策启动" in page.locator("#procedure").inner_text()

    take(page, "列入目录", {"所列事项目录": CATALOGUE})
    page.wait_for_url(detail)
    take(page, "公众参与", {"征求意见开始日期": "2025-03-03", "征求意见截止日期": "2025-04-02"})
    page.wait_for_url(detail)
    take(page, "合法性审查", {"送审日期": "2025-04-07"})
    page.wait_for_url(detail)
    assert "当前环节：合法性审查" in page.locator("#procedure").inner_text()

    # Collective discussion is refused, every unmet condition listed with its article.
    discussion = {
        "集体讨论日期": "2025-04-25",
        "会议名称": "党政联席会议",
        "会议纪要": "会议听取汇报，同意该决策草案",
        "讨论结果": "同意",
    }
    take(page, "集体讨论决定", discussion)
    refused = page.locator("#refused")
    refused.wait_for()
    listed = refused.inner_text()
    assert "不能进入“集体讨论决定”" in listed
    assert "未填写公众意见的研究采纳及反馈情况（《重大行政决策程序暂行条例》第十八条、第二十九条）" in listed
    assert "须先组织专家论证并形成论证意见（《重大行政决策程序暂行条例》第十九条）" in listed
    assert (
        "未经合法性审查（未出具审查结论），不得提交讨论（《重大行政决策程序暂行条例》第二十五条）" in listed
    )
    assert "未听取法律顾问或公职律师的意见（《重大行政决策程序暂行条例》第二十八条）" in listed
    assert Decision.objects.get().step == "review"

    # Complete them: the comment feedback, the expert argument, then the review itself.
    page.goto(detail)
    page.get_by_role("link", name="编辑").click()
    page.get_by_label("意见采纳及反馈情况").fill("收到意见12条，采纳5条，已在政府网站反馈")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(detail)
    take(
        page,
        "专家论证",
        {"专家论证日期": "2025-04-05", "论证专家": "张工、李工、王工", "专家论证意见": "技术可行"},
    )
    page.wait_for_url(detail)
    take(
        page,
        "合法性审查",
        {
            "送审日期": "2025-04-07",
            "审查完成日期": "2025-04-18",
            "审查结论": "合法",
            "合法性审查意见": "主体、权限、程序合法",
            "法律顾问（公职律师）": "赵律师",
            "法律顾问意见": "同意审查意见",
        },
    )
    page.wait_for_url(detail)
    take(page, "集体讨论决定", discussion)
    page.wait_for_url(detail)
    take(page, "报告党委", {"报告党委日期": "2025-04-28"})
    page.wait_for_url(detail)
    take(page, "公布", {"公布日期": "2025-05-06", "公布渠道": "镇政府网站"})
    page.wait_for_url(detail)

    procedure = page.locator("#procedure").inner_text()
    assert "当前环节：公布" in procedure and "归档" in procedure
    decision = Decision.objects.get()
    assert decision.step == "published" and decision.org == world.town_a
    assert decision.catalogue.title == CATALOGUE and decision.expert_opinion == "技术可行"
