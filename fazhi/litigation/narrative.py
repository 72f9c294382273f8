"""The reconsideration and litigation area's paragraphs of the annual report."""

from fazhi.indicators import narrative
from fazhi.indicators.narrative import nonzero, tok
from fazhi.lib.phrasing import Voice


@narrative.register("litigation", "支持配合行政复议和行政应诉")
def draft(org, year) -> list[str]:
    f = narrative.figures(org, year, area="litigation")
    v = Voice(org.code, year, "litigation")
    if not nonzero(f["litigation.cases"]):
        return []
    kinds = []
    for label, code in (("行政复议", "litigation.reconsiderations"), ("行政诉讼", "litigation.lawsuits")):
        if nonzero(f[code]):
            kinds.append(f"{label}{tok(code)}")
    text = f"本年度涉及我{org.name[-2:] if org.name.endswith('街道') else org.name[-1]}的行政复议和行政诉讼案件{tok('litigation.cases')}"
    if kinds:
        text += f"，其中{'、'.join(kinds)}"
    if nonzero(f["litigation.answered"]):
        text += f"，在法定期限内提交答复（答辩）材料的比例为{tok('litigation.answer_on_time_rate')}"
    text += "。"
    if nonzero(f["litigation.hearings"]):
        text += v.pick(
            "lead",
            ["坚持行政机关负责人出庭应诉，", "落实负责人出庭应诉制度，"],
        )
        text += f"需开庭（听证）的{tok('litigation.hearings')}中负责人出庭{tok('litigation.appearances')}，出庭率{tok('litigation.appearance_rate')}。"
    if nonzero(f["litigation.closed"]):
        text += f"已审结{tok('litigation.closed')}"
        if nonzero(f["litigation.lost"]):
            text += f"，被撤销、确认违法等败诉（纠错）{tok('litigation.lost')}，败诉率{tok('litigation.lost_rate')}"
        else:
            text += "，没有败诉和被纠错的案件"
        text += "。"
    if nonzero(f["litigation.advice"]):
        text += f"对收到的{tok('litigation.advice')}司法建议和复议意见书逐条研究"
        if nonzero(f["litigation.corrected"]):
            text += f"，已完成整改{tok('litigation.corrected')}"
        text += "，以案促改、举一反三。"
    measure = v.some(
        "measure",
        [
            "指定专人负责行政应诉工作，承办单位按期收集证据材料，案件结束后复盘分析败诉原因，完善相关执法程序。",
            "以案件审理中暴露出的问题为镜鉴，组织承办站所逐案剖析，规范送达、告知等关键环节。",
        ],
    )
    return [text, measure]
