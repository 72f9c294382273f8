"""Demo findings and plan items: last year's report shortcomings and county inspection findings
with mixed progress, and this year's plan items taken from last year's report."""

import datetime as dt

from simple_history.utils import bulk_create_with_history

from fazhi.orgs.models import Department
from fazhi.rectification.models import Finding, PlanItem

# (description, cause, measure, department) written for the demo.
FINDINGS = [
    (
        "部分村（社区）法律明白人培训不够系统，作用发挥不充分",
        "培训以集中授课为主，结合村务实际的案例教学较少",
        "按季度开展法律明白人案例培训，建立以案释法清单",
        "司法所",
    ),
    (
        "行政执法案卷归档不及时，个别案卷文书不齐全",
        "执法人员新调整较多，对案卷标准掌握不熟",
        "开展案卷自查评查，组织执法文书规范化培训",
        "综合行政执法大队",
    ),
    (
        "合同合法性审核覆盖不全，个别村级合同未经审核即签订",
        "村级合同报审意识不强，审核流程宣传不够",
        "将村级合同纳入合法性审核目录，每月通报报审情况",
        "司法所",
    ),
    (
        "重大行政决策公众参与形式单一",
        "征求意见主要依托公示栏，线上渠道利用不足",
        "增加网络征求意见和座谈会，规范意见采纳反馈",
        "党政办公室",
    ),
    (
        "政务公开栏目更新不及时，部分信息超过时限发布",
        "信息报送责任未细化到站所",
        "明确各站所信息报送责任人，每月检查更新情况",
        "党政办公室",
    ),
    (
        "矛盾纠纷排查台账记录不完整，部分排查未留痕",
        "网格员对排查记录要求理解不一致",
        "统一排查记录格式，纳入网格员月度考核",
        "司法所",
    ),
    (
        "领导干部学法计划执行不到位，会前学法存在缺项",
        "学法计划未与会议安排同步制定",
        "将会前学法列入政府常务会固定议程",
        "党政办公室",
    ),
    (
        "信访事项办理答复存在超期情况",
        "个别事项涉及多部门，协调周期较长",
        "建立信访事项办理时限预警，联席会议每月调度",
        "信访办",
    ),
]
PLANS = [
    "深入学习贯彻习近平法治思想，把法治建设纳入镇党委年度工作要点",
    "落实党政主要负责人履行推进法治建设第一责任人职责，年终述法全覆盖",
    "健全重大行政决策程序，严格落实合法性审核和集体讨论决定",
    "推进综合行政执法规范化建设，全面落实行政执法“三项制度”",
    "深化“一村一法律顾问”，实现村（社区）法律顾问全覆盖",
    "培育法律明白人，每个行政村不少于3名",
    "坚持和发展新时代“枫桥经验”，矛盾纠纷化解率保持在95%以上",
    "加强政务公开标准化规范化建设，按时发布政府信息",
    "开展“八五”普法总结验收，办好宪法宣传周等主题普法活动",
    "规范村规民约备案审查，纠正违法违规内容",
]
OWNERS = ["分管副镇长", "党委副书记", "政法委员", "司法所所长", "党政办主任"]


def seed(ctx) -> None:
    fake = ctx.fake
    last, current = ctx.years[0], ctx.years[-1]
    for t in ctx.townships:
        depts = {d.name: d for d in Department.objects.filter(org=t.org)}
        findings = []
        picked = list(FINDINGS)
        fake.rng.shuffle(picked)
        for n, (description, cause, measure, dept) in enumerate(picked[: fake.between(4, 6)]):
            from_report = n < 3
            found = (
                dt.date(current, 2, fake.between(20, 28))
                if from_report
                else fake.date_in(last, month=fake.between(6, 11))
            )
            found = min(found, ctx.today)
            due = found + dt.timedelta(days=fake.pick([60, 90, 120, 180]))
            status = fake.pick(["closed", "closed", "in_progress", "pending"])
            if status != "closed" and due < ctx.today and fake.chance(0.5):
                status = "overdue"
            closed = None
            if status == "closed":
                closed = min(found + dt.timedelta(days=fake.between(20, 150)), ctx.today)
            findings.append(
                Finding(
                    org=t.org,
                    source="report" if from_report else "inspection",
                    report_year=last if from_report else None,
                    found_on=found,
                    description=description,
                    cause=cause,
                    measure=measure,
                    owner=f"{fake.pick(OWNERS)} {fake.name()}",
                    owner_department=depts.get(dept),
                    due_on=due,
                    status=status,
                    evidence=f"{measure.split('，')[0]}，已形成工作记录和相关材料"
                    if status == "closed"
                    else "",
                    closed_on=closed,
                    closure_note="经镇党委会研究同意销号" if status == "closed" and fake.chance(0.6) else "",
                    created_by=t.clerk,
                    updated_by=t.clerk,
                )
            )
        bulk_create_with_history(findings, Finding, default_user=t.clerk)
        items = []
        plans = list(PLANS)
        fake.rng.shuffle(plans)
        for text in plans[: fake.between(5, 8)]:
            status = fake.pick(["done", "done", "in_progress", "in_progress", "not_started"])
            items.append(
                PlanItem(
                    org=t.org,
                    year=current,
                    text=text,
                    owner=fake.pick(OWNERS),
                    due_on=dt.date(current, fake.pick([6, 9, 12]), 30) if fake.chance(0.5) else None,
                    status=status,
                    outcome="已按计划完成，相关材料已归档" if status == "done" else "",
                    source_report_year=last,
                    created_by=t.clerk,
                    updated_by=t.clerk,
                )
            )
        bulk_create_with_history(items, PlanItem, default_user=t.clerk)
