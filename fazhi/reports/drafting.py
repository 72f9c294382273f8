"""Drafting a township's annual report from its figures and records (domain.md §4).

Part 1 is written by the areas themselves (fazhi.indicators.narrative); parts 2 to 5 are written
here from the findings, the figures below their targets, the leadership ledgers and the plan
items, each as plain sentences with live references to indicators."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from fazhi.indicators import narrative, registry
from fazhi.indicators.narrative import nonzero, tok
from fazhi.ledger import months
from fazhi.ledger import registry as ledgers
from fazhi.lib.phrasing import Voice
from fazhi.orgs.models import Level, OrgUnit
from fazhi.reports import links
from fazhi.reports.models import Paragraph, Report, Section, Step


class DraftError(Exception):
    """Drafting refused, with a message for the user."""


@dataclass
class DraftSection:
    title: str
    paragraphs: list[tuple[str, str]] = field(default_factory=list)  # (text, origin)
    area: str = ""


def names(org: OrgUnit, year: int, today: dt.date | None = None) -> dict[str, str]:
    """The document's heading fields, following local usage for 镇/乡 and 街道. The 发文字号 carries
    the year of issue (the year it is drafted in; signing off moves it to the signing year)."""
    issued = (today or timezone.localdate()).year
    street = org.name.endswith("街道")
    short = org.name.removesuffix("街道").removesuffix("镇").removesuffix("乡") or org.name
    issuer = f"{org.name}办事处" if street else f"{org.name}人民政府"
    return {
        "issuer": issuer,
        "title": f"{issuer}关于{year}年度法治政府建设情况的报告",
        "doc_number": f"{short}{'办' if street else '府'}发〔{issued}〕1号",
        "printer": f"{org.name}{'党政办公室' if not street else '党政综合办公室'}",
    }


# Part 1 ------------------------------------------------------------------------------------------


OVERVIEW = [
    "{year}年，{org}在县委、县政府的坚强领导下，深入学习贯彻习近平法治思想，认真落实《法治政府建设实施纲要（2021—2025年）》，"
    "把法治政府建设与乡村振兴、基层治理和民生保障统筹推进，各项工作依法有序开展。",
    "{year}年，{org}坚持以习近平法治思想为指导，围绕县委、县政府法治建设工作部署，着力提升干部依法行政能力和基层治理法治化水平，"
    "法治政府建设取得新的进展。",
    "{year}年，{org}把法治政府建设作为全局性、基础性工作来抓，坚持党政同责、上下联动，以规范权力运行和化解基层矛盾为重点，"
    "推动法治建设各项任务落地见效。",
]


def _idle(area: str, figs: dict[str, registry.Figure]) -> bool:
    """narrative.is_idle on figures already computed (one query set for the whole report)."""
    mine = {i.code: figs[i.code] for i in registry.all_indicators(area) if i.code in figs}
    skip = narrative._context_only(list(mine), mine)
    return not any(nonzero(f) for code, f in mine.items() if code not in skip)


def part1(
    org: OrgUnit, year: int, figs: dict[str, registry.Figure], overview: str = "", words=None
) -> tuple[list[DraftSection], list[str]]:
    """The areas' own sections, and the areas with nothing in the year (left out of part 1). A
    county gives its own overview and puts the areas' paragraphs in its words (`words`)."""
    overview = overview or Voice(org.code, year, "overview").pick("text", OVERVIEW).format(
        year=year, org=org.name
    )
    sections, idle = [DraftSection("", [(overview, "overview")], "")], []
    for area in narrative.report_areas():
        if _idle(area, figs):
            idle.append(area)
            continue
        paragraphs = narrative.draft(area, org, year)
        if paragraphs:
            paragraphs = [words(p) for p in paragraphs] if words else paragraphs
            sections.append(
                DraftSection(narrative.title(area), [(p, f"area:{area}") for p in paragraphs], area)
            )
    return sections, idle


# Words of the system, not of a report to the county: a finding or plan written by a clerk may use
# them of the township's own books; the report says what was kept instead.
PLAIN_WORDS = [
    ("台账记录", "登记"),
    ("工作记录", "工作资料"),
    ("台账", "登记簿"),
    ("记录", "登记"),
    ("本月无", ""),
]


def replaced(text: str, pairs: list[tuple[str, str]]) -> str:
    """`text` with each word of `pairs` replaced by its counterpart, in order."""
    for word, other in pairs:
        text = text.replace(word, other)
    return text


