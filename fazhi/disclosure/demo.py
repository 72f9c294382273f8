"""Demo records for information disclosure: proactive items of the township list, published on
time, late or still pending, and applications at every step (supplements, a third-party
consultation, an extension), some late."""

import datetime as dt

from simple_history.utils import bulk_create_with_history

from fazhi.disclosure import rules
from fazhi.disclosure.models import InfoRequest, ProactiveItem
from fazhi.orgs.models import Department

ITEMS = [
    ("agri_policy", "{y}年耕地地力保护补贴发放情况", "农业服务中心"),
    ("land_contract", "{v}土地承包经营权流转情况公示", "农业服务中心"),
    ("homestead", "{v}农村宅基地和建房（规划许可）审批结果公示", "自然资源所"),
    ("land_expropriation", "{v}集体土地征收补偿安置方案", "自然资源所"),
    ("social_assistance", "{y}年第{q}季度城乡低保、特困供养对象名单", "社会事务办"),
    ("fundraising", "{v}“一事一议”筹资筹劳方案", "党政办公室"),
    ("irrigation", "{v}高标准农田水利设施建设项目公示", "农业服务中心"),
    ("budget", "{y}年部门预算公开", "党政办公室"),
    ("enforcement", "{y}年行政处罚事项清单", "综合行政执法大队"),
]
REQUESTS = [
    "本村{y}年土地征收补偿标准及补偿款发放明细",
    "本人宅基地审批材料及审批结果",
    "{y}年村道硬化工程招标及验收资料",
    "本村低保评议会议记录",
    "镇政府{y}年“三公”经费支出情况",
]
REPLY_TYPES = ["provided", "provided", "already_public", "refused", "not_exist", "not_ours"]


def _wd(day: dt.date, n: int) -> dt.date:
    return rules.add(day, n, working=True).date


def _consistent(procedure, obj) -> None:
    """Demo records are seeded directly at a step: they must hold every gate on the way."""
    if unmet := procedure.check_state(obj):
        raise AssertionError(f"demo record {obj} at {obj.step}: {unmet}")


def seed(ctx) -> None:
    fake, today = ctx.fake, ctx.today
    for t in ctx.townships:
        depts = {d.name: d for d in Department.objects.filter(org=t.org)}
        items = []
        for year in ctx.years:
            for q, formed in enumerate(ctx.dates(year, t.n(12, year))):
                category, title, dept = fake.pick(ITEMS)
                item = ProactiveItem(
                    org=t.org,
                    title=title.format(y=year, v=fake.pick(t.villages).name, q=q % 4 + 1),
                    category=category,
                    department=depts.get(dept),
                    formed_on=formed,
                    created_by=t.clerk,
                    updated_by=t.clerk,
                )
                due = rules.proactive_due(item).date
                if due < today:
                    # Mostly on time; one in six published late.
                    item.secrecy_reviewed_on = _wd(formed, 2)
                    item.secrecy_reviewer = fake.name()
                    late = q % 6 == 5 or t.lags(fake) and fake.chance(0.5)
                    item.published_on = (
                        _wd(formed, fake.between(22, 30)) if late else _wd(formed, fake.between(3, 15))
                    )
                    item.channel = fake.pick(["website", "board", "village_board", "new_media"])
                    item.step = "published"
                    if item.published_on > today:
                        item.published_on = today
                items.append(item)
        # Open items: one just formed, one reviewed awaiting publication, one past its 20 days.
        items.append(
            ProactiveItem(
                org=t.org,
                title=f"{fake.pick(t.villages).name}宅基地审核结果公示",
                category="homestead",
                department=depts.get("自然资源所"),
                formed_on=today - dt.timedelta(days=3),
            )
        )
        items.append(
            ProactiveItem(
                org=t.org,
                title=f"{today.year}年临时救助对象名单",
                category="social_assistance",
                department=depts.get("社会事务办"),
                formed_on=today - dt.timedelta(days=12),
                secrecy_reviewed_on=today - dt.timedelta(days=8),
                secrecy_reviewer=fake.name(),
                step="reviewed",
            )
        )
        items.append(
            ProactiveItem(
                org=t.org,
                title=f"{fake.pick(t.villages).name}土地承包经营权流转合同备案情况",
                category="land_contract",
                department=depts.get("农业服务中心"),
                formed_on=today - dt.timedelta(days=45),
            )
        )
        for item in items:
            _consistent(rules.ITEM_PROCEDURE, item)
        bulk_create_with_history(items, ProactiveItem, default_user=t.clerk)

        _seed_requests(ctx, t)


