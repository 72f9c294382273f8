"""The community correction area's paragraph of the annual report: counts only, never a person."""

from fazhi.indicators import narrative
from fazhi.indicators.narrative import nonzero, tok
from fazhi.lib.phrasing import Voice


@narrative.register("corrections", "抓好社区矫正和安置帮教")
def draft(org, year) -> list[str]:
    f = narrative.figures(org, year, area="corrections")
    v = Voice(org.code, year, "corrections")
    parts = []
    if nonzero(f["corrections.intake"]):
        parts.append(f"新接收社区矫正对象{tok('corrections.intake')}")
    if nonzero(f["corrections.released"]):
        parts.append(f"期满解除矫正{tok('corrections.released')}")
    if nonzero(f["corrections.in_correction"]):
        parts.append(f"年末在册{tok('corrections.in_correction')}")
    if nonzero(f["corrections.investigations"]):
        parts.append(f"受委托开展调查评估{tok('corrections.investigations')}")
    if nonzero(f["corrections.leaves"]):
        parts.append(f"审批请假外出{tok('corrections.leaves')}")
    if not parts:
        return []
    text = v.pick(
        "lead",
        ["依法规范社区矫正执行，", "落实社区矫正法，坚持监督管理与教育帮扶相结合，"],
    )
    text += "，".join(parts) + "，"
    if nonzero(f["corrections.late_report_in"]) or nonzero(f["corrections.recommitted"]):
        text += "对报到不及时、违反监管规定的依法处置"
        if nonzero(f["corrections.recommitted"]):
            text += f"，提请收监执行{tok('corrections.recommitted')}"
        text += "。"
    else:
        text += "矫正对象均按时报到，未发生脱管漏管和重新违法犯罪。"
    help_ = []
    if nonzero(f["corrections.released_persons"]):
        help_.append(f"衔接刑满释放人员{tok('corrections.released_persons')}")
    if nonzero(f["corrections.resettlement"]):
        help_.append(f"年末在帮教{tok('corrections.resettlement')}")
    if help_:
        text += "安置帮教方面，落实必接必送，" + "，".join(help_) + "，逐人落实帮教小组。"
    measure = v.some(
        "measure",
        [
            "坚持分类管理、个别化矫正，落实日常报告、走访和信息化核查，组织矫正对象参加教育学习和公益活动。",
            "司法所会同派出所、村（社区）落实矫正小组，每月开展走访谈话，节假日前后集中排查，确保监管安全。",
        ],
    )
    return [text, measure]
