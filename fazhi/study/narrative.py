"""The study area's paragraphs of the annual report (see fazhi.indicators.narrative)."""

import re
from collections import Counter

from fazhi.indicators import narrative
from fazhi.indicators.narrative import listing, nonzero, tok
from fazhi.lib.phrasing import Voice
from fazhi.study.models import LawExam, OathCeremony, StudySession

LAW = re.compile(r"《[^》]{2,30}》")


def _laws_many(org_ids, year) -> dict[int, list[str]]:
    counts: dict[int, Counter] = {}
    rows = StudySession.objects.filter(org_id__in=org_ids, held_on__year=year).order_by("pk")
    for org_id, laws in rows.values_list("org_id", "laws"):
        counts.setdefault(org_id, Counter()).update(LAW.findall(laws or ""))
    return {o: [law for law, _ in c.most_common(5)] for o, c in counts.items()}


def _laws(org, year) -> list[str]:
    """The laws studied most often, as written in the sessions' "学习的法律法规"."""
    return narrative.per_org(_laws_many, org, year, [])


def _pre_meeting(org_ids, year) -> dict[int, StudySession]:
    """The best attended study before a government meeting, with a topic."""
    return narrative.first_of(
        StudySession.objects.filter(org_id__in=org_ids, held_on__year=year, kind="pre_meeting").exclude(
            topic=""
        ),
        "-participants",
        "held_on",
    )


def _noted_exams(org_ids, year) -> dict[int, LawExam]:
    return narrative.first_of(
        LawExam.objects.filter(org_id__in=org_ids, held_on__year=year).exclude(notes="")
    )


def _largest_oaths(org_ids, year) -> dict[int, OathCeremony]:
    return narrative.first_of(OathCeremony.objects.filter(org_id__in=org_ids, held_on__year=year), "-sworn")


@narrative.register("study", "抓实领导干部学法用法")
def draft(org, year) -> list[str]:
    f = narrative.figures(org, year, area="study")
    v = Voice(org.code, year, "study")
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
        text = v.pick(
            "lead",
            [
                "坚持把学法作为干部日常学习的固定内容，",
                "健全领导干部学法制度，推动学法常态化，",
                "以会前学法、中心组学法为抓手，",
            ],
        )
        text += f"全年组织学法活动{tok('study.sessions')}"
        if kinds:
            text += f"，其中{kinds}"
        if nonzero(f["study.participants"]):
            text += f"，干部参学{tok('study.participants')}"
            if nonzero(f["study.hours"]):
                text += f"、累计{tok('study.hours')}"
        text += "。"
        session = narrative.per_org(_pre_meeting, org, year, None)
        if session is not None:
            topic = session.topic.strip().rstrip("。")
            # A topic that names its own verb ("学习贯彻…") is not studied twice.
            studied = topic if topic.startswith("学习") else f"学习{topic}"
            text += (
                f"{session.held_on.month}月{session.held_on.day}日政府常务会议前，"
                f"集中{studied}，参会人员结合分管工作交流了学习体会。"
            )
        laws = _laws(org, year)
        if laws:
            text += f"学习内容涵盖{''.join(laws)}等法律法规，做到学用结合。"
        paragraphs.append(text)
    if nonzero(f["study.exams"]):
        text = f"以考促学，组织干部学法考试（测试）{tok('study.exams')}"
        if nonzero(f["study.exam_sat"]):
            text += f"，应考{tok('study.exam_expected')}，实际参考{tok('study.exam_sat')}"
            if nonzero(f["study.exam_participation_rate"]):
                text += f"，参考率{tok('study.exam_participation_rate')}"
            if nonzero(f["study.exam_passed"]):
                text += f"；考试合格{tok('study.exam_passed')}，合格率达到{tok('study.exam_pass_rate')}"
        text += "。"
        retake = narrative.per_org(_noted_exams, org, year, None)
        if retake is not None and "补考" in retake.notes:
            text += "对未合格人员安排了补考。"
        paragraphs.append(text)
    paragraphs.append(
        v.some(
            "measure",
            [
                "把学法情况纳入干部年度考核和任职前考察，新任职干部任前接受法律知识考查，站所负责人在会议上结合分管工作讲法释法。",
                "制定年度学法计划，明确学习内容和时间安排，坚持重要法律法规出台后第一时间组织学习，领导干部学法情况纳入年终考核。",
                "推行学法清单制度，把与乡镇工作密切相关的法律法规列为必学内容，以案释法、以会代训，推动干部把所学用于依法办事。",
            ],
        )
    )
    if nonzero(f["study.oaths"]):
        text = f"严格执行宪法宣誓制度，组织宪法宣誓仪式{tok('study.oaths')}"
        if nonzero(f["study.sworn"]):
            text += f"，{tok('study.sworn')}依法进行宪法宣誓"
        oath = narrative.per_org(_largest_oaths, org, year, None)
        if oath is not None and oath.occasion:
            text += f"，其中包括{oath.occasion.rstrip('。')}"
        paragraphs.append(text + "。")
    return paragraphs
