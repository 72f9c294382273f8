"""Drafting a county's own annual report (domain.md §4) from its townships' figures and its own
records, in the same five parts as a township's.

Every figure is the county's: the sum over all its townships' records and its own ledgers, each
rate recomputed from the summed numerator and denominator (`registry.aggregate`, through
`narrative.figures`), never an average of the townships' rates. The figures are written as the
same live references as in a township's report, so recomputing and accepting work alike. The
areas' drafting functions write of one township; their paragraphs are put in the county's words
here, and the county's parts 2 to 4 speak of its townships (who lags behind which target)."""

import datetime as dt

from fazhi.indicators import narrative, registry
from fazhi.indicators.narrative import nonzero, tok
from fazhi.lib.phrasing import Voice
from fazhi.orgs.models import OrgUnit
from fazhi.reports import drafting, links
from fazhi.reports.drafting import DraftSection

SUFFIXES = ("自治县", "县", "区", "市")


def short_name(org: OrgUnit) -> str:
    """The county's name without its suffix, as its 发文字号 uses it (示范县 → 示范)."""
    for suffix in SUFFIXES:
        if org.name.endswith(suffix) and len(org.name) - len(suffix) >= 2:
            return org.name.removesuffix(suffix)
    return org.name


def names(org: OrgUnit, year: int, today: dt.date | None = None) -> dict[str, str]:
    """The heading fields of the county government's report to the city (上行文)."""
    from django.utils import timezone

    issued = (today or timezone.localdate()).year
    issuer = f"{org.name}人民政府"
    return {
        "issuer": issuer,
        "title": f"{issuer}关于{year}年度法治政府建设情况的报告",
        "doc_number": f"{short_name(org)}府发〔{issued}〕1号",
        "printer": f"{org.name}人民政府办公室",
        "recipients": "市委、市政府",
        "cc": "市委依法治市办",
    }


def townships(org: OrgUnit) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(path__startswith=org.path, active=True).townships().order_by("path"))


# Part 1 ------------------------------------------------------------------------------------------

OVERVIEW = [
    "{year}年，{org}在市委、市政府的坚强领导下，深入学习贯彻习近平法治思想，全面落实《法治政府建设实施纲要（2021—2025年）》，"
    "统筹推进县、乡两级法治政府建设，指导全县{n}个乡镇（街道）规范权力运行、化解基层矛盾，各项工作依法有序开展。",
    "{year}年，{org}坚持以习近平法治思想为指导，围绕市委、市政府法治建设工作部署，把法治政府建设纳入全县经济社会发展总体布局，"
    "加强对{n}个乡镇（街道）的督促指导，基层治理法治化水平不断提升。",
]

# The areas write of a township ("镇、村" networks, "全镇"); the county's report speaks of the
# county and its townships. Replaced in this order.
COUNTY_WORDS = [
    ("健全街道、社区、网格三级调解网络", "健全县、乡镇（街道）、村（社区）三级调解网络"),
    ("健全乡、村、网格三级调解网络", "健全县、乡镇（街道）、村（社区）三级调解网络"),
    ("健全镇、村、网格三级调解网络", "健全县、乡镇（街道）、村（社区）三级调解网络"),
    ("经街道党工委同意", "经县委同意"),
    ("经乡党委同意", "经县委同意"),
    ("经镇党委同意", "经县委同意"),
    ("梳理公布镇级执法事项", "各乡镇（街道）梳理公布乡镇级执法事项"),
    ("全街道现有", "全县现有"),
    ("全乡现有", "全县现有"),
    ("全镇现有", "全县现有"),
    ("与乡镇工作密切相关", "与基层工作密切相关"),
    ("编制乡镇政务公开事项标准目录", "指导各乡镇（街道）编制政务公开事项标准目录"),
    ("其中乡镇重点公开事项", "其中各乡镇（街道）重点公开事项"),
    ("站所", "乡镇（街道）和县直部门"),
]


def county_words(text: str) -> str:
    return drafting.replaced(text, COUNTY_WORDS)


def part1(org: OrgUnit, year: int, figs, towns: list[OrgUnit]) -> tuple[list[DraftSection], list[str]]:
    overview = (
        Voice(org.code, year, "overview").pick("text", OVERVIEW).format(year=year, org=org.name, n=len(towns))
    )
    sections, idle = drafting.part1(org, year, figs, overview=overview, words=county_words)
    own = supervision(org, year, figs, towns)
    if own is not None:
        sections.append(own)
    return sections, idle


