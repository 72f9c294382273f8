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
_CJK_RE = re.compile(rf"[{CJK}]")


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


# hole length, length of the other side, {other side: (the character all its slots have in the
# hole or None, ((the term's character in the hole, slot), ...))}
Shape = tuple[int, int, dict[str, tuple[str | None, tuple[tuple[str, Slot], ...]]]]


@lru_cache(maxsize=1)
def automaton():  # type: ignore[no-untyped-def]
    """Anchor → (its length, shapes where the anchor is the left side, shapes where it is the
    right side); a shape is (hole length, length of the other side, {other side: slots})."""
    import ahocorasick

    table: dict[str, dict[tuple[bool, int, int], dict[str, list[Slot]]]] = {}
    for term in sorted(terms()):  # sorted: the same automaton in every process
        n = len(term)
        for hole in range(n):
            left, right = term[:hole], term[hole + 1 :]
            anchor_left = len(left) >= len(right)
            anchor, other = (left, right) if anchor_left else (right, left)
            if len(anchor) < 2:
                continue
            for deletion in (False, True) if 0 < hole < n - 1 and n >= 4 else (False,):
                shape = (anchor_left, 0 if deletion else 1, len(other))
                group = table.setdefault(anchor, {}).setdefault(shape, {})
                group.setdefault(other, []).append(Slot(term, hole, anchor_left, deletion))
    a = ahocorasick.Automaton()
    for anchor, shapes in table.items():
        sides: tuple[list[Shape], list[Shape]] = ([], [])
        for (anchor_left, hole_len, olen), by_other in shapes.items():
            # Each slot with the character its term has in the hole ("" for a deletion, which
            # never reads the text as the term itself).
            filled: dict[str, tuple[str | None, tuple[tuple[str, Slot], ...]]] = {}
            for k, v in by_other.items():
                slots = tuple((slot.term[slot.hole] if hole_len else "\0", slot) for slot in v)
                chars = {c for c, _ in slots}
                # With one character in the hole for all slots (nearly every group), the term
                # itself in the text is rejected with one comparison.
                filled[k] = (chars.pop() if len(chars) == 1 else None, slots)
            sides[0 if anchor_left else 1].append((hole_len, olen, filled))
        a.add_word(anchor, (len(anchor), tuple(sides[0]), tuple(sides[1])))
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


def check(doc: Doc) -> list[Finding]:
    """One pass of the anchor automaton; each anchor hit is tried only where a near-miss could
    stand: it must start and end on word boundaries (tested before any slicing), and a short
    anchor needs a lone character beside it."""
    text = doc.text
    size = len(text)
    starts, ends, alone = doc.bounds()
    best: dict[int, tuple[int, Finding]] = {}
    seen: set[tuple[int, int]] = set()
    for end_idx, (alen, left, right) in automaton().iter(text):
        a_end = end_idx + 1
        a_start = a_end - alen
        # A near-miss needs a lone character at the hole (办|政|大厅); only a long term, whose
        # anchors are three characters or more, may have its hole inside a word.
        if alen >= 3:
            after = before = True
        else:
            after = a_end in alone or end_idx in alone
            before = a_start - 1 in alone or a_start in alone
        # The anchor on the left starts the near-miss, so a word must start there; on the
        # right it ends it.
        if after and left and a_start in starts:
            for hole_len, olen, by_other in left:
                b = a_end + hole_len
                if b + olen not in ends:
                    continue
                group = by_other.get(text[b : b + olen])
                if group is None:
                    continue
                ch = text[a_end] if hole_len else ""
                only, slots = group
                if only == ch:
                    continue  # the term itself
                for filled, slot in slots:
                    if filled != ch:  # else the term itself
                        _consider(doc, slot, a_start, b + olen, size, starts, ends, alone, seen, best)
        if before and right and a_end in ends:
            for hole_len, olen, by_other in right:
                b = a_start - hole_len
                if b - olen not in starts:
                    continue
                group = by_other.get(text[b - olen : b])
                if group is None:
                    continue
                ch = text[a_start - 1] if hole_len else ""
                only, slots = group
                if only == ch:
                    continue
                for filled, slot in slots:
                    if filled != ch:
                        _consider(doc, slot, b - olen, a_end, size, starts, ends, alone, seen, best)
    return [f for _, f in best.values()]


def _consider(
    doc: Doc,
    slot: Slot,
    s: int,
    e: int,
    size: int,
    starts: frozenset[int],
    ends: frozenset[int],
    alone: frozenset[int],
    seen: set[tuple[int, int]],
    best: dict[int, tuple[int, Finding]],
) -> None:
    """Judge the near-miss text[s:e] of slot.term; keeps the longest term per hole in best.
    The caller has checked that s starts a word and e ends one."""
    if s < 0 or e > size or (s, e) in seen:
        return
    text = doc.text
    term = slot.term
    n = len(term)
    got = text[s:e]
    h = s + slot.hole
    if got == term or got in terms():
        return
    if not slot.deletion:
        wrong, right = got[slot.hole], term[slot.hole]
        if wrong == right or not _CJK_RE.match(wrong) or _same_slot(right, wrong):
            return  # 依法治国 / 依法治县
        likely = sound_relation(wrong, right) or (wrong, right) in _shape_pairs()
        if h not in alone and not (likely and n >= 6):
            return  # the hole holds a real word (依法|行事)
    else:
        if _slots().get(term[slot.hole]) is not None:
            return  # 法治(乡)村, 法律(七)进: a slot character may be left out
        if h - 1 not in alone and h not in alone:
            return
    if _slot_key(got) in _slot_keys():
        return  # 依法治街 is 依法治县 for a street
    if not slot.deletion:
        edge = slot.hole in (0, n - 1)
        if not likely and (n < 4 or edge or _in_word(text, h)):
            return  # another character altogether: only in a longer term, and not a word
    seen.add((s, e))
    if h not in best or best[h][0] < n:
        best[h] = (n, _finding(doc, s, e, got, term, slot))


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