def plain_words(text: str) -> str:
    return replaced(text, PLAIN_WORDS)


def _sentence(text: str) -> str:
    return plain_words(text.strip().rstrip("。；;，,"))


def _unquoted(text: str) -> str:
    """A clerk's line as part of a sentence: quotes around the whole line are dropped, so that no
    quote ends up inside another; quotes within the line stay."""
    text = _sentence(text)
    if text.startswith("“") and text.endswith("”") and text.count("“") == 1:
        text = text[1:-1]
    return text


def plan_outcomes(org: OrgUnit, year: int, figs: dict[str, registry.Figure]) -> DraftSection | None:
    """What became of the arrangements last year's report made for this year (domain.md §2.13):
    the ones done, with their outcomes; those not done are shortcomings in part 2. The counts are
    the rectification indicators, written as live references."""
    if links.model("rectification", "PlanItem") is None or not nonzero(figs.get("rectification.plan_items")):
        return None
    done = narrative.per_org(_plan_items_done, org, year, [])
    text = f"上年度报告对本年度作出{tok('rectification.plan_items')}工作安排，"
    if done:
        listed = "；".join(_unquoted(i.text) for i in done[:6])
        text += f"已完成{tok('rectification.plan_items_done')}：{listed}。"
        outcomes = [_sentence(i.outcome) for i in done if i.outcome.strip()]
        if outcomes and len(set(outcomes)) == len(outcomes):
            text += "；".join(outcomes) + "。"
    else:
        text += "截至年底尚无一项全部完成。"
    if nonzero(figs.get("rectification.plan_items_unfinished")):
        text += f"其余{tok('rectification.plan_items_unfinished')}的原因和下一步措施在第二部分说明。"
    return DraftSection("抓好上年度工作安排的落实", [(text, "plans")], "")


# Part 2 ------------------------------------------------------------------------------------------

OPEN_FINDING = ["pending", "in_progress", "overdue"]

# Why a figure falls short, by area: the usual causes a township names, two wordings each.
CAUSES = {
    "legal_education": [
        "部分村（社区）人员外出务工多，法律明白人培养储备不足",
        "法律明白人选育偏重数量，培训跟进不够",
    ],
    "legality": [
        "部分站所报审意识不强，文件起草后未及时送审和报备",
        "司法所审核力量有限，审核和备案衔接不够紧密",
    ],
    "legal_services": [
        "法律顾问服务合同续签滞后，个别村（社区）出现空档",
        "法律顾问人少村多，服务难以全覆盖",
    ],
    "leadership": ["年终述职安排较晚，述法未能同步完成", "对述法的要求传达不到位，个别主要负责人未单独述法"],
    "enforcement": ["执法人员少、案件多，公示和审核环节衔接不紧", "新进执法人员对程序时限掌握不熟"],
    "disclosure": ["信息报送责任没有细化到站所，公开时限把握不严", "承办人员兼职多，答复流程跟踪不及时"],
    "petitions": ["部分事项涉及多个部门，协调周期长", "个别事项历史遗留问题复杂，调查核实用时较长"],
    "litigation": ["应诉材料准备和负责人日程统筹不够", "承办单位对答复答辩期限重视不够"],
    "decisions": ["决策承办单位对程序要求理解不深", "决策事项启动晚，程序时间安排偏紧"],
    "study": ["学法计划与会议安排衔接不够", "部分干部工学矛盾突出，参学参考不够积极"],
    "mediation": ["基层调解员专业能力参差不齐", "部分纠纷成因复杂，调解周期拉长"],
}
GENERIC_CAUSES = ["日常工作统筹不够，推进力度有待加强", "基础工作抓得不够细，跟踪问效不及时"]

