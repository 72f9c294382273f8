"""Formats kept as data (rules/formats.json): each check fires on its positive examples and stays
silent on its negative ones; the report year comes from the title and opening, not a date line."""

from __future__ import annotations

import pytest

from fazhi.review import formats, review_text
from fazhi.review.rules import load
from fazhi.review.text import _ARTIFACT_RE, ARTIFACT_PATTERNS, artifact_matches, repair

DATA = load("formats.json")


@pytest.mark.parametrize("text", DATA["document_examples"]["positive"])
def test_it_flags_a_plan_title_with_wrong_years_dash_or_bracket(text: str) -> None:
    hits = formats.check_documents(repair(text))
    assert hits and all(h.severity == "error" and "年）" in h.suggestion for h in hits), text


@pytest.mark.parametrize("text", DATA["document_examples"]["negative"])
def test_it_accepts_a_plan_title_written_right_or_a_local_plan(text: str) -> None:
    assert not formats.check_documents(repair(text)), text


def test_it_flags_a_session_cited_before_it_met_and_only_then() -> None:
    e = DATA["session_examples"]
    assert formats.check_sessions(repair(e["positive"]), e["year"])
    assert not formats.check_sessions(repair(e["negative"]), e["year"])
    # The report on a year is written early the next year and may cite what met then.
    assert not formats.check_sessions(repair("学习二十届二中全会精神。"), 2022)


def test_it_flags_a_day_name_written_two_ways_in_one_report() -> None:
    hits = formats.check_day_names(repair(DATA["day_examples"]["positive"]))
    assert [h.suggestion for h in hits] == ["4·15"]
    assert not formats.check_day_names(repair(DATA["day_examples"]["negative"]))
    assert not formats.check_day_names(repair("开展“4.15”国家安全教育日宣传。"))  # one way throughout


@pytest.mark.parametrize("text", DATA["heading_examples"]["positive"])
def test_it_flags_a_heading_marker_missing_a_bracket(text: str) -> None:
    hits = formats.check_heading_markers(repair("正文第一段。\n" + text + "\n"))
    assert hits and hits[0].suggestion.startswith("（"), text


@pytest.mark.parametrize("text", [*DATA["heading_examples"]["negative"], "（一般情况下不予处罚"])
def test_it_accepts_balanced_heading_markers_and_bracketed_words(text: str) -> None:
    assert not formats.check_heading_markers(repair("正文第一段。\n" + text + "\n")), text


def test_it_takes_the_year_from_the_title_not_from_a_web_page_date_line() -> None:
    text = (
        "某某区人民政府 2019年12月3日星期二\n发布时间：2025-03-01\n"
        "某某镇2024年度法治政府建设情况报告\n"
        "2024年，我镇坚持依法行政。现将我镇2024年度法治政府建设情况报告如下：\n一、主要举措和成效\n"
    )
    assert review_text(text).year == 2024


def test_it_flags_a_year_clash_in_the_opening_sentence() -> None:
    text = (
        "某某镇2024年度法治政府建设情况报告\n"
        "2024年，我镇坚持依法行政。现将我镇2023年度法治政府建设情况报告如下：\n一、主要举措和成效\n"
    )
    r = review_text(text)
    hits = [f for f in r.findings if f.rule == "format.opening_year"]
    assert r.year == 2024 and [h.excerpt for h in hits] == ["2023年"] and hits[0].severity == "error"
    fixed = text.replace("2023年度", "2024年度")
    assert not [f for f in review_text(fixed).findings if f.rule == "format.opening_year"]


def test_it_accepts_item_numbers_that_run_on_across_sections_as_the_platform_writes_them() -> None:
    text = (
        "某某镇2024年度法治政府建设情况报告\n一、主要举措和成效\n（一）依法履职\n1.完善制度。\n2.规范执法。\n"
        "（二）依法决策\n3.合法性审查。\n二、存在的不足和原因\n（三）问题\n原因是培训不足。\n"
    )
    assert not [f for f in review_text(text).findings if f.rule == "structure.numbering"]
    gap = text.replace("3.合法性审查", "5.合法性审查")
    assert [f for f in review_text(gap).findings if f.rule == "structure.numbering"]