def _quoted(title: str) -> str:
    title = title.strip().strip('“”"')
    return f"“{title}”"


def supervision(org: OrgUnit, year: int, figs, towns: list[OrgUnit]) -> DraftSection | None:
    """What the county itself did for its townships in the year: the assessment, inspections,
    assignments (督办) and the townships' reports it received or returned. Every number is a
    figure of the registry (the supervision area's, written as live references like any other);
    the records named as examples are those the figures count (`registry.records_behind`)."""
    lines = []

    def counted(code: str):
        return registry.records_behind(code, org, year)

    Scheme = links.model("supervision", "Scheme")
    scheme = Scheme.objects.filter(county=org, year=year).first() if Scheme is not None else None
    if scheme is not None:
        text = (
            f"发挥考核评价“指挥棒”作用，制定{_quoted(scheme.title)}，"
            "把考核内容与日常工作数据直接关联，自动计分、有据可查"
        )
        if nonzero(figs.get("supervision.townships_assessed")):
            text += (
                f"，对{tok('supervision.townships_assessed')}乡镇（街道）{year}年度法治政府建设情况进行考核"
            )
            if scheme.state == "published":
                text += "并公布结果"
        lines.append(text + "。")
    if nonzero(figs.get("supervision.inspections")):
        text = f"坚持以督促改，全年开展督察检查{tok('supervision.inspections')}"
        if nonzero(figs.get("supervision.inspection_findings")):
            text += f"，对乡镇（街道）发现问题{tok('supervision.inspection_findings')}"
        parts = []
        for x in (
            counted("supervision.inspections").order_by("held_on", "pk").prefetch_related("findings__org")[:3]
        ):
            visited = list(dict.fromkeys(f.org.name for f in x.findings.all()))
            kind = "" if x.title.strip().strip('”"').endswith(("督察", "检查", "督查")) else "督察"
            example = f"{drafting._md(x.held_on)}开展{_quoted(x.title)}{kind}"
            if visited:
                example += f"，对{'、'.join(visited)}发现的问题逐项提出整改要求和时限"
            parts.append(example)
        text += "。" + "；".join(parts) + "。" if parts else "。"
        lines.append(text + "发现的问题全部列入乡镇（街道）整改清单，整改一项、销号一项。")
    if nonzero(figs.get("supervision.assignments")):
        sent = list(counted("supervision.assignments").order_by("created_at", "pk")[:3])
        lines.append(
            f"围绕重点工作向乡镇（街道）派发督办任务{tok('supervision.assignments')}，"
            f"包括{'、'.join(_quoted(a.title) for a in sent)}等，"
            "明确回复期限，逾期未回复的列入待办事项跟踪督促。"
        )
    received = figs.get("supervision.reports_received")
    returned = figs.get("supervision.reports_returned")
    said = []
    if nonzero(returned):
        said.append(f"附修改意见退回{tok('supervision.reports_returned')}，由乡镇（街道）修改后重新报送")
    if nonzero(received):
        if received.value >= len(towns):
            said.append(
                f"经审阅接收各乡镇（街道）的报告{tok('supervision.reports_received')}，并全部通过政府网站向社会公开"
            )
        else:
            accepted = counted("supervision.reports_received").order_by("org__path").select_related("org")
            names_ = "、".join(dict.fromkeys(r.org.name for r in accepted))
            said.append(
                f"经审阅接收{names_}的报告{tok('supervision.reports_received')}，并通过政府网站向社会公开"
            )
    if said:
        lines.append(f"审阅各乡镇（街道）{year}年度法治政府建设情况报告，" + "；".join(said) + "。")
    if not lines:
        return None
    return DraftSection("加强对乡镇（街道）法治建设的督促指导", [(t, "supervision") for t in lines], "")


# Part 2 ------------------------------------------------------------------------------------------

