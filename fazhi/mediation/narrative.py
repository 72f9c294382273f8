"""The mediation area's paragraphs of the annual report (see fazhi.indicators.narrative)."""

from fazhi.indicators import narrative
from fazhi.indicators.narrative import listing, nonzero, tok
from fazhi.lib.phrasing import Voice
from fazhi.mediation.models import Dispute


def _notable_many(org_ids, year) -> dict[int, str]:
    found = narrative.first_of(
        Dispute.objects.filter(
            org_id__in=org_ids, registered_on__year=year, status=Dispute.Status.SUCCEEDED
        ).select_related("village"),
        "-is_major",
        "-amount",
        "registered_on",
    )
    return {o: _told(case) for o, case in found.items()}


def _notable(org, year) -> str:
    """The largest dispute settled in the year, told without the parties' names."""
    return narrative.per_org(_notable_many, org, year, "")


def _told(case) -> str:
    if not (case.is_major or case.amount):
        return ""
    text = f"如{case.registered_on.month}月{case.village.name}一起{case.get_kind_display().removesuffix('纠纷')}纠纷"
    if case.amount:
        text += f"涉及金额{narrative.display(narrative.Figure(case.amount, '元'))}"
    text += "，经调解员多次上门做工作，双方达成"
    text += "书面调解协议" if case.agreement == Dispute.Agreement.WRITTEN else "调解协议"
    text += "并已履行。" if case.performed else "。"
    return text


def _kinds_many(org_ids, year) -> dict[int, list[str]]:
    found = narrative.most_common(
        Dispute.objects.filter(org_id__in=org_ids, registered_on__year=year), "kind", 3
    )
    labels = dict(Dispute._meta.get_field("kind").flatchoices)
    return {o: [labels.get(k, k).removesuffix("纠纷") for k in kinds] for o, kinds in found.items()}


def _kinds(org, year) -> list[str]:
    """The three most frequent kinds of dispute in the year, by name only."""
    return narrative.per_org(_kinds_many, org, year, [])


@narrative.register("mediation", "加强矛盾纠纷排查化解")
def draft(org, year) -> list[str]:
    f = narrative.figures(org, year, area="mediation")
    v = Voice(org.code, year, "mediation")
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
        level = (
            "街道、社区" if org.name.endswith("街道") else ("乡、村" if org.name.endswith("乡") else "镇、村")
        )
        paragraphs.append(f"健全{level}、网格三级调解网络，现有{network}。")
    if nonzero(f["mediation.screenings"]):
        paragraphs.append(
            v.pick(
                "screen",
                ["坚持定期排查与重点排查相结合，", "把矛盾纠纷排查纳入网格员日常走访，"],
            )
            + f"全年开展矛盾纠纷排查{tok('mediation.screenings')}，"
            + v.pick(
                "screen2",
                [
                    "对婚姻家庭、邻里、土地等易发多发纠纷逐户摸排，做到早发现、早介入、早化解。",
                    "节假日和农忙时节加密排查频次，对苗头性问题及时介入，防止小事拖大、矛盾上交。",
                ],
            )
        )
    if nonzero(f["mediation.disputes"]):
        text = f"全年受理矛盾纠纷{tok('mediation.disputes')}"
        if nonzero(f["mediation.closed"]):
            text += f"，已办结{tok('mediation.closed')}"
            if nonzero(f["mediation.resolved"]):
                text += (
                    f"，其中调解成功{tok('mediation.resolved')}，调解成功率{tok('mediation.resolution_rate')}"
                )
        if nonzero(f["mediation.amount"]):
            text += f"，涉及金额{tok('mediation.amount')}"
            if nonzero(f["mediation.recovered"]):
                text += f"，为群众挽回经济损失{tok('mediation.recovered')}"
        text += "。"
        if nonzero(f["mediation.major"]):
            text += f"对{tok('mediation.major')}重大疑难纠纷实行领导包案、联合调处"
            if nonzero(f["mediation.prevented_crime"]):
                text += f"，成功防止民转刑案件{tok('mediation.prevented_crime')}"
            text += "。"
        kinds = _kinds(org, year)
        if kinds:
            text += f"从类型看，以{'、'.join(kinds)}纠纷居多。"
        paragraphs.append(text + _notable(org, year))
    return paragraphs
