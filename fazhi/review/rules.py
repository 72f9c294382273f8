"""Loading the data files under rules/ and compiling them into matchers."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .text import CJK

RULES_DIR = Path(__file__).with_name("rules")


def load(name: str) -> Any:
    return json.loads((RULES_DIR / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class FormulationRule:
    id: str
    pattern: re.Pattern[str]
    correct: str
    year_from: int | None
    year_to: int | None
    severity: str
    message: str
    source: str
    examples: dict[str, Any]

    def applies_to(self, year: int | None) -> bool:
        if year is None:
            # Without a year, judge only what holds for every report since the current plans began.
            return self.year_to is None and (self.year_from or 0) <= 2021
        return (self.year_from is None or year >= self.year_from) and (
            self.year_to is None or year <= self.year_to
        )


@lru_cache(maxsize=1)
def formulation_rules() -> tuple[FormulationRule, ...]:
    out = []
    for r in load("formulations.json")["rules"]:
        years = r.get("years") or {}
        out.append(
            FormulationRule(
                id=r["id"],
                pattern=re.compile(r["pattern"]),
                correct=r["correct"],
                year_from=years.get("from"),
                year_to=years.get("to"),
                severity=r["severity"],
                message=r["message"],
                source=r["source"],
                examples=r["examples"],
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def confusions() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for a, b, _kind in load("confusions.json")["pairs"]:
        table.setdefault(a, []).append(b)
        table.setdefault(b, []).append(a)
    return {k: tuple(v) for k, v in table.items()}


@dataclass(frozen=True)
class Collocation:
    form: str
    pattern: re.Pattern[str]
    exceptions: tuple[str, ...]
    severity: str
    examples: dict[str, Any]


def _compile_collocation(entry: dict[str, Any], table: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    form: str = entry["form"]
    variants: list[str] = []
    for i, ch in enumerate(form):
        for wrong in table.get(ch, ()):
            variants.append(re.escape(form[:i] + wrong + form[i + 1 :]))
    for i in entry.get("open", []):
        keep = re.escape(form[i] + entry.get("allowed", ""))
        variants.append(re.escape(form[:i]) + f"(?![{keep}])[{CJK}]" + re.escape(form[i + 1 :]))
    for i in entry.get("drop", []):
        variant = re.escape(form[:i] + form[i + 1 :])
        # The dropped form must not be the start or end of the correct form itself.
        if i == len(form) - 1:
            variant += f"(?!{re.escape(form[i])})"
        if i == 0:
            variant = f"(?<!{re.escape(form[0])})" + variant
        variants.append(variant)
    if not variants:
        raise ValueError(f"collocation {form}: no confusable character, open or drop position")
    body = "|".join(variants)
    nxt = entry.get("next")
    return re.compile(f"(?:{body})" + (f"(?=(?:{nxt}))" if nxt else ""))


@lru_cache(maxsize=1)
def collocations() -> tuple[Collocation, ...]:
    table = confusions()
    return tuple(
        Collocation(
            form=e["form"],
            pattern=_compile_collocation(e, table),
            exceptions=tuple(e.get("exceptions", [])),
            severity=e.get("severity", "error"),
            examples=e["examples"],
        )
        for e in load("collocations.json")["collocations"]
    )


@dataclass(frozen=True)
class DuplicateData:
    reduplications: frozenset[str]
    never_doubled: frozenset[str]
    word_ends: frozenset[str]
    terms: tuple[str, ...]
    words: frozenset[str]
    examples: dict[str, list[str]]


@lru_cache(maxsize=1)
def duplicate_data() -> DuplicateData:
    d = load("duplicates.json")
    return DuplicateData(
        reduplications=frozenset(d["reduplications"]),
        never_doubled=frozenset(d["never_doubled"]),
        word_ends=frozenset(d["word_ends"]),
        terms=tuple(sorted(d["terms"], key=len, reverse=True)),
        words=frozenset(d["words"]) | frozenset(d["terms"]),
        examples=d["examples"],
    )


@dataclass(frozen=True)
class ContextConfusion:
    wrong: str
    right: str
    pattern: re.Pattern[str]
    exceptions: tuple[str, ...]
    severity: str
    examples: dict[str, Any]


@lru_cache(maxsize=1)
def context_confusions() -> tuple[ContextConfusion, ...]:
    out = []
    for c in load("confusions.json").get("contexts", []):
        # A look-behind must have a fixed width; an alternation of words does not, so the
        # preceding context is matched and the finding takes the span of the named group.
        if c.get("before"):
            pattern = re.compile(f"(?:{c['before']})(?P<hit>{re.escape(c['wrong'])})")
        else:
            pattern = re.compile(f"(?P<hit>{re.escape(c['wrong'])})")
        if c.get("after"):
            pattern = re.compile(pattern.pattern + f"(?={c['after']})")
        out.append(
            ContextConfusion(
                wrong=c["wrong"],
                right=c["right"],
                pattern=pattern,
                exceptions=tuple(c.get("exceptions", [])),
                severity=c.get("severity", "warning"),
                examples=c["examples"],
            )
        )
    return tuple(out)