def _seed_requests(ctx, t) -> None:
    fake, today = ctx.fake, ctx.today
    requests = []
    n = 0

    def request(received: dt.date, step: str, **fields) -> InfoRequest:
        nonlocal n
        n += 1
        r = InfoRequest(
            org=t.org,
            number=f"{t.org.name[:2]}依申〔{received.year}〕{n}号",
            received_on=received,
            channel=fake.pick(["in_person", "post", "online"]),
            applicant_name=fake.name(),
            applicant_id_number=fake.id_number(),
            applicant_phone=fake.phone(),
            applicant_address=f"{t.org.name}{fake.pick(t.villages).name}{fake.between(1, 60)}号",
            request=fake.pick(REQUESTS).format(y=received.year - 1),
            form_wanted=fake.pick(["纸质", "电子邮件"]),
            step=step,
            created_by=t.clerk,
            updated_by=t.clerk,
            **fields,
        )
        _consistent(rules.REQUEST_PROCEDURE, r)
        requests.append(r)
        return r

    # Answered and archived over the two years, mostly on time.
    for k, received in enumerate(
        ctx.dates(ctx.years[0], t.n(6, ctx.years[0])) + ctx.dates(ctx.years[1], t.n(4, ctx.years[1]))
    ):
        if _wd(received, 30) >= today:
            continue
        reply_type = REPLY_TYPES[k % len(REPLY_TYPES)]
        late = k == 3 or t.lags(fake) and fake.chance(0.5)
        replied = _wd(received, fake.between(22, 26) if late else fake.between(5, 18))
        request(
            received,
            "archived",
            replied_on=replied,
            reply_type=reply_type,
            responsible_organ="县自然资源局" if reply_type == "not_ours" else "",
            reply_summary="已按申请人要求的形式提供" if reply_type == "provided" else "已书面告知",
            archived_on=_wd(replied, 3),
            archive_number=f"GK{received.year}-{k + 1:03d}",
        )
    # Every open step.
    request(today - dt.timedelta(days=4), "received")
    request(today - dt.timedelta(days=40), "received")  # late: 20 working days have run out
    notice = _wd(today - dt.timedelta(days=12), 3)
    request(
        today - dt.timedelta(days=12),
        "supplement",
        supplement_notice_on=notice,
        supplement_content="请明确所申请信息的具体年份和地块位置",
    )
    received = today - dt.timedelta(days=30)
    request(
        received,
        "supplemented",
        supplement_notice_on=_wd(received, 2),
        supplement_content="请补充申请人身份证明",
        supplement_received_on=today - dt.timedelta(days=6),
    )
    received = today - dt.timedelta(days=80)
    request(
        received,
        "abandoned",
        supplement_notice_on=_wd(received, 3),
        supplement_content="请明确所需信息的名称",
        abandoned_on=_wd(received, 30),
    )
    received = today - dt.timedelta(days=20)
    request(
        received,
        "consulting",
        consult_from=_wd(received, 5),
        consult_party="某建筑工程有限公司",
        consult_reason="申请公开的招标资料涉及该公司商业秘密",
    )
    received = today - dt.timedelta(days=45)
    request(
        received,
        "consulted",
        consult_from=_wd(received, 4),
        consult_party="某养殖专业合作社",
        consult_reason="申请公开的补贴明细涉及合作社经营信息",
        consult_to=_wd(received, 16),
    )
    received = today - dt.timedelta(days=32)
    request(
        received,
        "extended",
        extended_days=15,
        extension_reason="申请内容涉及多个年度档案，需调档检索",
        extension_notice_on=_wd(received, 18),
    )
    received = today - dt.timedelta(days=20)
    request(
        received,
        "replied",
        replied_on=_wd(received, 9),
        reply_type="provided",
        reply_summary="已提供电子文件",
    )
    for r in requests:
        r.full_clean(exclude=["org", "created_by", "updated_by"])
    bulk_create_with_history(requests, InfoRequest, default_user=t.clerk)
