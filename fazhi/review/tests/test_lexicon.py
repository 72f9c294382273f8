"""The lexicon pass's data structures against plain definitions.

check() finds its candidates with two automata: the short terms' anchors in the words' codes
interleaved with the text, the long terms' anchors in the text. These tests compare it with an
exhaustive search (every anchor at every offset where it occurs, str.find) on texts full of
near-misses of random terms, and the word codes with a definition from the word spans.
"""

from __future__ import annotations

import random
from functools import lru_cache

import pytest

from fazhi.review import lexicon
from fazhi.review.evaluate import samples_root
from fazhi.review.lexicon import LONG, Slot, _consider, _layout, check, interleave, word_codes
from fazhi.review.model import Finding
from fazhi.review.synth import make_report
from fazhi.review.text import Doc, repair

_COMMON = "的在和是了对等将为与及从各有中上下大小人民法治政府建设工作依国家行制度机关执力"


def _near_miss(rng: random.Random, term: str) -> str:
    """The term with one character replaced (a homophone, a common character or any) or left
    out, or the term itself."""
    n, i, r = len(term), rng.randrange(len(term)), rng.random()
    if r < 0.15:
        return term
    if r < 0.35 and 0 < i < n - 1:
        return term[:i] + term[i + 1 :]
    if r < 0.6:
        pool = [c for c in _COMMON + "治制致质志至之知直执止证政正整争征镇真针阵" if c != term[i]]
        return term[:i] + rng.choice(pool) + term[i + 1 :]
    if r < 0.8:
        return term[:i] + rng.choice(_COMMON) + term[i + 1 :]
    return term[:i] + chr(rng.randrange(0x4E00, 0x9FA6)) + term[i + 1 :]


@lru_cache(maxsize=1)
def _texts() -> tuple[str, ...]:
    """Synthetic report pieces with near-misses of random terms in random company, and the
    sample reports when they are present (read at test time)."""
    rng = random.Random(12)
    terms = sorted(lexicon.terms())
    bases = [make_report(k, target_chars=rng.choice((400, 900))) for k in range(24)]
    folder = samples_root()
    bases += [p.read_text(encoding="utf-8")[:3000] for p in sorted(folder.glob("*/*.txt"))[:6]]
    out = []
    for base in bases:
        parts = list(base)
        for _ in range(rng.randrange(15, 40)):
            before = rng.choice(("", rng.choice(_COMMON), "，", rng.choice(_COMMON) * 2, "推进"))
            after = rng.choice(("", rng.choice(_COMMON), "。", "工作", rng.choice(_COMMON) * 2))
            parts.insert(rng.randrange(len(parts) + 1), before + _near_miss(rng, rng.choice(terms)) + after)
        out.append("".join(parts))
    return tuple(out)


@lru_cache(maxsize=1)
def _targeted() -> tuple[str, ...]:
    """Each term with each character replaced (by a common character, a homophone of the
    lexicon's usual slips, a rare character) and left out, in two kinds of company; and a third
    character in the place where two terms differ (依规决策 / 依法决策), where the order of the
    candidates decides which term is suggested. In pieces of about 3,000 characters."""
    rng = random.Random(7)
    terms = sorted(lexicon.terms())
    pieces = []
    for term in terms:
        for i in range(len(term)):
            variants = [
                term[:i] + c + term[i + 1 :]
                for c in ("的", rng.choice("治制政证正"), chr(rng.randrange(0x4E00, 0x9FA6)))
            ]
            if 0 < i < len(term) - 1:
                variants.append(term[:i] + term[i + 1 :])
            pieces += [f"。{v}。" if k % 2 else f"推进{v}工作，" for k, v in enumerate(variants)]
    shapes: dict[tuple[int, str], list[str]] = {}
    for term in terms:
        for i in range(len(term)):
            shapes.setdefault((i, term[:i] + "?" + term[i + 1 :]), []).append(term)
    for (i, shape), group in shapes.items():
        if len(group) > 1:
            pieces += [f"，{shape[:i]}{c}{shape[i + 1 :]}。" for c in "的之理"]
    out, chunk = [], ""
    for piece in pieces:
        chunk += piece
        if len(chunk) > 3000:
            out.append(chunk)
            chunk = ""
    return (*out, chunk)


def _codes_by_definition(doc: Doc) -> str:
    """word_codes() spelled out: a code per offset and one for the end."""
    starts, ends = doc.spans()
    lone = {s for s, e in zip(starts, ends, strict=True) if e - s == 1 and lexicon._CJK_RE.match(doc.text[s])}
    word_starts = set(starts)
    codes = []
    for i in range(len(doc.text) + 1):
        if i < len(doc.text) and i not in word_starts:
            codes.append("\x04")
        else:
            codes.append(chr((i - 1 in lone) * 1 | (i in lone) * 2))
    return "".join(codes)