BELOW = [
    "{name}为{value}，距离{target}的要求还有差距，主要是{cause}。",
    "对照{target}的要求，{name}仅为{value}，究其原因，{cause}。",
    "{name}只达到{value}，低于{target}的目标，原因在于{cause}。",
    "{name}{value}，尚未实现{target}，反映出{cause}的问题。",
]
BELOW_EMPTY = [
    "{name}还没有达到{target}的要求，主要是{cause}。",
    "{name}距离{target}的目标仍有差距，根源在于{cause}。",
]
# On-time rates: the late items are the gap between the rate's denominator and its numerator.
LATE = [
    "{area}方面，{name}为{value}，仍有事项超过法定期限才办结，主要是{cause}。",
    "{area}中个别事项办理超期，{name}为{value}，原因是{cause}。",
]
FINDING = [
    "{text}，主要原因是{cause}，目前正在整改。",
    "{text}。分析原因，{cause}，整改工作正在推进。",
    "{text}，根子在于{cause}，已明确责任人限期整改。",
]
FINDING_NO_CAUSE = ["{text}，整改尚未完成。", "{text}，目前仍在整改之中。"]
FINDING_OVERDUE = "{text}，原定{due}前完成整改，目前已经超期，主要是{cause}。"
PLAN_LATE = [
    "年初确定的{text}一项，到年底{state}，主要是{cause}。",
    "{text}的安排{state}，未能按期完成，原因是{cause}。",
    "对{text}这项工作推进不快，{state}，主要受{cause}影响。",
]
PLAN_STATE = {
    "in_progress": "仍在推进",
    "not_started": "尚未启动",
    "not_done": "没有完成",
    "pending": "尚未启动",
}


# The records each part tells of, read for many townships at once (`narrative.per_org`): inside
# `narrative.drafting_many` one query per kind of record for all the townships drafted together.


def _plan_items_done(org_ids: list[int], year: int) -> dict[int, list]:
    PlanItem = links.model("rectification", "PlanItem")
    return narrative.by_org(
        PlanItem.objects.filter(org_id__in=org_ids, year=year, status="done").order_by("pk")
    )


def _open_findings(org_ids: list[int], year: int) -> dict[int, list]:
    Finding = links.model("rectification", "Finding")
    return narrative.first_per_org(
        Finding.objects.filter(org_id__in=org_ids, status__in=OPEN_FINDING, found_on__year__lte=year),
        "found_on",
        n=8,
    )


def _unfinished_plan_items(org_ids: list[int], year: int) -> dict[int, list]:
    PlanItem = links.model("rectification", "PlanItem")
    return narrative.first_per_org(
        PlanItem.objects.filter(org_id__in=org_ids, year=year).exclude(status="done"), n=8
    )


def _next_plan_items(org_ids: list[int], year: int) -> dict[int, list]:
    PlanItem = links.model("rectification", "PlanItem")
    return narrative.by_org(PlanItem.objects.filter(org_id__in=org_ids, year=year + 1).order_by("pk"))


def _monthly_ledgers() -> list:
    return [lg for lg in ledgers.all_ledgers() if lg.monthly and not getattr(lg, "sensitive", False)]


def _month_statuses(org_ids: list[int], year: int) -> dict[int, dict[str, dict[int, str]]]:
    statuses = months.month_status_many(_monthly_ledgers(), org_ids, year)
    return {o: {code: of_ledger[o] for code, of_ledger in statuses.items()} for o in org_ids}


def _meetings(org_ids: list[int], year: int) -> dict[int, list]:
    LawMeeting = links.model("leadership", "LawMeeting")
    return narrative.by_org(
        LawMeeting.objects.filter(org_id__in=org_ids, held_on__year=year).order_by("held_on", "pk")
    )


def _duty_reports(org_ids: list[int], year: int) -> dict[int, list]:
    DutyReport = links.model("leadership", "DutyReport")
    return narrative.by_org(DutyReport.objects.filter(org_id__in=org_ids, year=year).order_by("pk"))


def _central_group_sessions(org_ids: list[int], year: int) -> dict[int, list]:
    StudySession = links.model("study", "StudySession")
    return narrative.first_per_org(
        StudySession.objects.filter(org_id__in=org_ids, held_on__year=year, kind="central_group"),
        "held_on",
        n=2,
    )


def _field_visits(org_ids: list[int], year: int) -> dict[int, list]:
    FieldVisit = links.model("leadership", "FieldVisit")
    return narrative.by_org(
        FieldVisit.objects.filter(org_id__in=org_ids, visited_on__year=year).order_by("visited_on", "pk")
    )


def open_findings(org: OrgUnit, year: int) -> list:
    """Findings of the rectification ledger still open, raised up to the report's year."""
    if links.model("rectification", "Finding") is None:
        return []
    return narrative.per_org(_open_findings, org, year, [])


def unfinished_plan_items(org: OrgUnit, year: int) -> list:
    """Last year's arrangements for this year that were not done."""
    if links.model("rectification", "PlanItem") is None:
        return []
    return narrative.per_org(_unfinished_plan_items, org, year, [])


def below_target(figs: dict[str, registry.Figure]) -> list[registry.Indicator]:
    found = []
    for ind in registry.all_indicators():
        fig = figs.get(ind.code)
        if ind.target is not None and fig is not None and fig.value is not None and fig.value < ind.target:
            found.append(ind)
    return found


