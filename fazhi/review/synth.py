"""Synthetic annual reports for tests and the benchmark, written from scratch (no real report text).

A clean report has the five mandated parts and plausible figures; `defects` plants one known
defect of each named kind so tests can check that the engine finds exactly what was planted.
"""

from __future__ import annotations

import random

DEFECTS = (
    "congress",  # cites the 19th Congress as current
    "theory_name",  # guiding theory without 习近平
    "law_thought",  # bare 法治思想 as the guiding thought
    "fazhi_term",  # 法制宣传教育
    "outline",  # superseded outline
    "typo_confusion",  # 领导于部
    "typo_duplicate",  # 司司法所
    "approx_exact",  # 23余件
    "rate_over",  # 参训率105%
    "rate_mismatch",  # 50 cases, 45 settled, 95%
    "parts_total",  # total 20, parts 12+11
    "repeat_figure",  # same subject, two values
    "doc_number",  # 青政发[2024]第05号
    "bad_date",  # 2024年2月30日
    "heading_year",  # next-year heading with the wrong year
    "artifact",  # [bookmark: _GoBack]
    "missing_other",  # part 5 absent
    "no_causes",  # shortcomings without causes
)

_ACTIONS = ("组织", "开展", "举办", "推动", "完成", "指导")
_TOPICS = (
    ("宪法宣传活动", "场"),
    ("送法下村活动", "次"),
    ("村干部法治培训", "期"),
    ("行政执法案卷评查", "卷"),
    ("合同合法性审查", "份"),
    ("矛盾纠纷排查", "轮"),
    ("法律明白人培训", "人次"),
    ("入户走访", "户"),
    ("法治文化墙建设", "处"),
    ("普法短视频制作", "条"),
    ("村规民约修订审查", "件"),
    ("法律咨询接待", "人次"),
)
_OPENERS = ("围绕", "聚焦", "紧扣", "针对", "结合")
_AIMS = (
    "基层依法治理能力",
    "群众尊法学法守法用法意识",
    "行政执法规范化水平",
    "重大决策的合法性",
    "矛盾纠纷源头化解成效",
    "政务公开的及时性",
    "法律服务的可及性",
    "村级事务的规范管理",
)
_VERBS = ("提升", "增强", "巩固", "改善", "夯实", "拓展")
_PLACES = ("东岭村", "柳塘村", "石桥社区", "北坡村", "河湾村", "新源社区", "杏林村", "南岗村")


def _filler(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        t, p, a = rng.randrange(len(_TOPICS)), rng.randrange(len(_PLACES)), rng.randrange(len(_ACTIONS))
        topic, unit = _TOPICS[t]
        # The value follows from the subject, so a repeated subject repeats its value as in a real report.
        value = (2 + (7 * t + a) % 8) * 10
        out.append(
            f"{rng.choice(_OPENERS)}{_PLACES[p]}实际，{_ACTIONS[a]}{topic}{value}{unit}，"
            f"{rng.choice(_VERBS)}{rng.choice(_AIMS)}，做到{rng.choice(('边查边改', '以案释法', '即知即办', '分类施策'))}。"
        )
    return "".join(out)


def make_report(
    seed: int = 0,
    *,
    org: str = "青石镇",
    county: str = "云溪县",
    year: int = 2024,
    defects: tuple[str, ...] = (),
    target_chars: int = 0,
) -> str:
    rng = random.Random(seed)
    d = set(defects)
    unknown = d - set(DEFECTS)
    if unknown:
        raise ValueError(f"unknown defects: {sorted(unknown)}")
    congress = "党的十九大精神" if "congress" in d else "党的二十大精神"
    theory = "新时代中国特色社会主义思想" if "theory_name" in d else "习近平新时代中国特色社会主义思想"
    law_thought = "法治思想" if "law_thought" in d else "习近平法治思想"
    edu = "法制宣传教育" if "fazhi_term" in d else "法治宣传教育"
    outline = (
        "《全面推进依法行政实施纲要》" if "outline" in d else f"《法治政府建设实施纲要（2021—{year + 1}年）》"
    )
    cadres = "领导于部" if "typo_confusion" in d else "领导干部"
    office = "司司法所" if "typo_duplicate" in d else "司法所"
    disputes = "23余件" if "approx_exact" in d else "23件"
    rate = "105%" if "rate_over" in d else "98%"
    settled = "95%" if "rate_mismatch" in d else "90%"
    parts = (
        "其中婚姻家庭纠纷12件、邻里纠纷11件" if "parts_total" in d else "其中婚姻家庭纠纷12件、邻里纠纷6件"
    )
    repeat_value = "16" if "repeat_figure" in d else "14"
    docno = f"青政发[{year}]第05号" if "doc_number" in d else f"青政发〔{year + 1}〕3号"
    date = f"{year}年2月30日" if "bad_date" in d else f"{year}年2月26日"
    plan_year = year if "heading_year" in d else year + 1
    residue = "[bookmark: _GoBack]" if "artifact" in d else ""
    shortcoming_causes = (
        "三是村级法治力量薄弱，专职人员少。"
        if "no_causes" in d
        else "三是村级法治力量薄弱，主要原因是专职人员少、经费保障不足。"
    )
    shortcoming_heading = (
        "二、存在的问题和不足" if "no_causes" in d else "二、推进法治政府建设存在的不足和原因"
    )
    body_fill = _filler(rng, max(0, (target_chars - 900) // 40)) if target_chars else _filler(rng, 2)
    text = f"""{county}{org}人民政府
关于{year}年度法治政府建设情况的报告
{docno}

{county}委、{county}人民政府：
{year}年，{org}坚持以{theory}为指导，全面贯彻{congress}，深入学习贯彻{law_thought}，对照{outline}逐项抓落实，现将有关情况报告如下。
一、{year}年度推进法治政府建设的主要举措和成效
（一）健全依法决策机制。{residue}全年召开党委会研究法治工作14次，审议重大行政决策事项6项，均经过合法性审查和集体讨论，{office}出具审查意见31份。
（二）深化{edu}。以“八五”普法规划为抓手，{body_fill}全镇组织学法考试2次，参训率{rate}，培育法律明白人96人，覆盖全部32个村。
（三）化解矛盾纠纷。全年受理矛盾纠纷{disputes}，调处成功率稳定。受理人民调解案件20件，{parts}。调解案件50件，调解成功45件，调解成功率{settled}。
（四）规范行政执法。开展执法人员培训3期，{cadres}带头参训，综合执法队办理行政处罚案件{repeat_value}件，行政执法案卷评查覆盖率100%。
{shortcoming_heading}
一是部分干部运用法治思维解决问题的能力不强。二是普法形式较为单一，针对性不够。{shortcoming_causes}
三、党政主要负责人履行推进法治建设第一责任人职责情况
镇党委书记、镇长切实履行第一责任人职责，主持召开专题会议5次，带头开展述法，综合执法队办理行政处罚案件14件，先后到8个村督导检查法治工作。
四、{plan_year}年度推进法治政府建设的主要安排
一是进一步完善重大行政决策程序；二是深入推进“八五”普法；三是加强执法人员培训，提高执法规范化水平。
"""
    if "missing_other" not in d:
        text += "五、其他需要报告的情况\n无其他需要报告的情况。\n"
    text += f"\n{org}人民政府\n{date}\n"
    return text
