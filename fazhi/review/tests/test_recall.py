"""One invented report with a defect of each kind the county reviewers mark, and its fixed twin."""

from __future__ import annotations

from fazhi.review import review_text

TEXT = """某某镇2024年度法治政府建设情况报告
2024年，我镇坚持依法行政。现将我镇2023年度法治政府建设情况报告如下：
一、主要举措和成效
（一）加强组织领导
镇党委深入学习思想思想，确实加强对法治工作的领导，学习总书记法治思想和党的二十届四中全会精神。
坚持依法制国，践行社会主意思想，深入贯物落实上级部署，推进依法行攻，学习习近平法制思想。
落实《法治政府建设实施纲要(2022—2025年)》和《法治中国建设规划(2021-2025年》，对照《法治社会建设实施纲要2020-2025年)》。
一)纵深推进执法规范化
建设职能科学、权责法定、执法严明、公开公正、廉洁高效、守法诚信的法治政府。
创建民主法制示范村2个，规范办政大厅管理。全网资源每日更新www.abcziliao.com
开展“3·15”消费者权益日、“12·4”国家宪法日和“4.15”全民国家安全教育日宣传。
全年评查案卷257件，评查合格率94.8%（236/249）。
"""

FIXES = {
    "现将我镇2023年度": "现将我镇2024年度",
    "思想思想": "思想",
    "确实加强": "切实加强",
    "总书记法治思想": "习近平法治思想",
    "党的二十届四中全会": "党的二十届三中全会",
    "依法制国": "依法治国",
    "社会主意": "社会主义",
    "贯物落实": "贯彻落实",
    "依法行攻": "依法行政",
    "习近平法制思想": "习近平法治思想",
    "(2022—2025年)": "(2021—2025年)",
    "(2021-2025年》": "(2020-2025年)》",
    "纲要2020-2025年)": "纲要(2020-2025年)",
    "一)纵深": "(二)纵深",
    "廉洁高效、守法诚信": "智能高效、廉洁诚信、人民满意",
    "民主法制示范村": "民主法治示范村",
    "办政大厅": "办证大厅",
    "全网资源每日更新www.abcziliao.com": "",
    "“4.15”": "“4·15”",
}

EXPECTED = {
    "format.opening_year",
    "typo.duplicate",
    "typo.context.确实",
    "formulation.xi-law-thought-name-stripped",
    "formulation.session_too_early",
    "typo.lexicon",
    "typo.collocation.社会主义",
    "typo.collocation.贯彻落实",
    "typo.collocation.依法行政",
    "typo.context.法制思想",
    "formulation.document_years",
    "format.document_title",
    "format.heading_marker",
    "formulation.goal-2015-wording",
    "formulation.demo-village-fazhi",
    "typo.collocation.办证大厅",
    "artifact.residue",
    "format.day_name",
}


def _judged(text: str) -> set[str]:
    r = review_text(text, name="invented.txt")
    return {f.rule for f in r.findings if f.severity != "info" and not f.whole_document}


def test_it_finds_each_kind_of_defect_the_county_reviewers_mark() -> None:
    r = review_text(TEXT, name="invented.txt")
    assert r.year == 2024
    assert _judged(TEXT) >= EXPECTED, EXPECTED - _judged(TEXT)
    assert not [f for f in r.findings if f.rule == "figure.rate_mismatch"]  # 236/249 is 94.8%


def test_it_is_silent_on_the_same_report_once_fixed() -> None:
    fixed = TEXT
    for wrong, right in FIXES.items():
        assert wrong in fixed, wrong
        fixed = fixed.replace(wrong, right)
    assert _judged(fixed) == set(), _judged(fixed)