def late_rates(figs: dict[str, registry.Figure]) -> list[registry.Indicator]:
    """On-time rates below 100% (items done after their statutory period)."""
    found = []
    for ind in registry.all_indicators():
        fig = figs.get(ind.code)
        if not ind.is_rate or ind.target is not None or "on_time" not in ind.code + (ind.numerator or ""):
            continue
        if fig is not None and fig.value is not None and fig.value < 100:
            found.append(ind)
    return found


def blank_months(org: OrgUnit, year: int, until: dt.date) -> list[tuple[str, int]]:
    """Monthly ledgers with past months neither filled nor declared empty (零报告)."""
    statuses = narrative.per_org(_month_statuses, org, year, {})
    gaps = []
    for ledger in _monthly_ledgers():
        status = statuses[ledger.code]
        blank = [m for m, s in status.items() if s == months.BLANK and dt.date(year, m, 1) <= until]
        if blank:
            gaps.append((ledger.title, len(blank)))
    return gaps


def _area_name(area: str) -> str:
    from fazhi.ledger.registry import AREAS

    return AREAS.get(area, (area, ""))[0]


def part2(org, year, figs, today: dt.date) -> list[tuple[str, str]]:
    v = Voice(org.code, year, "part2")
    lines = []
    causes_used: set[str] = set()

    def cause(area: str, key: str) -> str:
        options = v.order(f"cause:{key}", CAUSES.get(area, []) + GENERIC_CAUSES)
        found = next((c for c in options if c not in causes_used), options[0])
        causes_used.add(found)
        return found

    below = v.order("below", BELOW)
    for n, ind in enumerate(below_target(figs)):
        target = narrative.display(registry.Figure(ind.target, ind.unit))
        if nonzero(figs[ind.code]):
            text = below[n % len(below)].format(
                name=ind.name, value=tok(ind.code), target=target, cause=cause(ind.area, ind.code)
            )
        else:
            text = v.order("empty", BELOW_EMPTY)[n % 2].format(
                name=ind.name, target=target, cause=cause(ind.area, ind.code)
            )
        lines.append((text, f"target:{ind.code}"))
    late = v.order("late", LATE)
    for n, ind in enumerate(late_rates(figs)[:4]):
        text = late[n % len(late)].format(
            area=_area_name(ind.area), name=ind.name, value=tok(ind.code), cause=cause(ind.area, ind.code)
        )
        lines.append((text, f"late:{ind.code}"))
    forms = v.order("finding", FINDING)
    for n, finding in enumerate(open_findings(org, year)):
        text = _sentence(finding.description)
        if finding.status == "overdue" and finding.due_on:
            reason = _sentence(finding.cause) if finding.cause else cause("", f"f{finding.pk}")
            line = FINDING_OVERDUE.format(
                text=text, due=f"{finding.due_on.year}年{finding.due_on.month}月", cause=reason
            )
        elif finding.cause:
            line = forms[n % len(forms)].format(text=text, cause=_sentence(finding.cause))
        else:
            line = FINDING_NO_CAUSE[n % 2].format(text=text)
        lines.append((line, f"finding:{finding.pk}"))
    plans = v.order("plan", PLAN_LATE)
    for n, item in enumerate(unfinished_plan_items(org, year)):
        reason = _sentence(item.outcome) if item.outcome.strip() else cause("", f"p{item.pk}")
        text = plans[n % len(plans)].format(
            text=_unquoted(item.text), state=PLAN_STATE.get(item.status, "没有完成"), cause=reason
        )
        lines.append((text, f"plan:{item.pk}"))
    gaps = blank_months(org, year, today)
    if gaps:
        listed = "、".join(f"{title}有{n}个月" for title, n in gaps[:4])
        lines.append(
            (
                f"日常工作情况报送还不够及时，{listed}既未报送工作情况也未说明当月没有此项工作，"
                "反映出基础工作不够扎实，底数掌握不够清楚。",
                "gaps",
            )
        )
    if lines:
        lines.append(
            (
                v.pick(
                    "closing",
                    [
                        "分析上述问题，既有基层人员少、任务重等客观原因，更有对法治建设重要性认识不够、"
                        "抓落实的力度不够等主观原因，需要在今后工作中认真加以解决。",
                        "这些问题的产生，根本在于一些干部运用法治思维和法治方式推动工作的能力还不强，"
                        "法治建设与业务工作结合不够紧密，制度执行的刚性还有待增强。",
                    ],
                ),
                "causes",
            )
        )
    if not lines:
        lines.append(
            (
                "对照年度目标，各项工作均已完成，也没有尚未整改的问题；"
                "但与群众对法治建设的期待相比仍有差距，需要在日常工作中持续查找和改进。",
                "none",
            )
        )
    return lines


