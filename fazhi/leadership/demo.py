"""Demo records of leadership duty: the leading body, meetings on rule-of-law work, the year's
responsibility list, 述法 by the two principals (last year's only: this year's comes in December)
and leaders' field visits."""

import datetime as dt

from simple_history.utils import bulk_create_with_history

from fazhi.leadership.models import DutyReport, FieldVisit, LawMeeting, LeadingGroupMember, Responsibility
from fazhi.orgs.models import Department

MEETING_TOPICS = [
    "传达学习上级法治建设工作会议精神",
    "研究年度法治政府建设工作要点",
    "听取司法所关于合法性审核工作情况的汇报",
    "研究部署矛盾纠纷排查化解工作",
    "审议年度法治政府建设情况报告",
    "研究行政执法规范化建设有关事项",
    "研究“八五”普法工作推进措施",
    "听取信访工作情况汇报，研究化解措施",
    "研究重大行政决策事项目录",
    "研究县级督察反馈问题整改方案",
    "研究村规民约修订审查工作",
]
DECISIONS = [
    "会议同意该方案，由分管领导牵头组织实施",
    "明确各站所责任分工，下月底前报送进展",
    "原则通过，按会议意见修改后印发",
    "要求司法所加强指导，党政办跟踪督办",
]
KINDS = [("party_committee", 4), ("executive", 4), ("special", 2), ("committee", 1)]
TASKS = [
    ("制定年度法治政府建设工作要点", "党政办公室"),
    ("开展领导干部会前学法", "党政办公室"),
    ("落实合同和重大决策合法性审核", "司法所"),
    ("开展法律明白人培训", "司法所"),
    ("推进村（社区）法律顾问全覆盖", "司法所"),
    ("组织行政执法案卷评查", "综合行政执法大队"),
    ("落实行政执法公示制度", "综合行政执法大队"),
    ("开展矛盾纠纷常态化排查", "司法所"),
    ("规范信访事项办理时限", "信访办"),
    ("开展宪法宣传周活动", "司法所"),
    ("更新政务公开栏目", "党政办公室"),
    ("开展平安法治宣传进校园", "派出所"),
    ("推进农村土地承包纠纷调处", "农业服务中心"),
    ("规范自然资源执法巡查", "自然资源所"),
    ("落实社会救助政策公开", "社会事务办"),
    ("开展安全生产执法检查", "综合行政执法大队"),
    ("组织国家工作人员学法考试", "党政办公室"),
    ("开展村规民约合法性审查", "司法所"),
    ("推进“枫桥式”司法所创建", "司法所"),
    ("落实谁执法谁普法责任清单", "党政办公室"),
]
VISIT_TOPICS = [
    "调研村级合同合法性审核情况",
    "督导矛盾纠纷排查化解工作",
    "调研法律明白人作用发挥情况",
    "督导综合行政执法规范化建设",
    "调研援法议事开展情况",
    "督导信访积案化解",
    "调研村规民约修订工作",
    "督导公共法律服务站点运行",
]
VISIT_FINDINGS = [
    "要求健全台账，按月报送进展",
    "发现个别村排查记录不完整，已要求整改",
    "要求进一步发挥法律顾问作用",
    "",
]
DEPUTY_POSITIONS = ["党委副书记", "副镇长", "政法委员", "纪委书记", "人大主席"]
MEMBER_POSITIONS = [
    "司法所所长",
    "党政办主任",
    "综合执法大队队长",
    "派出所所长",
    "信访办主任",
    "社会事务办主任",
]


