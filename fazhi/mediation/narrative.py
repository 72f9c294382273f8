"""The mediation area's paragraphs of the annual report (see fazhi.indicators.narrative)."""

from fazhi.indicators import narrative
from fazhi.indicators.narrative import listing, nonzero, tok
from fazhi.mediation.models import Dispute


def _notable(org, year) -> str:
    """The largest dispute settled in the year, told without the parties' names."""
    case = (
        Dispute.objects.filter(org=org, registered_on__year=year, status=Dispute.Status.SUCCEEDED)
        .select_related("village")
        .order_by("-is_major", "-amount", "registered_on")
        .first()
    )
    if case is None or not (case.is_major or case.amount):
        return ""
    text = f"如{case.registered_on.month}月{case.village.name}一起{case.get_kind_display().removesuffix('纠纷')}纠纷"
    if case.amount:
        text += f"涉及金额{narrative.display(narrative.Figure(case.amount, '元'))}"
    text += "，经调解员多次上门做工作，双方达成"
    text += "书面调解协议" if case.agreement == Dispute.Agreement.WRITTEN else "调解协议"
    text += "并已履行。" if case.performed else "。"
    return text


@narrative.register("mediation", "加强矛盾纠纷排查化解")
def draft(org, year) -> list[str]:
    f = narrative.figures(org, year, area="mediation")
    paragraphs = []
    network = listing(
        f,
        [
            ("人民调解组织", "mediation.orgs"),
            ("人民调解员", "mediation.mediators"),
            ("网格员", "mediation.grid_workers"),
        ],
        sep="、",
    )
    if network:
        paragraphs.append(f"健全镇、村、网格三级调解网络，现有{network}。")
    if nonzero(f["mediation.screenings"]):
        paragraphs.append(
            f"坚持定期排查，全年开展矛盾纠纷排查{tok('mediation.screenings')}，做到早发现、早介入。"
        )
    if nonzero(f["mediation.disputes"]):
        text = f"全年受理矛盾纠纷{tok('mediation.disputes')}"
        if nonzero(f["mediation.closed"]):
            text += f"，已办结{tok('mediation.closed')}"
            if nonzero(f["mediation.resolved"]):
                text += (
                    f"，其中调解成功{tok('mediation.resolved')}，调解成功率{tok('mediation.resolution_rate')}"
                )
        extra = listing(f, [("涉及金额", "mediation.amount"), ("挽回经济损失", "mediation.recovered")])
        if extra:
            text += f"，{extra}"
        text += "。"
        serious = listing(
            f, [("化解重大疑难纠纷", "mediation.major"), ("防止民转刑案件", "mediation.prevented_crime")]
        )
        if serious:
            text += f"{serious}。"
        paragraphs.append(text + _notable(org, year))
    else:
        paragraphs.append("本年度台账中没有受理矛盾纠纷的记录。")
    return paragraphs
