"""The shortcut scans find exactly what a plain scan of the whole text finds."""

from __future__ import annotations

import re

import pytest

from fazhi.review import figures, formats
from fazhi.review.rules import collocations, context_confusions, formulation_rules
from fazhi.review.synth import DEFECTS, make_report
from fazhi.review.text import first_chars, repair, scan


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
    return fixed + [r.pattern for r in (*formulation_rules(), *collocations(), *context_confusions())]


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
        r"(?i)(?:a)?b",
        r"(?<!a)\w+",
    ],
)
def test_no_shortcut_where_the_engine_skips_itself_or_the_start_is_open(pattern: str) -> None:
    assert first_chars(re.compile(pattern)) is None
