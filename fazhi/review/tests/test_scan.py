"""The shortcut scans find exactly what a plain scan of the whole text finds."""

from __future__ import annotations

import random
import re

import pytest

from fazhi.review import boilerplate, figures, formats
from fazhi.review import text as text_module
from fazhi.review.rules import collocations, context_confusions, formulation_rules
from fazhi.review.synth import DEFECTS, make_report
from fazhi.review.text import (
    Sieve,
    first_chars,
    has_traditional,
    lead_width,
    repair,
    required_literals,
    scan,
    traditional_chars,
    window_literals,
)


def _patterns() -> list[re.Pattern[str]]:
    fixed = [
        figures.FIGURE_RE,
        formats._DOC_NUMBER_RE,
        formats._DATE_RE,
        formats._document_re(),
        formats._session_re(),
        formats._day_re(),
        formats._BROKEN_MARKER_RE,
    ]
    rules = [r.pattern for r in (*formulation_rules(), *collocations(), *context_confusions())]
    return fixed + rules + list(boilerplate.stock_patterns())


def _texts() -> list[str]:
    extra = (
        "全年不少于12场，近30人次，约5件，逾百人，超过三成，附近2个村，赶超3项，共十二件，"
        "百分之九十五，2024年3月5日，党的十九大和十九届四中全会精神，二十大，（二）依法决策\n"
        "一）纵深推进，学习法治思想，习近平法治思想，“3·15”与4.15，12·4。"
    )
    texts = [make_report(i, org="青石镇", defects=DEFECTS[i % 6 :: 3], target_chars=3000) for i in range(6)]
    return [repair(t).text for t in [*texts, extra]]


@pytest.mark.parametrize("pattern", _patterns(), ids=lambda p: p.pattern[:40])
def test_scan_finds_what_finditer_finds(pattern: re.Pattern[str]) -> None:
    for text in _texts():
        assert [m.span() for m in scan(pattern, text)] == [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "first"),
    [
        (r"(?<!a)(?:党的)?十[八九]大", "[党十]"),
        (r"(?:全国)?法制宣传日", "[全法]"),
        (r"(?<!\d)(?:19|20)\d{2}年", "[12]"),
        (r"a?b*c", "[abc]"),
        (r"(?i)(?:a)?b", "[ab]"),  # compiled case-insensitive too (below)
    ],
)
def test_first_chars_of_a_pattern_with_an_optional_start(pattern: str, first: str) -> None:
    got = first_chars(re.compile(pattern))
    assert got is not None and set(got.pattern[1:-1]) == set(first[1:-1])


@pytest.mark.parametrize(
    "pattern",
    [
        r"法治",
        r"(?:场实|彻实)履行",
        r"[\u4e00-\u9fff]{2}发",
        r".法",
        r"[^x]y",
        r"x?",
        r"(?<!a)\w+",
    ],
)
def test_no_shortcut_where_the_engine_skips_itself_or_the_start_is_open(pattern: str) -> None:
    assert first_chars(re.compile(pattern)) is None


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"(?:全国)?法制宣传日", ("法制宣传日",)),
        (r"(?<!习近平)总书记法治思想(?=作为)", ("总书记法治思想",)),
        (r"(?:场实|彻实)履行", ("履行",)),
        (r"(?:顿导干部|领导于部)", ("顿导干部", "领导于部")),
        (r"法制(宣传教育|观念)", ("法制",)),
        (r"(?:党的)?十[八九]大(?:和十九届全会)?精神", ("精神",)),
        (r"法制|法治", ()),  # the parser folds the shared 法: one character is no sieve
        (r"a?b", ()),
        (r"(?i)abc", ()),
        (r"[\u4e00-\u9fff]{1,10}?发", ()),
    ],
)
def test_required_literals(pattern: str, literals: tuple[str, ...]) -> None:
    assert required_literals(re.compile(pattern)) == literals


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"《?(?P<name>法治政府建设实施纲要|法治中国建设规划)》?", ("政府建设实施纲要", "中国建设规划")),
        (r"(?:党的)?(?P<n>十九届[一二]中全会|二十大)精神?", ("十九届", "二十大")),
        (r"(?:全国)?法制宣传日", ("法制宣传日",)),
        (r"x(?:ab|c)y", ()),
        (r"法制|法治", ()),
    ],
)
def test_window_literals(pattern: str, literals: tuple[str, ...]) -> None:
    assert window_literals(re.compile(pattern)) == literals


def test_document_numbers_are_found_as_a_whole_text_scan_finds_them() -> None:
    rng = random.Random(7)
    alphabet = list("青政发字函办报第号〔〕[]（）() 0123456789\n文件的县")
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        got = [(m.span(), m.groupdict()) for m in formats._doc_numbers(text)]
        assert got == [(m.span(), m.groupdict()) for m in formats._DOC_NUMBER_RE.finditer(text)], text


