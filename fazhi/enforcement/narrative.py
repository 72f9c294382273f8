"""The enforcement area's paragraphs of the annual report (see fazhi.indicators.narrative)."""

from fazhi.enforcement.models import Case
from fazhi.indicators import narrative
from fazhi.indicators.narrative import nonzero, tok
from fazhi.lib.phrasing import Voice


def _examples(org_ids, year) -> dict[int, str]:
    found = narrative.first_of(
        Case.objects.filter(
            org_id__in=org_ids, decision_on__year=year, decision_result=Case.Result.PENALTY
        ).exclude(notice_on=None),
        "-is_major",
        "-fine",
        "decision_on",
    )
    return {o: _told(case) for o, case in found.items()}


def _example(org, year) -> str:
    """One penalty case taken through its full procedure, told without the party's name."""
    return narrative.per_org(_examples, org, year, "")


def _told(case) -> str:
    steps = [f"{case.filed_on.month}月立案" if case.filed_on else ""]
    steps.append(f"{case.notice_on.month}月{case.notice_on.day}日送达事先告知书")
    if case.hearing_held_on:
        steps.append("应当事人申请举行听证")
    if case.legal_review_on:
        steps.append("经法制审核")
    steps.append(f"{case.decision_on.month}月{case.decision_on.day}日作出处罚决定")
    if case.published_on:
        steps.append("按期在网上公示")
    party = case.get_party_kind_display()
    cause = case.cause.strip().rstrip("。").removeprefix("涉嫌")
    text = f"如办理的一起{party}{cause}案，" + "，".join(s for s in steps if s)
    if case.fine:
        text += f"，罚款{narrative.display(narrative.Figure(case.fine, '元'))}"
    return text + "，程序完整，文书齐全。"


@narrative.register("enforcement", "严格规范公正文明执法")
def draft(org, year) -> list[str]:
    f = narrative.figures(org, year, area="enforcement")
    v = Voice(org.code, year, "enforcement")
    paragraphs = []
    base = []
    if nonzero(f["enforcement.matters"]):
        text = f"梳理公布镇级执法事项{tok('enforcement.matters')}"
        if nonzero(f["enforcement.matters_handed_down"]):
            text += f"，其中承接省级下放事项{tok('enforcement.matters_handed_down')}"
        base.append(text)
    if nonzero(f["enforcement.certified_officers"]):
        base.append(f"持有效证件的执法人员{tok('enforcement.certified_officers')}全部持证上岗")
    if nonzero(f["enforcement.trainings"]):
        text = f"组织执法业务培训{tok('enforcement.trainings')}"
        if nonzero(f["enforcement.exam_sat"]):
            text += f"，执法人员参加考试{tok('enforcement.exam_sat')}"
            if nonzero(f["enforcement.exam_passed"]):
                text += f"、合格{tok('enforcement.exam_passed')}，合格率{tok('enforcement.exam_pass_rate')}"
        base.append(text)
    if base:
        lead = v.pick(
            "lead",
            [
                "推进综合行政执法改革落地，",
                "围绕综合行政执法改革，着力建强执法队伍，",
                "把执法规范化建设作为法治政府建设的重点，",
            ],
        )
        paragraphs.append(lead + "，".join(base) + "。")
    if nonzero(f["enforcement.cases"]):
        kinds = []
        for label, code in (
            ("行政处罚", "enforcement.cases_penalty"),
            ("行政强制", "enforcement.cases_coercion"),
            ("行政检查", "enforcement.cases_inspection"),
        ):
            if nonzero(f[code]):
                kinds.append(f"{label}{tok(code)}")
        text = f"全年办理行政执法案件{tok('enforcement.cases')}"
        if kinds:
            text += f"，包括{'、'.join(kinds)}"
        if nonzero(f["enforcement.fines"]):
            text += f"，依法收缴罚款{tok('enforcement.fines')}"
        text += "。"
        three = []
        if nonzero(f["enforcement.decisions_to_publish"]) and nonzero(f["enforcement.published_on_time"]):
            three.append(
                f"应公示的{tok('enforcement.decisions_to_publish')}执法决定中按期公示"
                f"{tok('enforcement.published_on_time')}，公示率{tok('enforcement.publication_rate')}"
            )
        if nonzero(f["enforcement.major_decisions"]) and nonzero(f["enforcement.major_reviewed"]):
            three.append(
                f"{tok('enforcement.major_decisions')}重大执法决定作出前均送法制审核，"
                f"审核{tok('enforcement.major_reviewed')}，审核率{tok('enforcement.review_coverage')}"
            )
        if three:
            text += v.pick(
                "three",
                [
                    "全面落实行政执法公示、全过程记录和重大执法决定法制审核三项制度，",
                    "严格执行执法三项制度，",
                ],
            )
            text += "；".join(three) + "。"
        paragraphs.append(text + _example(org, year))
    supervision = []
    if nonzero(f["enforcement.case_reviews"]):
        text = f"开展案卷评查{tok('enforcement.case_reviews')}"
        if nonzero(f["enforcement.files_reviewed"]):
            text += f"，评查案卷{tok('enforcement.files_reviewed')}"
        supervision.append(text)
    if nonzero(f["enforcement.findings"]):
        text = f"执法监督中发现问题{tok('enforcement.findings')}"
        if nonzero(f["enforcement.findings_rectified"]):
            text += f"，已整改{tok('enforcement.findings_rectified')}"
        supervision.append(text)
    if supervision:
        paragraphs.append(
            v.pick("sup", ["加强执法监督，", "以评查促规范，"])
            + "，".join(supervision)
            + "，评查结果通报到执法人员，推动同类问题一并整改。"
        )
    if paragraphs:
        paragraphs.append(
            v.some(
                "measure",
                [
                    "推行说理式执法和柔性执法，对首次轻微违法行为依法不予处罚并加强教育引导，执法文书统一使用省级格式文本，执法全过程留痕可回溯。",
                    "建立执法人员持证上岗和资格管理制度，重点领域执法实行双人执法、亮证执法，同步规范涉企检查，避免多头检查、重复检查。",
                    "编制执法事项清单和执法流程图，统一执法文书和裁量基准，执法人员随身配备音像设备，对现场检查、调查取证等环节全程音像留存。",
                ],
            )
        )
    return paragraphs
