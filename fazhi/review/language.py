"""Formulations (outdated political and legal wording) and typos (duplicates, near-misses)."""

from __future__ import annotations

import re

from .model import Finding
from .rules import collocations, duplicate_data, formulation_rules
from .text import CJK, Doc


def _covered_by(text: str, start: int, end: int, exceptions: tuple[str, ...] | frozenset[str]) -> bool:
    """True when an exception string in the text covers the whole span [start, end)."""
    for x in exceptions:
        lo = max(0, end - len(x))
        i = text.find(x, lo, start + len(x))
        while i != -1 and i <= start:
            if i + len(x) >= end:
                return True
            i = text.find(x, i + 1, start + len(x))
    return False


def check_formulations(doc: Doc, year: int | None) -> list[Finding]:
    findings: list[Finding] = []
    for rule in formulation_rules():
        if not rule.applies_to(year):
            continue
        for m in rule.pattern.finditer(doc.text):
            findings.append(
                doc.finding(
                    m.start(),
                    m.end(),
                    kind="formulation",
                    severity=rule.severity,
                    message=rule.message.format(year=year if year is not None else "本"),
                    suggestion=m.expand(rule.correct) if "\\" in rule.correct else rule.correct,
                    rule=f"formulation.{rule.id}",
                )
            )
    return findings


def check_collocations(doc: Doc) -> list[Finding]:
    findings: list[Finding] = []
    text = doc.text
    for c in collocations():
        for m in c.pattern.finditer(text):
            if c.exceptions and _covered_by(text, m.start(), m.end(), c.exceptions):
                continue
            findings.append(
                doc.finding(
                    m.start(),
                    m.end(),
                    kind="typo",
                    severity=c.severity,
                    message=f"疑似错别字：固定搭配应为“{c.form}”。",
                    suggestion=c.form,
                    rule=f"typo.collocation.{c.form}",
                )
            )
    return findings


_DOUBLE_RE = re.compile(rf"([{CJK}])\1")
_REPEAT_WORD_RE = re.compile(rf"([{CJK}]{{2,5}})\1")


def check_duplicates(doc: Doc) -> list[Finding]:
    data = duplicate_data()
    text = doc.text
    findings: list[Finding] = []
    for m in _DOUBLE_RE.finditer(text):
        i = m.start()
        ch = m.group(1)
        if _covered_by(text, i, i + 2, data.reduplications):
            continue
        if i > 0 and text[i - 1] + ch in data.word_ends:
            continue  # 为了|了解: the first character ends the previous word
        if ch in data.never_doubled:
            findings.append(_dup(doc, i, i + 2, ch))
            continue
        term = next((t for t in data.terms if text.startswith(t, i + 1)), None)
        if term is not None and not (i > 0 and (text[i - 1] + ch) in data.words):
            findings.append(_dup(doc, i, i + 1 + len(term), term))
    for m in _REPEAT_WORD_RE.finditer(text):
        word = m.group(1)
        if word in data.words and not _covered_by(text, m.start(), m.end(), data.reduplications):
            findings.append(_dup(doc, m.start(), m.end(), word))
    return findings


def _dup(doc: Doc, start: int, end: int, suggestion: str) -> Finding:
    return doc.finding(
        start,
        end,
        kind="typo",
        severity="error",
        message=f"字词重复，应为“{suggestion}”。",
        suggestion=suggestion,
        rule="typo.duplicate",
    )