@pytest.mark.parametrize(
    "text",
    [
        "依法行政——2021—2025年·3·15",
        "推进法治政府建设。",
        "然後开展工作",  # 後: traditional, and in GB2312
        "依法治國",  # 國: outside GB2312
        "堃字与依法治国",  # outside GB2312, not traditional
        "plain ascii",
        "",
    ],
)
def test_has_traditional_agrees_with_the_whole_table(text: str) -> None:
    assert has_traditional(text) == (not traditional_chars().isdisjoint(text))


@pytest.mark.parametrize(
    "pattern", [p for p in _patterns() if lead_width(p) is not None], ids=lambda p: p.pattern[:40]
)
def test_windowed_scan_finds_what_finditer_finds_on_shuffled_text(pattern: re.Pattern[str]) -> None:
    # Pieces of the sample texts around the pattern's required strings, shuffled, so that the
    # windows before those strings meet, overlap and fall at the edges of the text.
    rng = random.Random(11)
    base = "".join(_texts())
    cuts = [base[i : i + rng.randint(1, 30)] for i in range(0, len(base), 7)]
    pieces = [*cuts, *window_literals(pattern)]
    for _ in range(40):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 80)))
        assert [m.span() for m in scan(pattern, text)] == [m.span() for m in pattern.finditer(text)]


def _whole_strings(pattern: str) -> tuple[str, ...]:
    seq = text_module._top(re.compile(pattern))
    return text_module._strings(seq) if seq is not None else ()


@pytest.mark.parametrize(
    ("pattern", "strings"),
    [
        (r"(?:党员于部|党员千部|党员干布)", ("党员于部", "党员千部", "党员干布")),  # a factored prefix
        (r"法制|法治", ("法制", "法治")),  # the parser's class of the two endings
        (r"(?<!习近平)总书记法治思想(?=作为)", ("总书记法治思想",)),  # lookarounds consume nothing
        (r"(?:场实|彻实)履行", ("场实履行", "彻实履行")),
        (r"(?:考核机(?!制))", ("考核机",)),
        (r"a?b", ()),
        (r"[a-z]b", ()),
        (r"(?i)ab", ()),
        (r"[^a]b", ()),
        ("(?:" + "|".join("abcdefghi") + ")(?:" + "|".join("abcdefghi") + ")", ()),  # 81 strings
    ],
)
def test_the_strings_a_small_pattern_can_match(pattern: str, strings: tuple[str, ...]) -> None:
    assert _whole_strings(pattern) == strings


def test_a_sieve_keeps_every_pattern_that_can_match() -> None:
    # Texts made of pieces of the sample texts and of the strings the patterns look for, so that
    # most patterns match some of them and miss others: a pattern left out of the candidates
    # must not match.
    patterns = _patterns()
    sieve = Sieve(patterns, lambda p: p)
    rng = random.Random(17)
    base = "".join(_texts())
    pieces = [base[i : i + rng.randint(1, 30)] for i in range(0, len(base), 11)]
    for p in patterns:
        pieces += [*_whole_strings(p.pattern), *required_literals(p), *window_literals(p)]
    dropped = 0
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
        kept = set(sieve.candidates(text))
        for p in patterns:
            if p not in kept:
                dropped += 1
                assert p.search(text) is None, (p.pattern, text)
    assert dropped > 300 * len(patterns) // 2  # and it does sieve


def test_a_case_insensitive_pattern_gets_a_case_insensitive_class() -> None:
    first = first_chars(re.compile(r"(?i)(?<!x)(?:ab)?cd"))
    assert first is not None and first.match("A") and first.match("C") and not first.match("d")


# Raw text as a clerk's file yields it: the patterns below run before the repairs that would
# remove what they look for.
_RAW_ALPHABET = [
    *"法治建设镇村年件 \t\n\x0b\x1f\u200b\ufeff-—–－0123456789[]_:*＊×xX\ufffd",
    *("[bookmark: _GoBack]", "_Toc123", "HYPERLINK ", "mergeformat", "资源每日更新", "更多资料请关注"),
    *("www.", "abc.com", "http://x.gov.cn/a", "百家乐", "葡京娱乐", "扫码关注", "\n - 3 - \n"),
]


@pytest.mark.parametrize(
    "pattern", [text_module._SILENT_RE, text_module._EDGE_SPACE_RE], ids=lambda p: p.pattern[:40]
)
def test_repair_scans_find_what_finditer_finds(pattern: re.Pattern[str]) -> None:
    rng = random.Random(5)
    for _ in range(3000):
        raw = "".join(rng.choice(_RAW_ALPHABET) for _ in range(rng.randint(0, 30)))
        assert [m.span() for m in scan(pattern, raw)] == [m.span() for m in pattern.finditer(raw)], raw


def test_artifacts_are_found_as_a_whole_text_scan_finds_them() -> None:
    rng = random.Random(3)
    for _ in range(3000):
        raw = "".join(rng.choice(_RAW_ALPHABET) for _ in range(rng.randint(0, 30)))
        got = [m.span() for m in text_module.artifact_matches(raw)]
        assert got == [m.span() for m in text_module._ARTIFACT_RE.finditer(raw)], raw