UNEVEN = [
    "全县{name}为{value}，但{towns}仍低于{target}的要求，乡镇（街道）之间工作进展不平衡，主要是{cause}。",
    "从各乡镇（街道）看，{towns}的{name}尚未达到{target}，与全县{value}的总体水平相比差距明显，反映出{cause}。",
]
BELOW = [
    "全县{name}为{value}，距离{target}的要求还有差距，其中{towns}差距较大，主要是{cause}。",
    "对照{target}的要求，全县{name}仅为{value}，{towns}尤为突出，究其原因，{cause}。",
]
BELOW_ALL = [
    "全县{name}为{value}，距离{target}的要求还有差距，主要是{cause}。",
    "对照{target}的要求，全县{name}仅为{value}，原因在于{cause}。",
]
COUNT_BELOW = "{towns}的{name}不足{target}，主要是{cause}。"
NONE_MET = "各乡镇（街道）的{name}均未达到{target}的要求，主要是{cause}。"
LATE = [
    "{area}方面，全县{name}为{value}，仍有事项超过法定期限才办结，主要是{cause}。",
    "{area}中仍有超期办理的事项，全县{name}为{value}，原因是{cause}。",
]


def _below(fig: registry.Figure, target) -> bool:
    return fig.value is not None and fig.value < target


def laggards(figs_by_town: dict[str, dict[int, registry.Figure]], code: str, towns, target) -> list[str]:
    return [t.name for t in towns if _below(figs_by_town[code][t.pk], target)]


def part2(org, year, figs, towns, today: dt.date) -> list[tuple[str, str]]:
    v = Voice(org.code, year, "part2")
    lines = []
    used: set[str] = set()

    def cause(area: str, key: str) -> str:
        options = v.order(f"cause:{key}", drafting.CAUSES.get(area, []) + drafting.GENERIC_CAUSES)
        found = next((c for c in options if c not in used), options[0])
        used.add(found)
        return found

    targeted = [i for i in registry.all_indicators() if i.target is not None]
    per_town = registry.compute_many([i.code for i in targeted], towns, year) if towns else {}
    for n, ind in enumerate(targeted):
        behind = laggards(per_town, ind.code, towns, ind.target) if towns else []
        values = {
            "name": ind.name,
            "value": tok(ind.code),
            "target": narrative.display(registry.Figure(ind.target, ind.unit)),
            "towns": "、".join(behind) if len(behind) < len(towns) else "各乡镇（街道）",
        }
        fig = figs.get(ind.code)
        if not ind.is_rate:
            # A count's target is each township's (both principals report on their duty): the
            # county's sum says nothing against it, the townships short of it do.
            if not behind:
                continue
            text = COUNT_BELOW.format(**values, cause=cause(ind.area, ind.code))
        elif fig is not None and _below(fig, ind.target):
            if not nonzero(fig):
                text = NONE_MET.format(**values, cause=cause(ind.area, ind.code))
            elif 0 < len(behind) < len(towns):
                text = v.order("below", BELOW)[n % len(BELOW)].format(
                    **values, cause=cause(ind.area, ind.code)
                )
            else:
                text = v.order("below_all", BELOW_ALL)[n % len(BELOW_ALL)].format(
                    **values, cause=cause(ind.area, ind.code)
                )
        elif behind and fig is not None and fig.value is not None:
            text = v.order("uneven", UNEVEN)[n % len(UNEVEN)].format(
                **values, cause=cause(ind.area, ind.code)
            )
        else:
            continue
        lines.append((text, f"target:{ind.code}"))
    late = v.order("late", LATE)
    for n, ind in enumerate(drafting.late_rates(figs)[:4]):
        text = late[n % len(late)].format(
            area=drafting._area_name(ind.area),
            name=ind.name,
            value=tok(ind.code),
            cause=cause(ind.area, ind.code),
        )
        lines.append((text, f"late:{ind.code}"))
    if nonzero(figs.get("rectification.findings_overdue")):
        lines.append(
            (
                f"督察检查和自查发现的问题整改还不够及时，全县仍有{tok('rectification.findings_overdue')}问题"
                f"超过整改时限，主要是{cause('', 'findings')}。",
                "findings",
            )
        )
    for finding in drafting.open_findings(org, year):
        lines.append(
            (
                drafting.FINDING_NO_CAUSE[finding.pk % 2].format(
                    text=drafting._sentence(finding.description)
                ),
                f"finding:{finding.pk}",
            )
        )
    gaps = []
    # The months every township left blank come from one grouped read for all of them
    # (`months.month_status_many` through `narrative.per_org`), not three queries per township.
    with narrative.drafting_many(towns):
        for town in towns:
            found = drafting.blank_months(town, year, today)
            if found:
                months = sum(n for _, n in found)
                gaps.append(f"{town.name}有{len(found)}项工作累计{months}个月")
    if gaps:
        lines.append(
            (
                f"部分乡镇（街道）日常工作情况报送还不够及时，{'，'.join(gaps[:4])}既未报送工作情况也未说明当月没有此项工作，"
                "县级对乡镇基础工作的督促检查还不够经常。",
                "gaps",
            )
        )
    # The areas' causes speak of a township's 站所; the county's of its townships and departments.
    lines = [(county_words(text), origin) for text, origin in lines]
    if lines:
        lines.append(
            (
                v.pick(
                    "closing",
                    [
                        "分析上述问题，既有乡镇（街道）人员少、任务重等客观原因，也有县级统筹指导不够有力、"
                        "考核督察的结果运用不够充分等主观原因，需要在今后工作中认真加以解决。",
                        "这些问题的产生，根本在于一些部门和乡镇（街道）运用法治思维和法治方式推动工作的能力还不强，"
                        "县级对基层法治建设的指导和督促还不够精准，制度执行的刚性有待增强。",
                    ],
                ),
                "causes",
            )
        )
    else:
        lines.append(
            (
                "对照年度目标，全县各项工作均已达到要求，各乡镇（街道）也没有尚未整改的问题；"
                "但与群众对法治建设的期待相比仍有差距，需要在日常工作中持续查找和改进。",
                "none",
            )
        )
    return lines


