"""The petitions area's paragraphs of the annual report (see fazhi.indicators.narrative)."""

from fazhi.indicators import narrative
from fazhi.indicators.narrative import nonzero, tok
from fazhi.lib.phrasing import Voice
from fazhi.petitions.models import Petition, ReceptionDay


def _examples(org_ids, year) -> dict[int, str]:
    found = narrative.first_of(
        Petition.objects.filter(
            org_id__in=org_ids,
            concluded_on__year=year,
            result__in=[Petition.Result.SUPPORT, Petition.Result.SETTLED, Petition.Result.PARTIAL],
        ).select_related("village"),
        "-people",
        "concluded_on",
    )
    return {o: _told(p) for o, p in found.items()}


def _example(org, year) -> str:
    """A petition settled or supported, told by its village and category only."""
    return narrative.per_org(_examples, org, year, "")


def _told(p) -> str:
    where = p.village.name if p.village_id else "辖区"
    days = (p.concluded_on - p.received_on).days
    people = f"{p.people}名群众" if p.people > 1 else "群众"
    return (
        f"{p.received_on.month}月{where}{people}反映{p.get_category_display()}方面的问题，"
        f"包案领导牵头调查核实，{days}日内出具处理意见，结果为{p.get_result_display()}。"
    )


def _categories_many(org_ids, year) -> dict[int, list[str]]:
    found = narrative.most_common(
        Petition.objects.filter(org_id__in=org_ids, received_on__year=year).exclude(
            category=Petition.Category.OTHER
        ),
        "category",
        3,
    )
    labels = dict(Petition._meta.get_field("category").flatchoices)
    return {o: [labels[c] for c in cats] for o, cats in found.items()}


def _categories(org, year) -> list[str]:
    """The three categories petitioned about most often in the year."""
    return narrative.per_org(_categories_many, org, year, [])


def _busiest_days(org_ids, year) -> dict[int, ReceptionDay]:
    return narrative.first_of(
        ReceptionDay.objects.filter(org_id__in=org_ids, held_on__year=year).exclude(issues=""), "-batches"
    )


@narrative.register("petitions", "依法规范办理信访事项")
def draft(org, year) -> list[str]:
    f = narrative.figures(org, year, area="petitions")
    v = Voice(org.code, year, "petitions")
    paragraphs = []
    if nonzero(f["petitions.received"]):
        text = v.pick(
            "lead",
            ["推进信访工作法治化，", "落实《信访工作条例》，坚持依法分类处理信访诉求，"],
        )
        text += f"全年受理信访事项{tok('petitions.received')}"
        ways = []
        for label, code in (
            ("来访", "petitions.visits"),
            ("网上信访", "petitions.online"),
            ("上级转送交办", "petitions.referred"),
        ):
            if nonzero(f[code]):
                ways.append(f"{label}{tok(code)}")
        if ways:
            text += f"（{'、'.join(ways)}）"
        if nonzero(f["petitions.notified_on_time"]):
            text += f"，15日内书面告知的比例为{tok('petitions.notice_rate')}"
        if nonzero(f["petitions.concluded"]):
            text += f"；已出具处理意见{tok('petitions.concluded')}"
            if nonzero(f["petitions.concluded_on_time"]):
                text += f"，按期办结率{tok('petitions.on_time_rate')}"
        text += "。"
        if nonzero(f["petitions.to_disputes"]):
            text += f"对属于民间纠纷的{tok('petitions.to_disputes')}，引导转入人民调解程序化解。"
        cats = _categories(org, year)
        if cats:
            text += f"反映的问题主要集中在{'、'.join(cats)}等方面。"
        paragraphs.append(text + _example(org, year))
    if nonzero(f["petitions.reception_days"]):
        text = f"落实领导干部接访下访制度，班子成员轮流接访{tok('petitions.reception_days')}"
        if nonzero(f["petitions.reception_batches"]):
            text += f"，接待群众{tok('petitions.reception_batches')}"
            if nonzero(f["petitions.reception_visitors"]):
                text += f"、{tok('petitions.reception_visitors')}"
        if nonzero(f["petitions.reception_resolved"]):
            text += f"，当场解决{tok('petitions.reception_resolved')}"
        day = narrative.per_org(_busiest_days, org, year, None)
        if day is not None:
            issue = day.issues.strip().splitlines()[0].rstrip("。；;，,")
            text += f"。{day.held_on.month}月{day.held_on.day}日接访时群众集中反映{issue}等问题，当场交办相关站所限期答复"
        paragraphs.append(text + "。")
    if paragraphs:
        paragraphs.append(
            v.some(
                "measure",
                [
                    "畅通群众诉求表达渠道，实行信访事项首接负责和包案化解，疑难信访事项由班子成员牵头接访、约访、下访，做到件件有回音。",
                    "依法分类处理信访诉求，对属于行政复议、诉讼等法定途径解决的事项，引导群众依法走程序，对合理诉求限期解决到位。",
                ],
            )
        )
    return paragraphs
