"""Demo records for the study-of-law area: two years of study sessions, exams and oaths."""

from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from fazhi.study.models import LawExam, OathCeremony, StudySession

# (topic, laws covered) pairs written for the demo; each session picks one.
TOPICS = [
    ("学习贯彻习近平法治思想", "《习近平法治思想学习纲要》"),
    ("宪法精神与国家工作人员的宪法责任", "《中华人民共和国宪法》"),
    ("行政处罚的程序与证据规则", "《中华人民共和国行政处罚法》"),
    ("乡镇综合行政执法中的强制措施", "《中华人民共和国行政强制法》"),
    ("重大行政决策的法定程序", "《重大行政决策程序暂行条例》"),
    ("政府信息公开的范围与时限", "《中华人民共和国政府信息公开条例》"),
    ("民法典婚姻家庭编与继承编要点", "《中华人民共和国民法典》"),
    ("土地承包经营权流转中的法律问题", "《中华人民共和国农村土地承包法》、《中华人民共和国土地管理法》"),
    ("人民调解工作的法律依据", "《中华人民共和国人民调解法》"),
    ("信访事项的受理与办理", "《信访工作条例》"),
    ("安全生产责任与事故防范", "《中华人民共和国安全生产法》"),
    (
        "农村人居环境整治中的依法行政",
        "《中华人民共和国环境保护法》、《中华人民共和国固体废物污染环境防治法》",
    ),
    ("行政复议与行政应诉实务", "《中华人民共和国行政复议法》、《中华人民共和国行政诉讼法》"),
    ("国家安全人人有责", "《中华人民共和国国家安全法》"),
    ("乡村振兴中的法治保障", "《中华人民共和国乡村振兴促进法》"),
    ("未成年人保护与家庭教育", "《中华人民共和国未成年人保护法》、《中华人民共和国家庭教育促进法》"),
    ("禁毒工作与社区戒毒", "《中华人民共和国禁毒法》"),
    ("村民自治与村规民约的合法性", "《中华人民共和国村民委员会组织法》"),
]
KIND_WEIGHTS = [("central_group", 4), ("pre_meeting", 6), ("collective", 4), ("lecture", 2), ("training", 2)]
SPEAKERS = [
    "司法所所长",
    "法律顾问",
    "县司法局普法股股长",
    "县委党校讲师",
    "县人民法院法官",
    "律师事务所律师",
    "党委书记",
    "镇长",
]
LEADERS = [
    "党委书记、镇长、党委副书记",
    "党委书记、镇长",
    "镇长、副镇长",
    "党委书记、纪委书记、组织委员",
    "全体班子成员",
]
EXAMS = [
    ("annual", "{year}年度国家工作人员学法用法考试", "县依法治县办"),
    ("pufa", "“八五”普法知识考试", "县司法局"),
    ("test", "民法典知识测试", "司法所"),
    ("test", "宪法知识网络测试", "县司法局"),
    ("pre_appointment", "新任职干部任前法律知识考试", "县委组织部"),
    ("certification", "行政执法人员执法资格考试", "县司法局"),
]
OCCASIONS = [
    "镇人民代表大会选举产生的国家工作人员就职",
    "新任命的站所负责人就职",
    "新录用公务员入职",
    "人大主席团任命的人员就职",
]
POSTS = [
    "副镇长",
    "人大主席",
    "人大副主席",
    "司法所所长",
    "财政所所长",
    "党政办主任",
    "综合执法队队长",
    "社会事务办主任",
]


def seed(ctx) -> None:
    fake = ctx.fake
    for t in ctx.townships:
        for year in ctx.years:
            sessions = []
            for d in ctx.dates(year, t.n(fake.between(12, 20), year)):
                kind = fake.weighted(KIND_WEIGHTS)
                topic, laws = fake.pick(TOPICS)
                leaders = kind in ("central_group", "pre_meeting")
                sessions.append(
                    StudySession(
                        org=t.org,
                        held_on=d,
                        kind=kind,
                        topic=topic,
                        laws=laws,
                        speaker=fake.pick(SPEAKERS),
                        participants=fake.between(9, 18) if leaders else fake.between(25, 90),
                        leaders_present=fake.pick(LEADERS) if leaders or fake.chance(0.5) else "",
                        hours=Decimal(
                            fake.pick(["1.0", "1.5", "2.0"] if leaders else ["2.0", "3.0", "4.0", "6.0"])
                        ),
                        created_by=t.clerk,
                        updated_by=t.clerk,
                    )
                )
            bulk_create_with_history(sessions, StudySession, default_user=t.clerk)
            exams = []
            for d, (kind, name, organiser) in zip(
                ctx.dates(year, t.n(fake.between(2, 4), year)), _distinct(fake, EXAMS), strict=False
            ):
                expected = fake.between(30, 120)
                sat = expected - fake.between(0, max(1, expected // 15))
                passed = sat - fake.between(0, max(1, sat // 10))
                exams.append(
                    LawExam(
                        org=t.org,
                        held_on=d,
                        name=name.format(year=year),
                        kind=kind,
                        organiser=organiser,
                        expected=expected,
                        sat=sat,
                        passed=passed,
                        notes="缺考人员因公出差，已安排补考" if sat < expected and fake.chance(0.4) else "",
                        created_by=t.clerk,
                        updated_by=t.clerk,
                    )
                )
            bulk_create_with_history(exams, LawExam, default_user=t.clerk)
            oaths = []
            for d in ctx.dates(year, t.n(fake.between(1, 2), year)):
                people = [f"{fake.name()} {fake.pick(POSTS)}" for _ in range(fake.between(2, 8))]
                oaths.append(
                    OathCeremony(
                        org=t.org,
                        held_on=d,
                        occasion=fake.pick(OCCASIONS),
                        presiding=f"{t.org.name}人大主席团",
                        sworn=len(people),
                        names="\n".join(people),
                        created_by=t.clerk,
                        updated_by=t.clerk,
                    )
                )
            bulk_create_with_history(oaths, OathCeremony, default_user=t.clerk)


def _distinct(fake, items):
    shuffled = list(items)
    fake.rng.shuffle(shuffled)
    return shuffled