# Part 3 ------------------------------------------------------------------------------------------

COUNTY_ROLES = {"secretary": "县委书记", "head": "县长"}


def _role(code: str, display: str) -> str:
    return COUNTY_ROLES.get(code, display)


def part3(org, year, figs) -> list[tuple[str, str]]:
    """The county's principals from its own leadership ledger (where it keeps one), then how they
    saw to it that every township's principals did theirs (the townships' figures, summed)."""
    lines = []
    principals = ("secretary", "head")
    LawMeeting = links.model("leadership", "LawMeeting")
    if LawMeeting is not None:
        chaired = [
            m
            for m in LawMeeting.objects.filter(org=org, held_on__year=year).order_by("held_on")
            if m.chair_role in principals
        ]
        examples = []
        for m in chaired[:3]:
            topic = drafting._topic(m.topics)
            if topic:
                examples.append(
                    f"{drafting._md(m.held_on)}{_role(m.chair_role, m.get_chair_role_display())}"
                    f"主持召开{m.get_kind_display()}研究{topic}"
                )
        if examples:
            lines.append(
                (
                    "县委、县政府主要负责人切实履行推进法治建设第一责任人职责，坚持重要工作亲自部署、重大问题亲自过问，"
                    + "；".join(examples)
                    + "。",
                    "leadership:county",
                )
            )
    DutyReport = links.model("leadership", "DutyReport")
    if DutyReport is not None:
        own = [r for r in DutyReport.objects.filter(org=org, year=year) if r.role in principals]
        if own:
            roles = "、".join(dict.fromkeys(_role(r.role, r.get_role_display()) for r in own))
            first = min(own, key=lambda r: r.reported_on)
            lines.append(
                (
                    f"{drafting._md(first.reported_on)}，{roles}在{drafting._unquoted(first.forum) or '年终述职大会'}上"
                    "专题述法，把履行法治建设职责情况作为述职的重要内容。",
                    "leadership:county_duty",
                )
            )
    if not lines:
        lines.append(
            (
                "县委、县政府主要负责人切实履行推进法治建设第一责任人职责，坚持把法治政府建设与经济社会发展同部署、同推进、同督促、同考核。",
                "leadership:county",
            )
        )
    townships_ = []
    if nonzero(figs.get("leadership.meetings")):
        text = f"各乡镇（街道）召开研究法治工作的会议{tok('leadership.meetings')}"
        if nonzero(figs.get("leadership.meetings_chaired_by_principals")):
            text += f"，其中主要负责人主持{tok('leadership.meetings_chaired_by_principals')}"
        townships_.append(text)
    if nonzero(figs.get("leadership.duty_reports")):
        townships_.append(f"党政班子成员述法{tok('leadership.duty_reports')}")
    if nonzero(figs.get("study.central_group_sessions")):
        townships_.append(f"党委理论学习中心组学法{tok('study.central_group_sessions')}")
    if nonzero(figs.get("leadership.field_visits")):
        townships_.append(f"班子成员调研督导法治工作{tok('leadership.field_visits')}")
    text = "督促各乡镇（街道）党政主要负责人履行第一责任人职责，把述法纳入年终述职"
    if townships_:
        text += "。全年" + "，".join(townships_)
    lines.append((text + "。", "leadership:townships"))
    if nonzero(figs.get("leadership.tasks")):
        text = f"各乡镇（街道）年初将法治建设任务分解为{tok('leadership.tasks')}，逐项明确责任单位和完成时限"
        if nonzero(figs.get("leadership.tasks_done")):
            text += (
                f"，年内完成{tok('leadership.tasks_done')}，完成率{tok('leadership.task_completion_rate')}"
            )
        lines.append((text + "。", "leadership:tasks"))
    return lines