# Part 3 ------------------------------------------------------------------------------------------


def local_role(label: str, org: OrgUnit) -> str:
    """ "乡镇长" as the township calls it: 镇长, 乡长 or 办事处主任."""
    if label != "乡镇长":
        return label
    if org.name.endswith("街道"):
        return "办事处主任"
    return "乡长" if org.name.endswith("乡") else "镇长"


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _topic(text: str) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    # The sentence already says 研究: a topic written as "研究…" would read 研究研究….
    return _unquoted(line).removeprefix("研究")


def part3(org, year, figs) -> list[tuple[str, str]]:
    v = Voice(org.code, year, "part3")
    lines = []
    principals = ("secretary", "head")
    if links.model("leadership", "LawMeeting") is not None and nonzero(figs.get("leadership.meetings")):
        meetings = narrative.per_org(_meetings, org, year, [])
        chaired = [m for m in meetings if m.chair_role in principals]
        text = v.pick(
            "meet",
            [
                "党政主要负责人把法治建设摆在全局工作的重要位置，",
                "主要负责人坚持亲自部署、亲自推动法治建设，",
            ],
        )
        text += f"全年召开研究法治工作的会议{tok('leadership.meetings')}"
        if nonzero(figs.get("leadership.meetings_chaired_by_principals")):
            text += f"，其中主要负责人主持{tok('leadership.meetings_chaired_by_principals')}"
        text += "。"
        examples = []
        for m in chaired[:3]:
            role = local_role(m.get_chair_role_display(), org)
            topic = _topic(m.topics)
            if topic:
                examples.append(f"{_md(m.held_on)}{role}主持召开{m.get_kind_display()}研究{topic}")
        if examples:
            text += "；".join(examples) + "。"
        lines.append((text, "leadership:meetings"))
    if links.model("leadership", "DutyReport") is not None and nonzero(figs.get("leadership.duty_reports")):
        found = sorted(
            narrative.per_org(_duty_reports, org, year, []),
            key=lambda r: ({"secretary": 0, "head": 1}.get(r.role, 2), r.reported_on, r.pk),
        )
        main = [r for r in found if r.role in principals]
        text = ""
        if main:
            roles = "、".join(dict.fromkeys(local_role(r.get_role_display(), org) for r in main))
            first = main[0]
            text = f"{_md(first.reported_on)}，{roles}在{_unquoted(first.forum) or '年终述职大会'}上专题述法"
            grades = {r.get_assessment_display() for r in main if r.assessment}
            if len(grades) == 1:
                text += f"，群众和干部评议结果为{grades.pop()}"
            text += "；"
        text += f"班子成员述法共{tok('leadership.duty_reports')}，做到述职必述法。"
        lines.append((text, "leadership:duty_reports"))
    if links.model("study", "StudySession") is not None and nonzero(figs.get("study.central_group_sessions")):
        sessions = narrative.per_org(_central_group_sessions, org, year, [])
        text = f"坚持领导干部带头尊法学法，主要负责人主持党委理论学习中心组学法{tok('study.central_group_sessions')}"
        shown = [f"{_md(s.held_on)}围绕{_unquoted(s.topic)}" for s in sessions if s.topic.strip()]
        if shown:
            text += "，其中" + "、".join(shown) + "开展专题学习"
        lines.append((text + "。", "study"))
    if links.model("leadership", "FieldVisit") is not None and nonzero(figs.get("leadership.field_visits")):
        visits = narrative.per_org(_field_visits, org, year, [])
        led = [x for x in visits if x.leader_role in principals][:2]
        text = f"班子成员深入村（社区）和站所调研督导法治工作{tok('leadership.field_visits')}"
        if led:
            shown = []
            for x in led:
                topic = _unquoted(x.topic)
                kind = "" if topic.startswith(("调研", "督导", "督查", "检查")) else x.get_kind_display()
                shown.append(
                    f"{_md(x.visited_on)}{local_role(x.get_leader_role_display(), org)}到{_unquoted(x.place)}{kind}{topic}"
                )
            text += "，" + "；".join(shown)
        lines.append((text + "，现场研究解决具体问题。", "leadership:visits"))
    if nonzero(figs.get("leadership.group_members")):
        lines.append(
            (
                f"调整充实由党政主要负责人任组长的法治建设领导小组，现有成员{tok('leadership.group_members')}，"
                "领导小组办公室设在司法所，负责日常协调、督促检查和情况汇总。",
                "leadership:group",
            )
        )
    if nonzero(figs.get("leadership.tasks")):
        text = f"年初将法治建设任务分解为{tok('leadership.tasks')}，逐项明确责任单位和完成时限"
        if nonzero(figs.get("leadership.tasks_done")):
            text += (
                f"，年内完成{tok('leadership.tasks_done')}，完成率{tok('leadership.task_completion_rate')}"
            )
        lines.append((text + "。", "leadership:tasks"))
    if not lines:
        lines.append(
            (
                "本年度主要负责人履行第一责任人职责的情况未及时归集整理，"
                "下一年度将按季度汇总主持研究、带头学法、述法和调研督导的情况。",
                "none",
            )
        )
    return lines


