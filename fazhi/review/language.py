"""Formulations (outdated political and legal wording) and typos (duplicates, near-misses)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from itertools import compress, count, islice
from operator import attrgetter, contains, itemgetter
from typing import Any

from .model import Finding
from .rules import collocations, context_confusions, duplicate_data, formulation_rules
from .text import CJK, Doc, Sieve, scan


def _covered_by(text: str, start: int, end: int, exceptions: tuple[str, ...] | frozenset[str]) -> bool:
    """True when an exception string in the text covers the whole span [start, end)."""
    pool = exceptions if isinstance(exceptions, frozenset) else frozenset(exceptions)
    for size in _lengths(pool):
        if size < end - start:
            continue
        for lo in range(max(0, end - size), start + 1):
            if text[lo : lo + size] in pool:
                return True
    return False


@lru_cache(maxsize=256)
def _lengths(pool: frozenset[str]) -> tuple[int, ...]:
    return tuple(sorted({len(x) for x in pool}))


@cache
def _sieve(family: Callable[[], tuple[Any, ...]]) -> Sieve[Any]:
    """The Sieve of a rule family (formulation_rules, collocations, context_confusions)."""
    return Sieve(family(), attrgetter("pattern"))


def check_formulations(doc: Doc, year: int | None) -> list[Finding]:
    findings: list[Finding] = []
    for rule in _sieve(formulation_rules).candidates(doc.text):
        if not rule.applies_to(year):
            continue
        for m in scan(rule.pattern, doc.text):
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
    for c in _sieve(collocations).candidates(text):
        for m in scan(c.pattern, text):
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


_CJK_WORD_RE = re.compile(rf"[{CJK}]+")
_NUMERAL_RE = re.compile(r"[\d零〇一二两三四五六七八九十百千万]+|[今去明前后本当上下每]")


def check_duplicates(doc: Doc) -> list[Finding]:
    """Doubled words and characters, judged on word boundaries (推行|行政 is not a doubled 行).

    Three shapes: the same word twice (思想思想), the same single character twice where the
    dictionary knows no such doubled word (了了), and a lone character before a word that
    starts with it (司|司法所).
    """
    data = duplicate_data()
    text = doc.text
    starts, ends = doc.spans()
    words = doc.words()
    findings: list[Finding] = []
    # In every shape below b starts with a character of a: a cheap first sieve over the pairs.
    pairs = compress(count(), map(contains, words, map(itemgetter(0), islice(words, 1, None))))
    for k in pairs:
        s1, e1 = starts[k], ends[k]
        s2, e2 = starts[k + 1], ends[k + 1]
        a, b = words[k], words[k + 1]
        if not _CJK_WORD_RE.fullmatch(a) or not _CJK_WORD_RE.fullmatch(b):
            continue
        if _covered_by(text, s1, e2, data.reduplications):
            continue
        prev = text[starts[k - 1] : ends[k - 1]] if k else ""
        if len(a) == 1 and a in _PLACE_ENDS and prev and _CJK_WORD_RE.fullmatch(prev):
            continue  # 青石|镇|镇级, 某|区|区委: the first closes a place name the segmenter split
        if a == b:
            if len(a) == 1 and a not in data.never_doubled and _NUMERAL_RE.fullmatch(prev):
                continue  # 2024年|年 … is not expected here, but 两个|个 forms are left alone
            if len(a) == 1 and prev + a in data.word_ends:
                continue
            findings.append(
                _dup(doc, s1, e2, a, "error" if len(a) > 1 or a in data.never_doubled else "warning")
            )
        elif len(a) == 1 and len(b) >= 2 and b[0] == a:
            if _NUMERAL_RE.fullmatch(prev) or (prev + a) in data.word_ends:
                continue  # 2024年|年底, 为了|了解
            term = next((t for t in data.terms if text.startswith(t, s2)), b)
            findings.append(_dup(doc, s1, s2 + len(term), term, "error"))
        else:
            # 人民调解|调解委员会: a word's last two or more characters start the next word.
            n = next((n for n in range(min(len(a), len(b)), 1, -1) if a[-n:] == b[:n]), 0)
            if n:
                findings.append(_dup(doc, e1 - n, e1 + n, a[-n:], "error"))
    return findings


# Characters that end a place name and also begin words of its institutions (镇级, 县委, 村级).
_PLACE_ENDS = frozenset("省市县区镇乡村")


def _dup(doc: Doc, start: int, end: int, suggestion: str, severity: str = "error") -> Finding:
    return doc.finding(
        start,
        end,
        kind="typo",
        severity=severity,
        message=f"字词重复，应为“{suggestion}”。",
        suggestion=suggestion,
        rule="typo.duplicate",
    )


def check_contexts(doc: Doc) -> list[Finding]:
    """Word confusions that the neighbouring words decide (确实加强 → 切实加强)."""
    findings: list[Finding] = []
    text = doc.text
    for c in _sieve(context_confusions).candidates(text):
        for m in scan(c.pattern, text):
            s, e = m.span("hit")
            if c.exceptions and _covered_by(text, s, e, c.exceptions):
                continue
            findings.append(
                doc.finding(
                    s,
                    e,
                    kind="typo",
                    severity=c.severity,
                    message=f"疑似错别字：此处应为“{c.right}”。",
                    suggestion=c.right,
                    rule=f"typo.context.{c.wrong}",
                )
            )
    return findings
