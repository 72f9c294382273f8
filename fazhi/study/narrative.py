"""The study area's paragraphs of the annual report (see fazhi.indicators.narrative)."""

import re
from collections import Counter

from fazhi.indicators import narrative
from fazhi.indicators.narrative import listing, nonzero, tok
from fazhi.study.models import LawExam, OathCeremony, StudySession

LAW = re.compile(r"《[^》]{2,30}》")


def _laws(org, year, limit: int = 5) -> list[str]:
    """The laws studied most often, as written in the sessions' "学习的法律法规"."""
    counts = Counter()
    for laws in StudySession.objects.filter(org=org, held_on__year=year).values_list("laws", flat=True):
        counts.update(LAW.findall(laws or ""))
    return [law for law, _ in counts.most_common(limit)]


@narrative.register("study", "抓实领导干部学法用法")
def draft(org, year) -> list[str]:
    f = narrative.figures(org, year, area="study")
    paragraphs = []
    if nonzero(f["study.sessions"]):
        kinds = listing(
            f,
            [
                ("党委理论学习中心组学法", "study.central_group_sessions"),
                ("政府常务会会前学法", "study.pre_meeting_sessions"),
                ("专题讲座和法治培训", "study.trainings"),
            ],
            sep="、",
        )
        text = f"坚持把学法作为干部日常学习的固定内容，全年组织学法活动{tok('study.sessions')}"
        if kinds:
            text += f"，其中{kinds}"
        totals = listing(f, [("累计参学", "study.participants"), ("学时", "study.hours")], sep="，")
        if totals:
            text += f"，{totals}"
        text += "。"
        laws = _laws(org, year)
        if laws:
            text += f"学习内容涵盖{''.join(laws)}等法律法规，做到学用结合。"
        paragraphs.append(text)
    else:
        paragraphs.append("本年度台账中没有集中学法活动的记录。")
    if nonzero(f["study.exams"]):
        text = f"组织学法考试（测试）{tok('study.exams')}"
        seats = listing(f, [("应考", "study.exam_expected"), ("实考", "study.exam_sat")], sep="，")
        if seats:
            text += f"，{seats}"
        rates = listing(
            f, [("参考率", "study.exam_participation_rate"), ("合格率", "study.exam_pass_rate")], sep="，"
        )
        if rates:
            text += f"，{rates}"
        text += "。"
        retake = LawExam.objects.filter(org=org, held_on__year=year).exclude(notes="").first()
        if retake is not None and "补考" in retake.notes:
            text += "对未合格人员安排了补考。"
        paragraphs.append(text)
    if nonzero(f["study.oaths"]):
        text = f"严格执行宪法宣誓制度，组织宪法宣誓仪式{tok('study.oaths')}"
        if nonzero(f["study.sworn"]):
            text += f"，{tok('study.sworn')}依法进行宪法宣誓"
        occasion = (
            OathCeremony.objects.filter(org=org, held_on__year=year)
            .order_by("-sworn")
            .values_list("occasion", flat=True)
            .first()
        )
        if occasion:
            text += f"，其中包括{occasion.rstrip('。')}"
        paragraphs.append(text + "。")
    return paragraphs
