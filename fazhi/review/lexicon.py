"""Typos in fixed official terms, found by word rather than from a closed list of misspellings.

Every term of the lexicon (rules/lexicon.json, grown from the other rule files) is indexed by
the longer side of each one-character hole: "依法治国" gives the anchors "依法" (hole at 2, "国"
after it), "法治国" (hole at 0) and so on. One Aho-Corasick pass over the text finds every
anchor; a hit is a near-miss when the other side follows and the character in the hole (or the
missing character) breaks the text into a lone character between the words the dictionary
knows (办|政|大厅, 依法|制|国, 法|政府). A hole filled by a real word (依法|行事, 进行|攻击) is
not a near-miss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .model import Finding
from .rules import collocations, duplicate_data, formulation_rules, load
from .text import CJK, Doc

_TERM_RE = re.compile(rf"[{CJK}]{{3,30}}")


@dataclass(frozen=True)
class Slot:
    term: str
    hole: int  # position of the changed or missing character in the term
    anchor_left: bool  # the anchor is the part before the hole
    deletion: bool


@lru_cache(maxsize=1)
def terms() -> frozenset[str]:
    out = set(load("lexicon.json")["terms"])
    for rule in formulation_rules():
        out.update(_TERM_RE.findall(rule.correct))
    out.update(c.form for c in collocations())
    out.update(duplicate_data().terms)
    return frozenset(t for t in out if _TERM_RE.fullmatch(t))


@lru_cache(maxsize=1)
def _slots() -> dict[str, int]:
    return {ch: i for i, group in enumerate(load("lexicon.json")["slots"]) for ch in group}


def _same_slot(a: str, b: str) -> bool:
    slots = _slots()
    return a in slots and slots.get(b) == slots[a]


def _slot_key(s: str) -> str:
    slots = _slots()
    return "".join(f"<{slots[c]}>" if c in slots else c for c in s)


@lru_cache(maxsize=1)
def _slot_keys() -> frozenset[str]:
    return frozenset(_slot_key(t) for t in terms())


def _in_word(text: str, i: int) -> bool:
    """The character at i forms a dictionary word with a neighbour (懂|法 → 懂法)."""
    import rjieba

    lo = max(0, i - 1)
    window = text[lo : i + 2]
    pos = 0
    for w in rjieba.cut_all(window):
        # cut_all lists words in order of their start; find each word's offset in the window.
        at = window.find(w, pos if len(w) == 1 else max(0, pos - 1))
        if len(w) >= 2 and at <= i - lo < at + len(w):
            return True
        if len(w) == 1:
            pos = at + 1
    return False


@lru_cache(maxsize=1)
def automaton():  # type: ignore[no-untyped-def]
    import ahocorasick

    slots: dict[str, list[Slot]] = {}
    for term in terms():
        n = len(term)
        for hole in range(n):
            left, right = term[:hole], term[hole + 1 :]
            anchor_left = len(left) >= len(right)
            anchor = left if anchor_left else right
            if len(anchor) < 2:
                continue
            slots.setdefault(anchor, []).append(Slot(term, hole, anchor_left, False))
            if 0 < hole < n - 1 and n >= 4:
                slots.setdefault(anchor, []).append(Slot(term, hole, anchor_left, True))
    a = ahocorasick.Automaton()
    for anchor, group in slots.items():
        a.add_word(anchor, tuple(group))
    a.make_automaton()
    return a


_FUZZY = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ng", "n"), ("l", "n"))


def _fuzzy(syllable: str) -> str:
    for a, b in _FUZZY:
        syllable = syllable.replace(a, b)
    return syllable


@lru_cache(maxsize=4096)
def _syllables(ch: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    return frozenset(pinyin(ch, style=Style.NORMAL, heteronym=True)[0])


def sound_relation(a: str, b: str) -> str:
    """'same' (homophones, tones aside), 'near' (z/zh, n/l, en/eng…) or ''."""
    sa, sb = _syllables(a), _syllables(b)
    if sa & sb:
        return "same"
    if {_fuzzy(x) for x in sa} & {_fuzzy(x) for x in sb}:
        return "near"
    return ""


@lru_cache(maxsize=1)
def _shape_pairs() -> frozenset[tuple[str, str]]:
    pairs = set()
    for a, b, _kind in load("confusions.json")["pairs"]:
        pairs.add((a, b))
        pairs.add((b, a))
    return frozenset(pairs)


class _Words:
    """Which character offsets start and end a word, and how long the word is."""

    def __init__(self, doc: Doc) -> None:
        n = len(doc.text)
        self.start = bytearray(n + 1)
        self.end = bytearray(n + 1)
        self.length = [0] * (n + 1)
        for s, e in doc.tokens():
            self.start[s] = 1
            self.end[e] = 1
            for i in range(s, e):
                self.length[i] = e - s

    def alone(self, i: int) -> bool:
        return self.length[i] == 1


def check(doc: Doc) -> list[Finding]:
    text = doc.text
    lexicon = terms()
    words: _Words | None = None
    best: dict[int, tuple[int, Finding]] = {}
    seen: set[tuple[int, int]] = set()
    for end_idx, group in automaton().iter(text):
        a_end = end_idx + 1
        for slot in group:
            term = slot.term
            n = len(term)
            hole_len = 0 if slot.deletion else 1
            if slot.anchor_left:
                s = a_end - slot.hole
                e = a_end + hole_len + (n - slot.hole - 1)
            else:
                e = a_end
                s = a_end - (n - slot.hole - 1) - hole_len - slot.hole
            if s < 0 or e > len(text) or (s, e) in seen:
                continue
            got = text[s:e]
            h = s + slot.hole
            if got[: slot.hole] != term[: slot.hole] or got[slot.hole + hole_len :] != term[slot.hole + 1 :]:
                continue
            if not slot.deletion and not re.match(rf"[{CJK}]", got[slot.hole]):
                continue
            if got == term or got in lexicon or (not slot.deletion and got[slot.hole] == term[slot.hole]):
                continue
            if slot.deletion and _slots().get(term[slot.hole]) is not None:
                continue  # 法治(乡)村, 法律(七)进: a slot character may be left out
            if not slot.deletion and _same_slot(term[slot.hole], got[slot.hole]):
                continue  # 依法治国 / 依法治县
            if _slot_key(got) in _slot_keys():
                continue  # 依法治街 is 依法治县 for a street
            if words is None:
                words = _Words(doc)
            if not (words.start[s] and words.end[e]):
                continue  # the near-miss runs into the words around it (进行|攻击)
            if slot.deletion and not (words.alone(h - 1) or words.alone(h)):
                continue
            if not slot.deletion:
                wrong, right = got[slot.hole], term[slot.hole]
                likely = sound_relation(wrong, right) or (wrong, right) in _shape_pairs()
                if not words.alone(h) and not (likely and n >= 6):
                    continue  # the hole holds a real word (依法|行事)
                edge = slot.hole in (0, n - 1)
                if not likely and (n < 4 or edge or _in_word(text, h)):
                    continue  # another character altogether: only in a longer term, and not a word
            seen.add((s, e))
            if h not in best or best[h][0] < n:
                best[h] = (n, _finding(doc, s, e, got, term, slot))
    return [f for _, f in best.values()]


def _finding(doc: Doc, s: int, e: int, got: str, term: str, slot: Slot) -> Finding:
    if slot.deletion:
        severity = "warning"
        message = f"疑似漏字：固定用语应为“{term}”，缺少“{term[slot.hole]}”。"
    else:
        wrong, right = got[slot.hole], term[slot.hole]
        relation = sound_relation(wrong, right)
        shape = (wrong, right) in _shape_pairs()
        certain = (relation == "same" or shape) and len(term) >= 4
        severity = "error" if certain else "warning"
        how = "同音" if relation == "same" else "近音" if relation == "near" else "形近" if shape else ""
        message = (
            f"疑似错别字：固定用语应为“{term}”，“{wrong}”应为“{right}”" + (f"（{how}）" if how else "") + "。"
        )
    return doc.finding(
        s,
        e,
        kind="typo",
        severity=severity,
        message=message,
        suggestion=term,
        rule="typo.lexicon",
    )
