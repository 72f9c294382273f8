"""Typos in fixed official terms, found by word rather than from a closed list of misspellings.

Every term of the lexicon (rules/lexicon.json, grown from the other rule files) is indexed by
the longer side of each one-character hole: "依法治国" gives the anchors "依法" (hole at 2, "国"
after it), "法治国" (hole at 0) and so on. A hit is a near-miss when the other side follows and
the character in the hole (or the missing character) breaks the text into a lone character
between the words the dictionary knows (办|政|大厅, 依法|制|国, 法|政府). A hole filled by a
real word (依法|行事, 进行|攻击) is not a near-miss.

Two Aho-Corasick passes (ahocorasick_rs) find the anchors. A term of fewer than LONG characters
can only be missed around a one-character word, so its anchors are matched in the words' codes
interleaved with the text, and found only as whole words beside such a word: about 160 hits in a
report of 8,000 characters instead of 2,200 anchors anywhere. The longer terms' anchors are
matched in the text itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from operator import itemgetter
from typing import Any

from .model import Finding
from .rules import collocations, duplicate_data, formulation_rules, load
from .text import CJK, Automaton, Doc

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


# A near-miss of a term shorter than this has a one-character word in the hole (or beside the
# missing character); from this length a homophone may stand inside a word (see _consider).
LONG = 6

# A group of slots: (the character all of them have in the hole, or None; ((each slot's
# character in the hole, the slot, its order), ...)). A shape: (hole length, length of the other
# side, {other side: group}).
Group = tuple[str | None, tuple[tuple[str, Slot, tuple[int, int, int]], ...]]
Shape = tuple[int, int, dict[str, Group]]


@lru_cache(maxsize=2)
def _layout(long: bool) -> dict[str, tuple[int, tuple[Shape, ...], tuple[Shape, ...]]]:
    """Anchor → (its length, shapes where the anchor is the left side, shapes where it is the
    right side), for the terms of LONG characters or more (long) or the shorter ones.

    Every slot of every term is indexed by the longer side of its hole. A slot's order is where
    one walk over the hits of all anchors would meet it (the side, the shape, the slot), so that
    the two passes of check() judge near-misses in one order."""
    table: dict[str, dict[tuple[bool, int, int], dict[str, list[Slot]]]] = {}
    for term in sorted(terms()):  # sorted: the same tables in every process
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
    out = {}
    for anchor, shapes in table.items():
        sides: tuple[list[Shape], list[Shape]] = ([], [])
        for k, ((anchor_left, hole_len, olen), by_other) in enumerate(shapes.items()):
            side = 0 if anchor_left else 1
            filled: dict[str, Group] = {}
            for other, group in by_other.items():
                # Each slot with the character its term has in the hole ("\0" for a deletion,
                # which never reads the text as the term itself).
                slots = tuple(
                    (slot.term[slot.hole] if hole_len else "\0", slot, (side, k, i))
                    for i, slot in enumerate(group)
                    if (len(slot.term) >= LONG) == long
                )
                if slots:
                    chars = {c for c, _, _ in slots}
                    # With one character in the hole for all slots (nearly every group), the
                    # term itself in the text is rejected with one comparison.
                    filled[other] = (chars.pop() if len(chars) == 1 else None, slots)
            if filled:
                sides[side].append((hole_len, olen, filled))
        if sides[0] or sides[1]:
            out[anchor] = (len(anchor), tuple(sides[0]), tuple(sides[1]))
    return out


@lru_cache(maxsize=1)
def _long_automaton() -> Automaton:
    """The anchors of the long terms, matched in the text itself (all of three characters or
    more: a hole may stand inside a word)."""
    return Automaton(_layout(True))


# The code of each offset of the text (word_codes()): _MID inside a word; any other code is a
# word boundary, plus _PREV_LONE when the word before it is one Chinese character, plus
# _NEXT_LONE when the word after it is. The code of the end of the text closes the string.
_MID = "\x04"
_PREV_LONE, _NEXT_LONE = 1, 2
_LONE = chr(_NEXT_LONE) + chr(_PREV_LONE | _NEXT_LONE)  # a one-character Chinese word starts here
# The character first, the lookbehind after it: the regex engine skips to the character.
_AFTER_LONE_RE = re.compile(r"\x00(?<=[\x02\x03]\x00)")
_BETWEEN_LONE_RE = re.compile(r"\x02(?<=[\x02\x03]\x02)")


_WORD_CODES_MAX = 50_000  # words kept; a county's reports use far fewer


class _WordCodes(dict[str, str]):
    """The codes of each word: _NEXT_LONE for one Chinese character, else a boundary and _MID
    for each further character. Words recur across reports, so they are kept (up to a bound:
    numbers and names are words too)."""

    def __missing__(self, word: str) -> str:
        if len(self) >= _WORD_CODES_MAX:
            self.clear()
        lone = len(word) == 1 and _CJK_RE.match(word) is not None
        codes = self[word] = chr(_NEXT_LONE) if lone else "\x00" + _MID * (len(word) - 1)
        return codes


_WORD_CODES = _WordCodes()


def word_codes(doc: Doc) -> str:
    """One code per offset of the text and one for its end, built in C: each word's codes
    looked up, then the flags of the boundaries that follow a one-character word."""
    codes = "".join(map(_WORD_CODES.__getitem__, doc.words())) + "\x00"
    codes = _BETWEEN_LONE_RE.sub(chr(_PREV_LONE | _NEXT_LONE), codes)
    return _AFTER_LONE_RE.sub(chr(_PREV_LONE), codes)


def interleave(codes: str, text: str) -> str:
    """codes[0] text[0] codes[1] text[1] ... codes[-1]: the string the short anchors are
    matched in (a key is codes and characters in turn), offset i of the text at 2i + 1."""
    units = memoryview(bytearray(4 * (len(codes) + len(text)))).cast("I")
    units[0::2] = memoryview(codes.encode("utf-32-le")).cast("I")
    units[1::2] = memoryview(text.encode("utf-32-le", "surrogatepass")).cast("I")
    return units.tobytes().decode("utf-32-le", "surrogatepass")


def _segmentations(s: str) -> Iterator[list[str]]:
    """Every way of cutting s into words."""
    for cuts in range(1 << (len(s) - 1)):
        words, start = [], 0
        for i in range(1, len(s)):
            if cuts >> (i - 1) & 1:
                words.append(s[start:i])
                start = i
        words.append(s[start:])
        yield words


@lru_cache(maxsize=1)
def _short_automaton() -> Automaton:
    """The anchors of the short terms, matched in the coded text: an anchor is found only where
    it is whole words, with a one-character word where its hole requires one. A near-miss of a
    short term has its hole in a one-character word (办|政|大厅), or a missing character beside
    one (依法|国 for 依法治国, 法|政府 for 法治政府), so the anchor, the hole and the other side
    are whole words. Each way of cutting the anchor into words is a key, coded as the text is:
    "依法" is \\0依\\4法\\2 (one word, then a one-character word) or \\2依\\3法\\1 (two
    one-character words, then a longer word)."""
    keys: dict[str, Any] = {}
    for anchor, (alen, left, right) in _layout(False).items():
        for words in _segmentations(anchor):
            first, last = len(words[0]) == 1, len(words[-1]) == 1
            inner = "".join(
                _MID.join(w) + chr(_PREV_LONE * (len(w) == 1) | _NEXT_LONE * (len(nxt) == 1))
                for w, nxt in pairwise(words)
            )
            body = inner + _MID.join(words[-1])
            for before_lone in (False, True):  # the word before the anchor
                for after_lone in (False, True):  # the word after it
                    # The left side's hole follows the anchor: a substituted character must be
                    # a word of its own, and a missing one must have one beside it.
                    lefts = tuple(sh for sh in left if after_lone or (not sh[0] and last))
                    rights = tuple(sh for sh in right if before_lone or (not sh[0] and first))
                    if lefts or rights:
                        key = (
                            chr(_PREV_LONE * before_lone | _NEXT_LONE * first)
                            + body
                            + chr(_PREV_LONE * last | _NEXT_LONE * after_lone)
                        )
                        keys[key] = (alen, lefts, rights)
    return Automaton(keys)


_FUZZY = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ng", "n"), ("l", "n"))


def _fuzzy(syllable: str) -> str:
    for a, b in _FUZZY:
        syllable = syllable.replace(a, b)
    return syllable


@lru_cache(maxsize=4096)
def _syllables(ch: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    return frozenset(pinyin(ch, style=Style.NORMAL, heteronym=True)[0])


@lru_cache(maxsize=4096)
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


# Where one walk over all anchor hits would meet a near-miss: the end of its anchor, the longer
# anchor first, then the slot's order within the anchor.
Order = tuple[int, int, tuple[int, int, int]]


def check(doc: Doc) -> list[Finding]:
    """Near-misses of the lexicon terms. The anchors of the short terms are found in the coded
    text, only where the segmentation allows a near-miss; those of the long terms in the text,
    tried where a near-miss could start or end on a word boundary. The candidates are then
    judged in the order of their anchors in the text."""
    text = doc.text
    if not text:
        return []
    code = word_codes(doc)
    found: list[tuple[Order, Slot, int, int]] = []
    # A short key's characters are Chinese, so it only matches in step with the codes (a text
    # holding the codes' control characters is read alike) and ends with the code of the
    # anchor's end: offset i of the text is at 2i + 1 of the interleaved string, its code at 2i,
    # so a key ending at offset i ends (past its last unit) at 2i + 1.
    short = _short_automaton().ends(interleave(code, text))
    _candidates(((end >> 1, value) for end, value in short), text, code, found)
    _candidates(_long_automaton().ends(text), text, code, found)
    found.sort(key=itemgetter(0))
    best: dict[int, tuple[int, Finding]] = {}
    seen: set[tuple[int, int]] = set()
    for _, slot, s, e in found:
        _consider(doc, slot, s, e, code, seen, best)
    return [f for _, f in best.values()]


def _candidates(hits, text: str, code: str, found: list[tuple[Order, Slot, int, int]]) -> None:
    """Each anchor hit (its end, length and shapes) is tried where its near-miss starts (the
    anchor on the left) or ends (on the right) on a word boundary, and the other side ends or
    starts on one. A short term's hit is already whole words beside the one-character word its
    hole needs, so its own boundary tests always pass."""
    size = len(text)
    for a_end, (alen, left, right) in hits:
        a_start = a_end - alen
        if left and code[a_start] != _MID:
            for hole_len, olen, by_other in left:
                b = a_end + hole_len
                e = b + olen
                if e > size or code[e] == _MID:
                    continue
                group = by_other.get(text[b:e])
                if group is None:
                    continue
                ch = text[a_end] if hole_len else ""
                only, slots = group
                if only == ch:
                    continue  # the term itself
                for filled, slot, order in slots:
                    if filled != ch:
                        found.append(((a_end, -alen, order), slot, a_start, e))
        if right and code[a_end] != _MID:
            for hole_len, olen, by_other in right:
                b = a_start - hole_len
                s = b - olen
                if s < 0 or code[s] == _MID:
                    continue
                group = by_other.get(text[s:b])
                if group is None:
                    continue
                ch = text[b] if hole_len else ""
                only, slots = group
                if only == ch:
                    continue
                for filled, slot, order in slots:
                    if filled != ch:
                        found.append(((a_end, -alen, order), slot, s, a_end))


def _consider(
    doc: Doc,
    slot: Slot,
    s: int,
    e: int,
    code: str,
    seen: set[tuple[int, int]],
    best: dict[int, tuple[int, Finding]],
) -> None:
    """Judge the near-miss text[s:e] of slot.term; keeps the longest term per hole in best.
    The caller has checked that s starts a word and e ends one."""
    if (s, e) in seen:
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
        if code[h] not in _LONE and not (likely and n >= LONG):
            return  # the hole holds a real word (依法|行事)
    else:
        if _slots().get(term[slot.hole]) is not None:
            return  # 法治(乡)村, 法律(七)进: a slot character may be left out
        if code[h - 1] not in _LONE and code[h] not in _LONE:
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
