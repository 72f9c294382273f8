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
from fazhi.orgs.models import OrgUnit
from fazhi.reports import links
from fazhi.reports.models import NOTHING_ELSE, Paragraph, Report, Section, Step


class DraftError(Exception):
    """Drafting refused, with a message for the user."""


@dataclass
class DraftSection:
    title: str
    paragraphs: list[tuple[str, str]] = field(default_factory=list)  # (text, origin)
    area: str = ""


def names(org: OrgUnit, year: int) -> dict[str, str]:
    """The document's heading fields, following local usage for 镇/乡 and 街道."""
    street = org.name.endswith("街道")
    short = org.name.removesuffix("街道").removesuffix("镇").removesuffix("乡") or org.name
    issuer = f"{org.name}办事处" if street else f"{org.name}人民政府"
    return {
        "issuer": issuer,
        "title": f"{issuer}关于{year}年度法治政府建设情况的报告",
        "doc_number": f"{short}{'办' if street else '府'}发〔{year + 1}〕1号",
        "printer": f"{org.name}{'党政办公室' if not street else '党政综合办公室'}",
    }


# Part 1 ------------------------------------------------------------------------------------------


def part1(org: OrgUnit, year: int, omit_idle: bool) -> list[DraftSection]:
    sections = []
    for area in narrative.report_areas():
        if omit_idle and narrative.is_idle(area, org, year):
            continue
        paragraphs = narrative.draft(area, org, year)
        if paragraphs:
            sections.append(
                DraftSection(narrative.title(area), [(p, f"area:{area}") for p in paragraphs], area)
            )
    return sections


def plan_outcomes(org: OrgUnit, year: int, figs: dict[str, registry.Figure]) -> DraftSection | None:
    """What became of the arrangements last year's report made for this year (domain.md §2.13):
    the ones done, with their outcomes; those not done are shortcomings in part 2. The counts are
    the rectification indicators, written as live references."""
    PlanItem = links.model("rectification", "PlanItem")
    if PlanItem is None or not nonzero(figs.get("rectification.plan_items")):
        return None
    done = list(PlanItem.objects.filter(org=org, year=year, status="done").order_by("pk"))
    text = f"上年度报告提出的{tok('rectification.plan_items')}工作安排，"
    if done:
        listed = "；".join(
            f"“{_sentence(i.text)}”" + (f"，{_sentence(i.outcome)}" if i.outcome.strip() else "")
            for i in done
        )
        text += f"已完成{tok('rectification.plan_items_done')}：{listed}。"
    else:
        text += "截至目前尚无已完成事项。"
    if nonzero(figs.get("rectification.plan_items_unfinished")):
        text += f"其余{tok('rectification.plan_items_unfinished')}的原因和下一步措施在第二部分说明。"
    return DraftSection("落实上年度工作安排", [(text, "plans")], "")


# Part 2 ------------------------------------------------------------------------------------------

OPEN_FINDING = ["pending", "in_progress", "overdue"]


def open_findings(org: OrgUnit, year: int) -> list:
    """Findings of the rectification ledger still open, raised up to the report's year."""
    Finding = links.model("rectification", "Finding")
    if Finding is None:
        return []
    return list(
        Finding.objects.filter(org=org, status__in=OPEN_FINDING, found_on__year__lte=year).order_by(
            "found_on", "pk"
        )[:20]
    )


def unfinished_plan_items(org: OrgUnit, year: int) -> list:
    """Last year's arrangements for this year that were not done."""
    PlanItem = links.model("rectification", "PlanItem")
    if PlanItem is None:
        return []
    return list(PlanItem.objects.filter(org=org, year=year).exclude(status="done").order_by("pk")[:20])


def below_target(figs: dict[str, registry.Figure]) -> list[registry.Indicator]:
    found = []
    for ind in registry.all_indicators():
        fig = figs.get(ind.code)
        if ind.target is not None and fig is not None and fig.value is not None and fig.value < ind.target:
            found.append(ind)
    return found


def blank_months(org: OrgUnit, year: int, until: dt.date) -> list[tuple[str, int]]:
    """Monthly ledgers with past months neither filled nor declared empty (零报告)."""
    gaps = []
    for ledger in ledgers.all_ledgers():
        if not ledger.monthly or getattr(ledger, "sensitive", False):
            continue
        status = months.month_status(ledger, [org.pk], year)[org.pk]
        blank = [m for m, s in status.items() if s == months.BLANK and dt.date(year, m, 1) <= until]
        if blank:
            gaps.append((ledger.title, len(blank)))
    return gaps