# Part 4 ------------------------------------------------------------------------------------------

# Next year's arrangement per area: what a township commits to, two wordings each.
NEXT = {
    "study": [
        "把学法纳入党委理论学习中心组和政府常务会议固定议程，全年集中学法不少于4次",
        "完善领导干部学法清单，组织年度学法考试",
    ],
    "legal_education": [
        "落实谁执法谁普法责任制，围绕宪法宣传周等节点开展主题普法",
        "推进普法进村入户，每个村（社区）培育不少于3名法律明白人",
    ],
    "mediation": [
        "坚持和发展新时代枫桥经验，做实矛盾纠纷定期排查和分级化解",
        "健全三级调解网络，推动重大疑难纠纷领导包案",
    ],
    "enforcement": [
        "全面落实行政执法三项制度，开展执法案卷评查",
        "加强执法人员培训考试，做到持证上岗、亮证执法",
    ],
    "decisions": [
        "严格执行重大行政决策程序，年初公布决策事项目录",
        "对已实施的重大决策开展后评估，提高决策质量",
    ],
    "legality": ["坚持合同、规范性文件和重大执法决定应审必审", "规范性文件在公布后30日内报送备案，定期清理"],
    "disclosure": [
        "推进基层政务公开标准化规范化，重点领域信息按期公开",
        "规范依申请公开办理，在法定期限内答复每一件申请",
    ],
    "petitions": [
        "推进信访工作法治化，按期告知、按期办结每一件信访事项",
        "坚持领导干部接访下访，把矛盾化解在基层",
    ],
    "litigation": ["落实负责人出庭应诉，按期提交答复答辩材料", "以复议诉讼案件为镜鉴，规范行政行为"],
    "corrections": ["加强社区矫正对象分类管理和教育帮扶，防止脱管漏管", "做好刑满释放人员必接必送和安置帮教"],
    "legal_services": [
        "实现村（社区）法律顾问全覆盖，推广援法议事",
        "建好法律之家和公共法律服务工作站，方便群众就近咨询",
    ],
}


def _overlaps(text: str, others: list[str]) -> bool:
    """Whether an arrangement says what another line already says (shares a 5-character phrase)."""
    plain = text.replace("“", "").replace("”", "")
    grams = {plain[i : i + 5] for i in range(len(plain) - 4)}
    return any(g in o.replace("“", "").replace("”", "") for o in others for g in grams)


def plan_items(org: OrgUnit, year: int) -> list:
    """The arrangements already set for the next year."""
    if links.model("rectification", "PlanItem") is None:
        return []
    return narrative.per_org(_next_plan_items, org, year, [])