def seed(ctx) -> None:
    fake = ctx.fake
    last, current = ctx.years[0], ctx.years[-1]
    for t in ctx.townships:
        head_title = (
            "乡长" if t.org.name.endswith("乡") else ("主任" if t.org.name.endswith("街道") else "镇长")
        )
        secretary, head = fake.name(), fake.name()
        others = [fake.name() for _ in range(4)]
        kw = {"org": t.org, "created_by": t.clerk, "updated_by": t.clerk}
        body = "依法治镇委员会" if fake.chance(0.6) else "法治政府建设领导小组"
        appointed = dt.date(last, fake.between(1, 3), fake.between(1, 28))
        members = [
            LeadingGroupMember(
                body=body, name=secretary, position="党委书记", role="leader", appointed_on=appointed, **kw
            ),
            LeadingGroupMember(
                body=body, name=head, position=head_title, role="deputy", appointed_on=appointed, **kw
            ),
        ]
        members += [
            LeadingGroupMember(
                body=body, name=fake.name(), position=p, role="deputy", appointed_on=appointed, **kw
            )
            for p in DEPUTY_POSITIONS[: fake.between(1, 2)]
        ]
        members += [
            LeadingGroupMember(
                body=body,
                name=fake.name(),
                position=p,
                role="member",
                appointed_on=appointed,
                notes="兼任委员会办公室主任" if p == "司法所所长" else "",
                **kw,
            )
            for p in MEMBER_POSITIONS[: fake.between(4, 6)]
        ]
        members[-1].active = not fake.chance(0.3)
        bulk_create_with_history(members, LeadingGroupMember, default_user=t.clerk)
        chairs = {"secretary": secretary, "head": head, "other": None}
        depts = list(Department.objects.filter(org=t.org))
        by_name = {d.name: d for d in depts}
        for year in ctx.years:
            meetings = []
            for d in ctx.dates(year, t.n(fake.between(8, 14), year)):
                kind = fake.weighted(KINDS)
                role = {"party_committee": "secretary", "executive": "head"}.get(
                    kind, fake.pick(["secretary", "head", "other"])
                )
                meetings.append(
                    LawMeeting(
                        held_on=d,
                        kind=kind,
                        chair=chairs[role] or fake.pick(others),
                        chair_role=role,
                        topics="\n".join(fake.rng.sample(MEETING_TOPICS, fake.between(1, 2))),
                        decisions=fake.pick(DECISIONS),
                        attendees=fake.between(8, 20),
                        **kw,
                    )
                )
            bulk_create_with_history(meetings, LawMeeting, default_user=t.clerk)
            tasks = []
            for task, dept in fake.rng.sample(TASKS, fake.between(10, 20)):
                due = dt.date(year, fake.pick([3, 6, 9, 11, 12]), 28)
                if year < current:
                    status = "done" if fake.chance(0.85) else "late_explained"
                elif due < ctx.today:
                    status = fake.pick(["done", "done", "done", "in_progress", "late_explained"])
                else:
                    status = fake.pick(["in_progress", "in_progress", "not_started", "done"])
                evidence = {
                    "done": "已完成，工作记录和相关材料已归档",
                    "late_explained": "因人员调整推迟，已明确补办措施，次月完成",
                }.get(status, "")
                tasks.append(
                    Responsibility(
                        year=year,
                        task=task,
                        lead_department=by_name.get(dept) or fake.pick(depts),
                        owner=fake.name(),
                        due_on=due,
                        status=status,
                        evidence=evidence,
                        **kw,
                    )
                )
            bulk_create_with_history(tasks, Responsibility, default_user=t.clerk)
            visits = []
            for d in ctx.dates(year, t.n(fake.between(4, 9), year)):
                role = fake.pick(["secretary", "head", "other", "other"])
                visits.append(
                    FieldVisit(
                        leader=chairs[role] or fake.pick(others),
                        leader_role=role,
                        kind=fake.pick(["research", "supervision"]),
                        visited_on=d,
                        place=fake.pick(t.villages).name if fake.chance(0.7) else fake.pick(depts).name,
                        topic=fake.pick(VISIT_TOPICS),
                        findings=fake.pick(VISIT_FINDINGS),
                        **kw,
                    )
                )
            bulk_create_with_history(visits, FieldVisit, default_user=t.clerk)
        # 述法 is held at the year-end 述职: last year's has happened, this year's not yet
        # (unless today is past mid-December).
        reports = []
        for year in ctx.years:
            held = dt.date(year, 12, fake.between(16, 30))
            if year == current and ctx.today < held:
                continue
            for person, role in [(secretary, "secretary"), (head, "head"), (fake.pick(others), "member")]:
                reports.append(
                    DutyReport(
                        year=year,
                        person=person,
                        role=role,
                        reported_on=held,
                        forum="年终述职述廉述法大会",
                        text="围绕履行推进法治建设第一责任人职责，报告学法用法、依法决策、"
                        "推进严格执法和化解矛盾纠纷等情况",
                        assessment=fake.pick(["good", "good", "fairly_good"]),
                        **kw,
                    )
                )
        bulk_create_with_history(reports, DutyReport, default_user=t.clerk)