def _sentence(text: str) -> str:
    return text.strip().rstrip("。；;，,")


def part2(org, year, figs, idle_areas: list[str], today: dt.date) -> list[tuple[str, str]]:
    lines = []
    for ind in below_target(figs):
        target = narrative.display(registry.Figure(ind.target, ind.unit))
        if nonzero(figs[ind.code]):
            text = f"{ind.name}为{tok(ind.code)}，未达到{target}的目标，相关基础工作还不够扎实。"
        else:
            text = f"{ind.name}未达到{target}的目标，台账中还没有相应的记录。"
        lines.append((text, f"target:{ind.code}"))
    for finding in open_findings(org, year):
        text = _sentence(finding.description)
        if finding.cause:
            text += f"，主要原因是{_sentence(finding.cause)}"
        lines.append((f"{text}，目前正在整改。", f"finding:{finding.pk}"))
    for item in unfinished_plan_items(org, year):
        lines.append((f"年初安排的“{_sentence(item.text)}”未能按期完成。", f"plan:{item.pk}"))
    gaps = blank_months(org, year, today)
    if gaps:
        listed = "、".join(f"{title}{n}个月" for title, n in gaps[:4])
        lines.append(
            (
                f"台账日常填报还不够及时，{listed}既没有记录也没有申报“本月无”，数据完整性有待提高。",
                "gaps",
            )
        )
    if idle_areas:
        listed = "、".join(narrative.title(a) for a in idle_areas)
        lines.append((f"{listed}等方面本年度没有形成工作记录，各项工作开展还不平衡。", "idle"))
    if not lines:
        lines.append(
            (
                "对照年度各项指标，没有未达目标的指标，也没有尚未整改的问题；"
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


def _first_lines(texts, limit: int = 3) -> str:
    found = []
    for text in texts:
        line = _sentence((text or "").splitlines()[0] if text else "")
        if line and line not in found:
            found.append(line)
    return "、".join(f"“{t}”" for t in found[:limit])


def part3(org, year, figs) -> list[tuple[str, str]]:
    lines = []
    DutyReport = links.model("leadership", "DutyReport")
    if DutyReport is not None and nonzero(figs.get("leadership.duty_reports")):
        roles = []
        order = {"secretary": 0, "head": 1}
        found = DutyReport.objects.filter(org=org, year=year)
        for r in sorted(found, key=lambda r: (order.get(r.role, 2), r.pk)):
            role = local_role(r.get_role_display(), org)
            if role not in roles:
                roles.append(role)
        lines.append(
            (
                f"{'、'.join(roles)}等{tok('leadership.duty_reports')}在年终述职中专题述法，"
                "报告本人履行推进法治建设第一责任人职责情况，接受评议。",
                "leadership:duty_reports",
            )
        )
    LawMeeting = links.model("leadership", "LawMeeting")
    if LawMeeting is not None and nonzero(figs.get("leadership.meetings")):
        meetings = LawMeeting.objects.filter(org=org, held_on__year=year).order_by("held_on")
        text = f"全年召开研究法治建设的会议{tok('leadership.meetings')}"
        if nonzero(figs.get("leadership.meetings_chaired_by_principals")):
            text += f"，其中党政主要负责人主持{tok('leadership.meetings_chaired_by_principals')}"
        topics = _first_lines(meetings.values_list("topics", flat=True))
        if topics:
            text += f"，研究了{topics}等事项"
        lines.append((text + "。", "leadership:meetings"))
    if nonzero(figs.get("study.central_group_sessions")):
        lines.append(
            (
                f"坚持领导带头学法，主要负责人主持党委理论学习中心组学法{tok('study.central_group_sessions')}。",
                "study",
            )
        )
    FieldVisit = links.model("leadership", "FieldVisit")
    if FieldVisit is not None and nonzero(figs.get("leadership.field_visits")):
        visits = FieldVisit.objects.filter(org=org, visited_on__year=year).order_by("visited_on")
        text = f"班子成员深入村（社区）和站所调研督导{tok('leadership.field_visits')}"
        topics = _first_lines(visits.values_list("topic", flat=True))
        if topics:
            text += f"，围绕{topics}等问题现场推动解决"
        lines.append((text + "。", "leadership:visits"))
    if nonzero(figs.get("leadership.tasks")):
        text = f"年初将法治建设任务分解为{tok('leadership.tasks')}，明确责任单位和完成时限"
        if nonzero(figs.get("leadership.tasks_done")):
            text += f"，年内完成{tok('leadership.tasks_done')}"
        lines.append((text + "。", "leadership:tasks"))
    if not lines:
        lines.append(
            (
                "本年度台账中没有主要负责人述法、主持研究法治建设会议和调研督导的记录，"
                "履行第一责任人职责的情况需在下一年度如实记入台账。",
                "none",
            )
        )
    return lines


# Part 4 ------------------------------------------------------------------------------------------


def plan_items(org: OrgUnit, year: int) -> list:
    PlanItem = links.model("rectification", "PlanItem")
    if PlanItem is None:
        return []
    return list(PlanItem.objects.filter(org=org, year=year + 1).order_by("pk"))


def part4(org, year, figs, sections: list[DraftSection], gaps: bool) -> list[tuple[str, str]]:
    items = plan_items(org, year)
    if items:
        return [(f"{_sentence(p.text)}。", f"plan:{p.pk}") for p in items]
    lines = []
    for ind in below_target(figs):
        target = narrative.display(registry.Figure(ind.target, ind.unit))
        lines.append((f"补齐短板，推动{ind.name}达到{target}。", f"target:{ind.code}"))
    for finding in open_findings(org, year):
        lines.append(
            (f"抓好“{_sentence(finding.description)[:40]}”问题的整改，按期销号。", f"finding:{finding.pk}")
        )
    idle = [s for s in sections if narrative.is_idle(s.area, org, year)]
    for section in sections:
        if section in idle:
            continue
        if narrative.has_own_title(section.area):
            lines.append((f"继续{section.title}，把各项工作落实到村（社区）。", f"area:{section.area}"))
        else:
            lines.append((f"继续做好{section.title}工作，完善台账，按时报送数据。", f"area:{section.area}"))
    if idle:
        listed = "、".join(s.title for s in idle)
        lines.append((f"{listed}等工作按职责建立台账，做到有工作就有记录。", "idle"))
    if gaps:
        lines.append(("按月填报各项台账，当月没有工作的及时申报“本月无”。", "gaps"))
    if not lines:
        lines.append(("对照县委、县政府年度法治建设工作要点，逐项明确责任单位和完成时限。", "none"))
    return lines


# The report --------------------------------------------------------------------------------------


def build(org: OrgUnit, year: int, omit_idle: bool = False, today: dt.date | None = None):
    """The drafted parts as data: {part: [DraftSection]} (nothing is saved)."""
    today = today or timezone.localdate()
    figs = narrative.figures(org, year)
    sections = part1(org, year, omit_idle)
    outcomes = plan_outcomes(org, year, figs)
    if outcomes is not None:
        sections.append(outcomes)
    idle = [] if omit_idle else [a for a in narrative.report_areas() if narrative.is_idle(a, org, year)]
    shortcomings = part2(org, year, figs, idle, today)
    return {
        1: sections,
        2: [DraftSection("", shortcomings)],
        3: [DraftSection("", part3(org, year, figs))],
        4: [DraftSection("", part4(org, year, figs, sections, any(o == "gaps" for _, o in shortcomings)))],
        5: [DraftSection("", [(NOTHING_ELSE, "default")])],
    }, figs


def current_values(text: str, figs: dict[str, registry.Figure]) -> dict[str, str]:
    return {code: narrative.display(figs[code]) for code in narrative.tokens(text) if code in figs}


@transaction.atomic
def draft_report(org: OrgUnit, year: int, user, omit_idle: bool = False) -> Report:
    """Creates the first draft of a township's report for a year."""
    if org.level != "township":
        raise DraftError("年度报告由乡镇（街道）起草")
    existing = Report.objects.filter(org=org, year=year).order_by("-version").first()
    if existing is not None:
        raise DraftError(f"{year}年度报告已经起草（第{existing.version}版，{existing.get_state_display()}）")
    parts, figs = build(org, year, omit_idle)
    report = Report.objects.create(org=org, year=year, created_by=user, **names(org, year))
    write_parts(report, parts, figs, user)
    Step.objects.create(report=report, action=Step.Action.DRAFT, by=user, note="由台账数据自动起草")
    return report


def write_parts(report: Report, parts, figs, user) -> None:
    now = timezone.now()
    paragraphs = []
    for part, sections in parts.items():
        for n, draft in enumerate(sections):
            section = Section.objects.create(
                report=report, part=part, order=n, area=draft.area, title=draft.title
            )
            for m, (text, origin) in enumerate(draft.paragraphs):
                paragraphs.append(
                    Paragraph(
                        section=section,
                        order=m,
                        text=text,
                        values=current_values(text, figs),
                        origin=origin,
                        edited_by=user,
                        edited_at=now,
                    )
                )
    bulk_create_with_history(paragraphs, Paragraph, default_user=user)
