"""The procedure machinery on a small invented procedure (areas test their real ones)."""

from types import SimpleNamespace

import pytest

from fazhi.ledger.procedures import Procedure, Step


def _needs_review(obj):
    return [] if obj.reviewed else ["未经合法性审核（示例规则第一条）"]


def _needs_minutes(obj):
    return [] if obj.minutes else ["缺少会议纪要（示例规则第二条）"]


PROC = Procedure(
    steps=[
        Step("draft", "起草"),
        Step("review", "审核", fields=("reviewed",)),
        Step("discuss", "集体讨论", gate=lambda o: _needs_review(o) + _needs_minutes(o)),
        Step("publish", "公布"),
        Step("withdrawn", "撤回"),
    ],
    transitions={
        "draft": ["review", "withdrawn"],
        "review": ["discuss", "withdrawn"],
        "discuss": ["publish"],
    },
)


def record(step="draft", reviewed=False, minutes=""):
    return SimpleNamespace(step=step, reviewed=reviewed, minutes=minutes)


def test_it_refuses_a_step_that_does_not_follow():
    assert PROC.unmet(record("draft"), "publish") == ["当前环节“起草”之后不能直接进入“公布”"]


def test_it_lists_every_unmet_condition_of_a_gate():
    assert PROC.unmet(record("review"), "discuss") == [
        "未经合法性审核（示例规则第一条）",
        "缺少会议纪要（示例规则第二条）",
    ]


def test_it_allows_a_step_whose_gate_holds():
    assert PROC.unmet(record("review", reviewed=True, minutes="纪要"), "discuss") == []


def test_it_checks_every_gate_on_the_way_to_an_imported_step():
    assert PROC.check_state(record("publish")) == [
        "未经合法性审核（示例规则第一条）",
        "缺少会议纪要（示例规则第二条）",
    ]
    assert PROC.check_state(record("publish", reviewed=True, minutes="纪要")) == []
    assert PROC.check_state(record("withdrawn")) == []


def test_it_knows_which_steps_a_record_has_passed():
    assert PROC.reached(record("discuss"), "review")
    assert not PROC.reached(record("review"), "discuss")
    assert [s.code for s in PROC.allowed(record("draft"))] == ["review", "withdrawn"]


def test_it_rejects_transitions_naming_unknown_steps():
    with pytest.raises(ValueError, match="unknown steps"):
        Procedure(steps=[Step("a", "甲")], transitions={"a": ["b"]})
