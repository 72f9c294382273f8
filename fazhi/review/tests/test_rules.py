"""Every data rule fires on its positive example and stays silent on its negative one."""

from __future__ import annotations

import re

import pytest

from fazhi.review import lexicon, review_text
from fazhi.review.language import check_collocations, check_contexts, check_duplicates, check_formulations
from fazhi.review.rules import (
    collocations,
    confusions,
    context_confusions,
    duplicate_data,
    formulation_rules,
    load,
)
from fazhi.review.text import repair

FORMULATIONS = formulation_rules()
COLLOCATIONS = collocations()


@pytest.mark.parametrize("rule", FORMULATIONS, ids=[r.id for r in FORMULATIONS])
def test_it_fires_each_formulation_rule_on_its_positive_example(rule) -> None:
    year = rule.examples["year"]
    hits = [
        f
        for f in check_formulations(repair(rule.examples["positive"]), year)
        if f.rule == f"formulation.{rule.id}"
    ]
    assert hits, rule.examples["positive"]
    assert all(f.suggestion and f.message for f in hits)


@pytest.mark.parametrize("rule", FORMULATIONS, ids=[r.id for r in FORMULATIONS])
def test_it_stays_silent_on_each_formulation_rules_negative_example(rule) -> None:
    year = rule.examples["year"]
    hits = [
        f
        for f in check_formulations(repair(rule.examples["negative"]), year)
        if f.rule == f"formulation.{rule.id}"
    ]
    assert not hits, [h.excerpt for h in hits]


DATED = [r for r in FORMULATIONS if r.year_from or r.year_to]


@pytest.mark.parametrize("rule", DATED, ids=[r.id for r in DATED])
def test_it_does_not_apply_a_formulation_rule_outside_its_years(rule) -> None:
    outside = (rule.year_from - 1) if rule.year_from else rule.year_to + 1
    hits = [
        f
        for f in check_formulations(repair(rule.examples["positive"]), outside)
        if f.rule == f"formulation.{rule.id}"
    ]
    assert not hits


def test_it_keeps_every_formulation_rule_complete() -> None:
    raw = load("formulations.json")["rules"]
    assert len({r["id"] for r in raw}) == len(raw)
    for r in raw:
        assert {"id", "pattern", "correct", "years", "severity", "source", "message", "examples"} <= r.keys()
        assert r["severity"] in ("error", "warning", "info")
        re.compile(r["pattern"])


@pytest.mark.parametrize("colloc", COLLOCATIONS, ids=[c.form for c in COLLOCATIONS])
def test_it_finds_each_collocation_near_miss_in_its_positive_example(colloc) -> None:
    hits = [f for f in check_collocations(repair(colloc.examples["positive"])) if f.suggestion == colloc.form]
    assert hits, colloc.examples["positive"]


@pytest.mark.parametrize("colloc", COLLOCATIONS, ids=[c.form for c in COLLOCATIONS])
def test_it_stays_silent_on_each_collocations_negative_example(colloc) -> None:
    hits = check_collocations(repair(colloc.examples["negative"]))
    assert not hits, [(h.excerpt, h.suggestion) for h in hits]


def test_it_keeps_confusion_pairs_to_single_characters() -> None:
    for ch, others in confusions().items():
        assert len(ch) == 1 and all(len(o) == 1 and o != ch for o in others)


@pytest.mark.parametrize("text", duplicate_data().examples["positive"])
def test_it_flags_duplicated_characters_and_words(text: str) -> None:
    assert check_duplicates(repair(text)), text


@pytest.mark.parametrize("text", duplicate_data().examples["negative"])
def test_it_leaves_legitimate_reduplications_alone(text: str) -> None:
    assert not check_duplicates(repair(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "各村各社区都建立了调解组织。",
        "人人参与，人人受益。",
        "干部常常深入一线，一一回应诉求。",
        "层层压实责任，步步推进落实。",
    ],
)
def test_it_raises_no_typo_on_ordinary_reduplication(text: str) -> None:
    assert not [f for f in review_text(text).findings if f.kind == "typo"]


# --- typos by word: lexicon near-misses, context confusions, doubled words -----------------

LEXICON = load("lexicon.json")
CONTEXTS = context_confusions()


@pytest.mark.parametrize("text", LEXICON["examples"]["positive"])
def test_it_flags_a_near_miss_of_a_lexicon_term(text: str) -> None:
    hits = lexicon.check(repair(text))
    assert hits and all(h.suggestion in lexicon.terms() for h in hits), text


@pytest.mark.parametrize("text", LEXICON["examples"]["negative"])
def test_it_leaves_correct_terms_and_real_words_alone(text: str) -> None:
    assert not lexicon.check(repair(text)), text


def test_it_calls_a_homophone_in_a_long_term_an_error_and_another_character_a_warning() -> None:
    homophone = lexicon.check(repair("群众到办正大厅办理业务。"))
    other = lexicon.check(repair("加强法治宣传救育。"))
    assert [h.severity for h in homophone] == ["error"] and "同音" in homophone[0].message
    assert [h.severity for h in other] == ["warning"]


def test_it_knows_which_characters_sound_alike() -> None:
    assert lexicon.sound_relation("证", "政") == "same"
    assert lexicon.sound_relation("制", "治") == "same"
    assert lexicon.sound_relation("字", "治") == "near"  # z/zh
    assert lexicon.sound_relation("物", "彻") == ""


@pytest.mark.parametrize("c", CONTEXTS, ids=[c.wrong for c in CONTEXTS])
def test_it_fires_each_context_confusion_on_its_positive_example(c) -> None:
    hits = [h for h in check_contexts(repair(c.examples["positive"])) if h.rule == f"typo.context.{c.wrong}"]
    assert hits and all(h.excerpt == c.wrong and h.suggestion == c.right for h in hits)


@pytest.mark.parametrize("c", CONTEXTS, ids=[c.wrong for c in CONTEXTS])
def test_it_stays_silent_on_each_context_confusions_negative_example(c) -> None:
    hits = [h for h in check_contexts(repair(c.examples["negative"])) if h.rule == f"typo.context.{c.wrong}"]
    assert not hits, [h.excerpt for h in hits]


@pytest.mark.parametrize("pair", load("confusions.json")["pairs"], ids=lambda p: "".join(p[:2]))
def test_it_exercises_each_confusion_pair_through_a_collocation_with_examples(pair) -> None:
    a, b, _kind = pair
    users = [c for c in COLLOCATIONS if a in c.form or b in c.form]
    assert users, f"no collocation uses the pair {a}/{b}"
    assert any(check_collocations(repair(c.examples["positive"])) for c in users)
    assert not any(
        f
        for c in users
        for f in check_collocations(repair(c.examples["negative"]))
        if f.rule == f"typo.collocation.{c.form}"
    )


@pytest.mark.parametrize(
    "text",
    ["各村推行行政执法公示制度。", "执行行政执法职能。", "2024年年底前完成整改。", "今年年初召开会议。"],
)
def test_it_does_not_read_a_word_boundary_as_a_doubled_character(text: str) -> None:
    assert not check_duplicates(repair(text)), text


@pytest.mark.parametrize("text", ["深入学习思想思想。", "推进政府信息信息公开。", "健全人民调解调解委员会。"])
def test_it_flags_a_doubled_word_that_no_list_names(text: str) -> None:
    hits = check_duplicates(repair(text))
    assert hits and hits[0].severity == "error", text