def _exhaustive(doc: Doc) -> list[Finding]:
    """Every anchor of every term at every offset where it occurs; a candidate wherever the
    near-miss starts and ends on a word boundary and its other side is in the text; judged in
    the order of the anchors' ends, the longer anchor first, then the slot's order."""
    text = doc.text
    code = _codes_by_definition(doc)
    boundary = {i for i, c in enumerate(code) if c != "\x04"}
    found: list[tuple[tuple[int, int, tuple[int, int, int]], Slot, int, int]] = []
    for long in (False, True):
        for anchor, (alen, left, right) in _layout(long).items():
            at = text.find(anchor)
            while at >= 0:
                a_end = at + alen
                for side, shapes in ((0, left), (1, right)):
                    for hole_len, olen, by_other in shapes:
                        if side == 0:
                            s, e = at, a_end + hole_len + olen
                            other, hole = text[a_end + hole_len : e], a_end
                        else:
                            s, e = at - hole_len - olen, a_end
                            other, hole = text[s : at - hole_len], at - 1
                        if s < 0 or e > len(text) or s not in boundary or e not in boundary:
                            continue
                        for filled, slot, order in by_other.get(other, (None, ()))[1]:
                            if not hole_len or text[hole] != filled:
                                found.append(((a_end, -alen, order), slot, s, e))
                at = text.find(anchor, at + 1)
    found.sort(key=lambda c: c[0])
    best: dict[int, tuple[int, Finding]] = {}
    seen: set[tuple[int, int]] = set()
    for _, slot, s, e in found:
        _consider(doc, slot, s, e, code, seen, best)
    return [f for _, f in best.values()]


def test_the_kept_word_codes_are_bounded_and_stay_right(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon, "_WORD_CODES_MAX", 5)
    lexicon._WORD_CODES.clear()
    seen: set[str] = set()
    for text in ("依法治国，办政大厅实行一窗受理。", "法治政府建设示范创建活动", "司法所调解纠纷36件"):
        doc = repair(text)
        assert word_codes(doc) == _codes_by_definition(doc), text
        seen.update(doc.words())
        # Emptied when full: no more than the bound and the words of one report.
        assert len(lexicon._WORD_CODES) <= 5 + len(set(doc.words()))
    assert len(lexicon._WORD_CODES) < len(seen)
    lexicon._WORD_CODES.clear()


def test_the_word_codes_mark_boundaries_and_one_character_words() -> None:
    for text in (*_texts()[:8], "", "法", "依法治国。", "a b，法治政府建设"):
        doc = repair(text)
        assert word_codes(doc) == _codes_by_definition(doc), text


def test_interleave_puts_each_character_after_its_code() -> None:
    assert interleave("\x00\x04\x02\x01", "依法治") == "\x00依\x04法\x02治\x01"
    assert interleave("\x00", "") == "\x00"


def test_segmentations_are_every_way_of_cutting_a_word() -> None:
    cuts = list(lexicon._segmentations("依法治国"))
    assert len(cuts) == 8 and len({tuple(c) for c in cuts}) == 8
    assert all("".join(c) == "依法治国" for c in cuts)


def _slots_of(long: bool) -> set:
    return {
        slot
        for _, left, right in _layout(long).values()
        for sh in left + right
        for g in sh[2].values()
        for _, slot, _ in g[1]
    }


def test_every_slot_is_in_one_of_the_two_tables() -> None:
    short, long = _slots_of(False), _slots_of(True)
    assert not short & long
    assert all(len(s.term) < LONG for s in short) and all(len(s.term) >= LONG for s in long)
    # Every term with a hole whose longer side has two characters or more.
    expected = sum(
        (2 if 0 < hole < len(t) - 1 and len(t) >= 4 else 1)
        for t in lexicon.terms()
        for hole in range(len(t))
        if max(hole, len(t) - hole - 1) >= 2
    )
    assert len(short) + len(long) == expected
    # The long terms' anchors have three characters or more: no hole test before the lookup.
    assert min(alen for alen, _, _ in _layout(True).values()) >= 3


@pytest.mark.parametrize("index", range(30))
def test_check_finds_what_an_exhaustive_search_finds(index: int) -> None:
    texts = _texts()
    if index >= len(texts):
        pytest.skip("sample reports not present")
    doc = repair(texts[index])
    got = [f.to_dict() for f in check(doc)]
    assert got == [f.to_dict() for f in _exhaustive(doc)]


def test_check_finds_what_an_exhaustive_search_finds_for_every_slot() -> None:
    for text in _targeted():
        doc = repair(text)
        assert [f.to_dict() for f in check(doc)] == [f.to_dict() for f in _exhaustive(doc)]


def test_the_texts_hold_many_near_misses() -> None:
    # The comparison above means something only if the texts hold near-misses of both kinds.
    findings = [(f, len(f.suggestion)) for t in _texts()[:24] for f in check(repair(t))]
    assert sum(n < LONG for _, n in findings) > 100 and sum(n >= LONG for _, n in findings) > 20
    assert any("漏字" in f.message for f, _ in findings)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("加快建设法政府。", "法治政府"),  # 法|政府: the word before the gap stands alone
        ("全面推进法政府建设。", "法治政府建设"),  # the same in a long term
        ("坚持依法国，", "依法治国"),  # 依法|国: the word after it
    ],
)
def test_a_missing_character_beside_a_one_character_word_is_found(text: str, term: str) -> None:
    hits = check(repair(text))
    assert [h.suggestion for h in hits] == [term] and "漏字" in hits[0].message


def test_a_text_holding_the_codes_control_characters_is_read_alike() -> None:
    # repair() removes them; in a Doc built otherwise they must not pass for codes.
    text = "加快建设法\x02政府。坚持依法国\x00，推进\x04依法制国\x01工作。" + _targeted()[0][:800]
    doc = Doc(original=text, text=text, origin=list(range(len(text))))
    assert word_codes(doc) == _codes_by_definition(doc)
    assert [f.to_dict() for f in check(doc)] == [f.to_dict() for f in _exhaustive(doc)]
    assert any(f.suggestion == "依法治国" for f in check(doc))