def part4(org, year, figs, sections: list[DraftSection], shortcomings) -> list[tuple[str, str]]:
    """Next year's arrangements: the plan items already set for it, then what the shortcomings
    call for, then each area's own arrangement, as plain sentences."""
    v = Voice(org.code, year, "part4")
    items = plan_items(org, year)
    lines = [(f"{_unquoted(p.text)}。", f"plan:{p.pk}") for p in items]

    def add(text: str, origin: str) -> None:
        # A plan item already set (e.g. from an earlier version of this report) is not said twice.
        if not _overlaps(text, [t for t, _ in lines]):
            lines.append((text, origin))

    if not items:
        add(
            v.pick(
                "lead",
                [
                    "深入学习贯彻习近平法治思想，把法治建设纳入党委年度工作要点，与经济社会发展同部署、同推进。",
                    "坚持以习近平法治思想为指导，落实党政主要负责人推进法治建设第一责任人职责，年终述法全覆盖。",
                ],
            ),
            "lead",
        )
    for ind in below_target(figs):
        target = narrative.display(registry.Figure(ind.target, ind.unit))
        add(f"补齐{_area_name(ind.area)}方面的短板，使{ind.name}达到{target}。", f"target:{ind.code}")
    open_ = open_findings(org, year)
    if open_:
        add(
            f"对尚未整改到位的{len(open_)}个问题逐项明确整改措施、责任人和时限，整改一项、销号一项。",
            "findings",
        )
    for section in sections:
        if section.area in NEXT:
            add(v.pick(section.area, NEXT[section.area]) + "。", f"area:{section.area}")
    if any(o == "gaps" for _, o in shortcomings):
        add("各站所按月报送工作情况，当月没有此项工作的也要说明。", "gaps")
    add(
        v.pick(
            "closing",
            [
                "强化法治建设考核，把法治建设成效纳入站所和村（社区）年度目标考核，考核结果与评先评优挂钩。",
                "加强督促检查，由法治建设领导小组办公室每季度通报各项任务进展，年底逐项对账销号。",
            ],
        ),
        "closing",
    )
    return lines


# Part 5 ------------------------------------------------------------------------------------------

IDLE = {
    "litigation": "本年度没有发生以本级政府为被申请人或被告的行政复议和行政诉讼案件",
    "corrections": "本年度辖区没有社区矫正对象",
    "decisions": "本年度没有列入目录的重大行政决策事项",
    "petitions": "本年度没有受理信访事项",
}


def part5(
    org, year, idle: list[str], recipients="县委、县政府", cc="县委依法治县办", county=False
) -> list[tuple[str, str]]:
    """Areas with nothing in the year, said once; and when the report will be made public."""
    said = [IDLE.get(area, f"{_area_name(area)}方面本年度没有开展相应工作") for area in idle]
    if county:
        # Said of the whole county: none of its townships had any.
        said = [s.replace("本年度辖区", "本年度全县").replace("以本级政府", "以县、乡两级政府") for s in said]
        said = [s.replace("本年度没有", "本年度全县没有", 1) if "全县" not in s else s for s in said]
    publish = workflow_publish_day(year)
    lines = [("；".join(said) + "。", "idle")] if said else []
    copy = f"并抄送{cc}" if cc else ""
    lines.append(
        (
            f"本报告报送{recipients}{copy}，经保密审查后于{publish.year}年{publish.month}月"
            f"{publish.day}日前通过政府网站向社会公开，接受群众监督。",
            "publish",
        )
    )
    if not said:
        lines.append(("除上述情况外，本年度没有其他需要专门报告的重大事项。", "default"))
    return lines


def workflow_publish_day(year: int) -> dt.date:
    from fazhi.reports.workflow import due_dates

    return due_dates(year)["publish"]


# The report --------------------------------------------------------------------------------------


def build(org: OrgUnit, year: int, omit_idle: bool = False, today: dt.date | None = None):
    """The drafted parts as data: {part: [DraftSection]} (nothing is saved). An area with nothing
    in the year is left out of part 1 and, unless asked to leave it out entirely, said once in
    part 5."""
    today = today or timezone.localdate()
    if org.level == Level.COUNTY:
        from fazhi.reports import county

        return county.build(org, year, omit_idle, today)
    return build_many([org], year, omit_idle, today)[org.pk]


def build_many(towns: list[OrgUnit], year: int, omit_idle: bool = False, today: dt.date | None = None):
    """`build` of many townships in one pass: {township id: (parts, figures)}. Every figure of
    every township comes from the registry's grouped queries, one per figure group for all the
    townships (`registry.compute_many`); every kind of record the parts tell of (examples, dated
    acts, open findings, months left blank) from one query for all of them
    (`narrative.drafting_many`); then each township's text is written in Python. A township
    drafted alone is a list of one: its text is the same either way, and the number of queries
    does not grow with the number of townships."""
    today = today or timezone.localdate()
    codes = [i.code for i in registry.all_indicators()]
    drafts = {}
    # Every part and every area's drafting function reads the figures from this one computation
    # (the indicators layer's cache), never again.
    with registry.computed_once(), narrative.drafting_many(towns):
        per = registry.compute_many(codes, towns, year)
        for org in towns:
            figs = {code: per[code][org.pk] for code in codes}
            sections, idle = part1(org, year, figs)
            outcomes = plan_outcomes(org, year, figs)
            if outcomes is not None:
                sections.append(outcomes)
            shortcomings = part2(org, year, figs, today)
            drafts[org.pk] = (
                {
                    1: sections,
                    2: [DraftSection("", shortcomings)],
                    3: [DraftSection("", part3(org, year, figs))],
                    4: [DraftSection("", part4(org, year, figs, sections, shortcomings))],
                    5: [DraftSection("", part5(org, year, [] if omit_idle else idle))],
                },
                figs,
            )
    return drafts


