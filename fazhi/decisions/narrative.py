"""The major decisions area's paragraphs of the annual report (see fazhi.indicators.narrative)."""

from fazhi.decisions.models import Decision
from fazhi.indicators import narrative
from fazhi.indicators.narrative import nonzero, tok
from fazhi.lib.phrasing import Voice


def _examples(org_ids, year) -> dict[int, str]:
    found = narrative.first_of(
        Decision.objects.filter(org_id__in=org_ids, discussed_on__year=year).exclude(
            review_completed_on=None
        ),
        "-comments_received",
        "discussed_on",
    )
    return {o: _told(d) for o, d in found.items()}


def _example(org, year) -> str:
    """One decision taken through its full procedure, with the dates of its steps."""
    return narrative.per_org(_examples, org, year, "")


def _told(d) -> str:
    title = d.title.strip().rstrip("。").strip("“”")
    steps = []
    if d.comment_from and d.comment_to:
        days = (d.comment_to - d.comment_from).days + 1
        text = f"公开征求意见{days}日"
        if d.comments_received:
            text += f"，收到意见{d.comments_received}条"
            if d.comments_adopted:
                text += f"、采纳{d.comments_adopted}条"
        steps.append(text)
    if d.expert_on:
        steps.append("组织专家论证")
    if d.risk_report_on:
        steps.append("开展社会稳定风险评估")
    steps.append(f"{d.review_completed_on.month}月{d.review_completed_on.day}日完成合法性审查")
    steps.append(f"{d.discussed_on.month}月{d.discussed_on.day}日经{d.meeting or '政府常务会议'}集体讨论决定")
    if d.published_on:
        steps.append("决定后及时向社会公布")
    return f"如{title}一事，" + "，".join(steps) + "，决策过程全程留痕、立卷归档。"


@narrative.register("decisions", "健全依法决策机制")
def draft(org, year) -> list[str]:
    f = narrative.figures(org, year, area="decisions")
    v = Voice(org.code, year, "decisions")
    if not nonzero(f["decisions.items"]) and not nonzero(f["decisions.catalogues"]):
        return []
    text = v.pick(
        "lead",
        [
            "严格落实《重大行政决策程序暂行条例》，",
            "坚持把公众参与、专家论证、风险评估、合法性审查和集体讨论决定作为决策必经程序，",
        ],
    )
    if nonzero(f["decisions.catalogues"]):
        party = (
            "街道党工委" if org.name.endswith("街道") else ("乡党委" if org.name.endswith("乡") else "镇党委")
        )
        text += f"经{party}同意后公布年度重大行政决策事项目录{tok('decisions.catalogues')}，"
    if nonzero(f["decisions.items"]):
        text += f"全年推进重大行政决策事项{tok('decisions.items')}"
        if nonzero(f["decisions.decided"]):
            text += f"，经集体讨论作出决策{tok('decisions.decided')}"
            if nonzero(f["decisions.decided_reviewed"]):
                text += f"，决策前合法性审查率{tok('decisions.review_rate')}"
        text += "。"
    else:
        text = text.rstrip("，") + "。"
    steps = []
    for label, code in (
        ("公开征求意见", "decisions.public_participation"),
        ("组织专家论证", "decisions.expert"),
        ("开展风险评估", "decisions.risk"),
    ):
        if nonzero(f[code]):
            steps.append(f"{label}{tok(code)}")
    if steps:
        text += "其中" + "、".join(steps) + "。"
    paragraphs = [text]
    after = []
    if nonzero(f["decisions.published"]):
        after.append(f"决策结果公开{tok('decisions.published')}")
    if nonzero(f["decisions.archived"]):
        after.append(f"全过程材料归档{tok('decisions.archived')}，程序完备率{tok('decisions.completeness')}")
    if nonzero(f["decisions.evaluated"]):
        after.append(f"对实施满一年的决策开展后评估{tok('decisions.evaluated')}")
    example = _example(org, year)
    if after or example:
        paragraphs.append(("；".join(after) + "。" if after else "") + example)
    if paragraphs:
        paragraphs.append(
            v.some(
                "measure",
                [
                    "决策事项由承办单位拟订方案后，依次履行法定程序，未经合法性审查或者经审查不合法的，不提交会议讨论，决策草案向社会公开时一并说明起草背景。",
                    "把决策程序落实情况作为督查内容，决策作出后跟踪执行效果，对群众反映集中的问题及时调整完善。",
                ],
            )
        )
    return paragraphs