# Part 4 ------------------------------------------------------------------------------------------


def part4(org, year, figs, sections, shortcomings, towns) -> list[tuple[str, str]]:
    v = Voice(org.code, year, "part4")
    lines = [(f"{drafting._unquoted(p.text)}。", f"plan:{p.pk}") for p in drafting.plan_items(org, year)]
    planned = [t for t, _ in lines]

    def add(text: str, origin: str) -> None:
        # A plan item already set (e.g. from an earlier version) is not said twice; the county's
        # own lines share words such as 乡镇（街道） and are all kept.
        if not drafting._overlaps(text, planned):
            lines.append((text, origin))

    add(
        v.pick(
            "lead",
            [
                "深入学习贯彻习近平法治思想，把法治政府建设纳入县委、县政府年度工作要点，与经济社会发展同部署、同推进。",
                "坚持以习近平法治思想为指导，压实各乡镇（街道）和县直部门党政主要负责人推进法治建设第一责任人职责，年终述法全覆盖。",
            ],
        ),
        "lead",
    )
    said = " ".join(text for text, _ in shortcomings)
    behind = [t.name for t in towns if t.name in said]
    short: dict[str, list[str]] = {}
    for _, origin in shortcomings:
        code = origin.removeprefix("target:")
        if origin.startswith("target:") and registry.get(code).is_rate:
            ind = registry.get(code)
            short.setdefault(narrative.display(registry.Figure(ind.target, ind.unit)), []).append(ind.name)
    for target, names_ in short.items():
        add(f"补齐工作短板，力争全县{'、'.join(names_)}达到{target}。", "targets")
    if 0 < len(behind) < len(towns):
        add(
            f"对{'、'.join(behind)}等工作进展滞后的乡镇（街道）加强个别指导，逐项明确补短板的措施和时限，县委依法治县办跟踪督办。",
            "laggards",
        )
    for section in sections:
        if section.area in drafting.NEXT:
            add(
                county_words(v.pick(section.area, drafting.NEXT[section.area])) + "。", f"area:{section.area}"
            )
    if any(o == "gaps" for _, o in shortcomings):
        add("督促各乡镇（街道）按月报送工作情况，当月没有此项工作的也要说明，县级按月通报。", "gaps")
    add(
        v.pick(
            "closing",
            [
                "完善法治建设考核评价，把法治建设成效纳入乡镇（街道）和县直部门年度目标考核，考核结果与评先评优挂钩。",
                "加强督察检查，由县委依法治县办每季度通报各乡镇（街道）任务进展，年底逐项对账销号。",
            ],
        ),
        "closing",
    )
    return lines


# The report --------------------------------------------------------------------------------------


def build(org: OrgUnit, year: int, omit_idle: bool = False, today: dt.date | None = None):
    """The county's drafted parts as data, like `drafting.build` for a township."""
    from django.utils import timezone

    today = today or timezone.localdate()
    heading = names(org, year, today)
    towns = townships(org)
    with registry.computed_once():
        figs = narrative.figures(org, year)
        sections, idle = part1(org, year, figs, towns)
        shortcomings = part2(org, year, figs, towns, today)
        return {
            1: sections,
            2: [DraftSection("", shortcomings)],
            3: [DraftSection("", part3(org, year, figs))],
            4: [DraftSection("", part4(org, year, figs, sections, shortcomings, towns))],
            5: [
                DraftSection(
                    "",
                    drafting.part5(
                        org,
                        year,
                        [] if omit_idle else idle,
                        heading["recipients"],
                        heading["cc"],
                        county=True,
                    ),
                )
            ],
        }, figs