def test_it_checks_a_rate_only_against_the_pair_the_sentence_states() -> None:
    stated = "全年抽查案卷257件，合格249件；评查合格率94.8%（236/249）。"
    assert not [f for f in review_text(stated).findings if f.rule == "figure.rate_mismatch"]
    wrong = "评查合格率96.9%（236/249）。"
    hits = [f for f in review_text(wrong).findings if f.rule == "figure.rate_mismatch"]
    assert hits and hits[0].suggestion == "94.8%"
    ambiguous = "受理案件50件，调解30件，办结45件，办结率96%。"
    hits = [f for f in review_text(ambiguous).findings if f.rule == "figure.rate_mismatch"]
    assert hits and hits[0].severity == "info" and hits[0].suggestion == ""


@pytest.mark.parametrize(
    ("text", "excerpt", "severity"),
    [
        ("我镇深入学习习近平法治思想。全网资源每日更新www.abcziliao.com\n", "全网资源每日更新", "error"),
        ("建设职能科学、权责法定、澳门葡京娱乐城执法严明的法治政府。", "澳门葡京娱乐城", "error"),
        ("全年办理案件****件。", "****", "warning"),
        ("链接 www.example-docs.com 了解详情。", "www.example-docs.com", "warning"),
    ],
)
def test_it_reports_web_residue_spam_and_masked_digits_as_artifacts(text, excerpt, severity) -> None:
    hits = [f for f in review_text(text).findings if f.kind == "artifact"]
    assert any(h.excerpt == excerpt and h.severity == severity for h in hits), hits


@pytest.mark.parametrize(
    "text", ["在区政府网站www.jh.gov.cn公开信息。", "依法打击赌博违法犯罪，开展禁毒宣传。", "完成第X项任务。"]
)
def test_it_leaves_government_sites_and_ordinary_words_alone(text: str) -> None:
    assert not [f for f in review_text(text).findings if f.kind == "artifact"], text


def test_it_does_not_call_a_past_year_in_the_body_a_clash() -> None:
    text = (
        "某某镇2024年度法治政府建设情况报告\n"
        "2024年，我镇坚持依法行政。现将我镇2024年度法治政府建设情况报告如下：\n一、主要举措和成效\n"
        "2023年以来，我镇持续推进法治建设。\n2023年，我镇获评省级民主法治示范村。\n"
    )
    assert not [f for f in review_text(text).findings if f.rule == "format.opening_year"]


RESIDUE = [
    "[image: 图片1.png]",
    "书签 _Toc123456 ",
    'HYPERLINK "http://x"',
    "乱码\ufffd\ufffd",
    "更多精品资料请关注本站",
    "本文来源于网络",
    "侵权请联系删除",
    "道客巴巴",
    "微信扫码关注公众号",
    "Wayback Machine",
    "新葡京娱乐",
    "注册送彩金",
    "共＊＊件",
    "第XX人",
    "https://abc.example.org/x",
    "WWW.ABC.NET",
    "abc-ziliao.top",
]


def test_the_residue_examples_cover_every_artifact_pattern() -> None:
    hit = {m.lastindex for r in RESIDUE for m in _ARTIFACT_RE.finditer(r)}
    assert hit == set(range(1, len(ARTIFACT_PATTERNS) + 1))


@pytest.mark.parametrize("residue", RESIDUE)
def test_the_artifact_scan_by_cue_finds_what_the_whole_pattern_finds(residue: str) -> None:
    text = f"一、主要举措\n我镇依法行政。{residue}其余正文。\n二、存在的不足\n"
    whole = [(m.start(), m.end(), m.lastindex) for m in _ARTIFACT_RE.finditer(text)]
    assert whole, residue  # each example exercises one of ARTIFACT_PATTERNS
    assert [(m.start(), m.end(), m.lastindex) for m in artifact_matches(text)] == whole
