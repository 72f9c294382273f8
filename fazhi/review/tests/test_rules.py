"""Every data rule fires on its positive example and stays silent on its negative one."""

from __future__ import annotations

import re

import pytest

from fazhi.review import review_text
from fazhi.review.language import check_collocations, check_duplicates, check_formulations
from fazhi.review.rules import collocations, confusions, duplicate_data, formulation_rules, load
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


@pytest.mark.parametrize("rule", FORMULATIONS, ids=[r.id for r in FORMULATIONS])
def test_it_does_not_apply_a_formulation_rule_outside_its_years(rule) -> None:
    outside = (rule.year_from - 1) if rule.year_from else (rule.year_to + 1 if rule.year_to else None)
    if outside is None:
        pytest.skip("the rule applies to every year")
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
