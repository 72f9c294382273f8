"""The information disclosure area's paragraphs of the annual report."""

from fazhi.disclosure.models import ProactiveItem
from fazhi.indicators import narrative
from fazhi.indicators.narrative import nonzero, tok
from fazhi.lib.phrasing import Voice

_TOWNSHIP = [c for c, _ in ProactiveItem.Category.choices[:8]]


def _topics_many(org_ids, year) -> dict[int, list[str]]:
    found = narrative.most_common(
        ProactiveItem.objects.filter(org_id__in=org_ids, published_on__year=year, category__in=_TOWNSHIP),
        "category",
        4,
    )
    labels = dict(ProactiveItem.Category.choices)
    return {o: [labels[c] for c in cats] for o, cats in found.items()}


def _topics(org, year) -> list[str]:
    """The township-specific categories published most often (条例第二十一条)."""
    return narrative.per_org(_topics_many, org, year, [])


def _first_items(org_ids, year) -> dict[int, ProactiveItem]:
    return narrative.first_of(
        ProactiveItem.objects.filter(org_id__in=org_ids, published_on__year=year, category__in=_TOWNSHIP),
        "published_on",
    )


@narrative.register("disclosure", "全面推进政务公开")
def draft(org, year) -> list[str]:
    f = narrative.figures(org, year, area="disclosure")
    v = Voice(org.code, year, "disclosure")
    paragraphs = []
    if nonzero(f["disclosure.items"]):
        text = v.pick(
            "lead",
            ["坚持以公开为常态、不公开为例外，", "围绕群众关心关注的事项抓好主动公开，"],
        )
        text += f"通过政府网站、政务公开栏和村务公开栏主动公开政府信息{tok('disclosure.items')}"
        if nonzero(f["disclosure.items_township"]):
            text += f"，其中乡镇重点公开事项{tok('disclosure.items_township')}"
        text += "。"
        topics = _topics(org, year)
        if topics:
            text += f"{'、'.join(topics)}等涉及群众切身利益的信息做到及时公开、应公开尽公开。"
        item = narrative.per_org(_first_items, org, year, None)
        if item is not None:
            text += (
                f"如{item.published_on.month}月{item.published_on.day}日公开的《{item.title.strip().strip('《》')}》，"
                "在村务公开栏同步张贴，方便群众查阅。"
            )
        if nonzero(f["disclosure.items_on_time"]):
            text += (
                f"按照形成之日起20个工作日内公开的要求，应已公开的{tok('disclosure.items_due')}"
                f"中按期公开{tok('disclosure.items_on_time')}，及时率{tok('disclosure.items_on_time_rate')}。"
            )
        paragraphs.append(text)
    if nonzero(f["disclosure.requests"]):
        text = f"规范依申请公开办理，全年收到政府信息公开申请{tok('disclosure.requests')}"
        if nonzero(f["disclosure.answered"]):
            text += f"，已答复{tok('disclosure.answered')}"
            if nonzero(f["disclosure.answered_on_time"]):
                text += (
                    f"，其中按期答复{tok('disclosure.answered_on_time')}，"
                    f"按期答复率{tok('disclosure.answered_on_time_rate')}"
                )
        text += "。"
        if nonzero(f["disclosure.requests_disclosed"]):
            text += f"经审查，予以公开或告知已经公开的有{tok('disclosure.requests_disclosed')}。"
        text += v.pick(
            "req",
            ["答复文书均载明依据和救济途径。", "每件申请均书面答复并告知救济渠道。"],
        )
        paragraphs.append(text)
    if paragraphs:
        paragraphs.append(
            v.some(
                "measure",
                [
                    "编制乡镇政务公开事项标准目录，明确公开主体、公开时限和公开渠道，发布前严格履行保密审查程序，公开栏定期更新。",
                    "落实政务公开责任分工，各站所确定信息公开联络员，重要政策文件同步发布解读材料，回应群众关切。",
                ],
            )
        )
    return paragraphs