def current_values(text: str, figs: dict[str, registry.Figure]) -> dict[str, str]:
    return {code: narrative.display(figs[code]) for code in narrative.tokens(text) if code in figs}


def _already(report: Report) -> DraftError:
    return DraftError(f"{report.year}年度报告已经起草（第{report.version}版，{report.state_label}）")


@transaction.atomic
def draft_report(org: OrgUnit, year: int, user, omit_idle: bool = False) -> Report:
    """Creates the first draft of a township's (or a county's own) report for a year."""
    if org.level == Level.TOWNSHIP:
        return draft_reports([org], year, user, omit_idle)[0]
    if org.level != Level.COUNTY:
        raise DraftError("年度报告由乡镇（街道）或县（市、区）起草")
    existing = Report.objects.filter(org=org, year=year).order_by("-version").first()
    if existing is not None:
        raise _already(existing)
    parts, figs = build(org, year, omit_idle)
    from fazhi.reports import county

    report = Report.objects.create(org=org, year=year, created_by=user, **county.names(org, year))
    write_parts([(report, parts, figs, user)])
    Step.objects.create(report=report, action=Step.Action.DRAFT, by=user, note=DRAFT_NOTE)
    return report


DRAFT_NOTE = "由台账数据自动起草"


@transaction.atomic
def draft_reports(towns: list[OrgUnit], year: int, users, omit_idle: bool = False) -> list[Report]:
    """Creates the first draft of many townships' reports for a year in one pass (`build_many`),
    saved with bulk writes: the number of queries does not grow with the number of townships.
    `users` is the drafter of every township, or {township id: its drafter}. Refused, for all of
    them, when any of them already has a report for the year."""
    if any(t.level != Level.TOWNSHIP for t in towns):
        raise DraftError("年度报告由乡镇（街道）或县（市、区）起草")
    if not towns:
        return []
    existing = (
        Report.objects.filter(org__in=towns, year=year)
        .select_related("org")
        .order_by("org__path", "-version")
    )
    found = existing.first()
    if found is not None:
        error = _already(found)
        raise DraftError(f"{found.org.name}{error}") if len(towns) > 1 else error

    def drafter(org: OrgUnit):
        return users.get(org.pk) if isinstance(users, dict) else users

    drafts = build_many(towns, year, omit_idle)
    reports = [Report(org=t, year=year, created_by=drafter(t), **names(t, year)) for t in towns]
    # The history rows name the same user as Report.objects.create would (the request's).
    reports = bulk_create_with_history(reports, Report)
    write_parts([(r, *drafts[r.org.pk], drafter(r.org)) for r in reports])
    Step.objects.bulk_create(
        [Step(report=r, action=Step.Action.DRAFT, by=drafter(r.org), note=DRAFT_NOTE) for r in reports]
    )
    return reports


def write_parts(drafts) -> None:
    """Saves the sections and paragraphs of drafted reports, [(report, parts, figures, user)], in
    one insert of sections and one of paragraphs (with their history) for all of them."""
    now = timezone.now()
    sections: list[tuple[Section, list[tuple[str, str]], dict, object]] = []
    for report, parts, figs, user in drafts:
        for part, drafted in parts.items():
            for n, draft in enumerate(drafted):
                section = Section(report=report, part=part, order=n, area=draft.area, title=draft.title)
                sections.append((section, draft.paragraphs, figs, user))
    Section.objects.bulk_create([s for s, *_ in sections])
    paragraphs = []
    for section, texts, figs, user in sections:
        for m, (text, origin) in enumerate(texts):
            paragraph = Paragraph(
                section=section,
                order=m,
                text=text,
                values=current_values(text, figs),
                origin=origin,
                edited_by=user,
                edited_at=now,
            )
            if user is not None:
                paragraph._history_user = user
            paragraphs.append(paragraph)
    bulk_create_with_history(paragraphs, Paragraph)
