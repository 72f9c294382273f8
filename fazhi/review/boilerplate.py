"""Passages shared with other reports (of the batch or an archive): text copied, not written.

Each report is reduced to a key of its Chinese characters and letters (no punctuation, digits
or years; the township's own name removed; 乡/街道/区/县 read as 镇), so a copy with another
place name, other figures or other punctuation still matches. Shingles of SHINGLE characters
of the key are sampled by content (those whose hash falls in one bucket of SAMPLE), indexed,
and looked up; the shared shingles of one other report are merged into passages. Stock phrases
(rules/stock_phrases.json: the mandated part headings, the opening and closing formulae, the
fixed political wording) and shingles that most reports of the corpus share are never counted.
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from operator import sub
from typing import NamedTuple

from .model import Boilerplate, BoilerplatePair, Finding
from .rules import load
from .text import CJK, Doc, scan

SHINGLE = 12  # characters of the key per shingle (a reworded copy keeps runs of 12–30)
SAMPLE = 2  # one shingle in SAMPLE is indexed, chosen by its hash so both sides choose alike
GAP = 40  # shared stretches closer than this (in key characters) form one passage
MIN_PASSAGE = 60  # key characters; shorter shared runs are chance or formula
MIN_COVER = 0.4  # share of a passage that the shared shingles cover
WARN_PASSAGE = 60  # a passage this long is a warning, a shorter one worth a look
SHARE_WARNING = 0.3
_KEEP_RE = re.compile(rf"[{CJK}A-Za-z]")
_SELF_RE = re.compile(r"[我本全](?:镇|乡|街道|县|区)")


@lru_cache(maxsize=1)
def stock_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in load("stock_phrases.json")["phrases"])


@dataclass
class Key:
    """The normalised text, where each of its characters came from, and which are stock."""

    text: str
    starts: list[int]  # the kept runs of the document text, whose characters make the key
    ends: list[int]
    stock: bytearray  # 1 where the key character lies inside a stock phrase or a heading
    _ends_in_key: list[int] | None = None

    def where(self, i: int) -> int:
        """Offset in the document text of key character i, in the run that holds it (found by
        bisection: a report needs a few dozen, and an array of the offsets of all its
        characters cost 0.75 ms to build)."""
        if self._ends_in_key is None:
            self._ends_in_key = list(accumulate(map(sub, self.ends, self.starts)))
        run = bisect_right(self._ends_in_key, i)
        return self.starts[run] + i - (self._ends_in_key[run - 1] if run else 0)


_FREE_RE = re.compile(b"\x00{%d,}" % SHINGLE)
_KEEP_RUN_RE = re.compile(rf"[{CJK}A-Za-z]+")
_SENTENCE_END_RE = re.compile("[。！？；]")


def make_key(text: str, org: str) -> Key:
    body = text
    if org:
        body = body.replace(org, "\x00" * len(org))  # blanked, same length: offsets hold
    body = _SELF_RE.sub(lambda m: "\x00" * len(m.group(0)), body)
    # Line flags first, then the kept runs of the whole body at once (a run never crosses a
    # line): a report has a thousand runs, and a Python step per run was most of the cost.
    flags = bytearray()
    for line in body.split("\n"):
        # Titles and headings are alike in every report by design.
        is_heading = not _SENTENCE_END_RE.search(line) or (len(line) < 40 and not line.endswith("。"))
        flags += (b"\x01" if is_heading else b"\x00") * (len(line) + 1)
    spans = [m.span() for m in _KEEP_RUN_RE.finditer(body)]
    starts = [a for a, _ in spans]
    ends = [b for _, b in spans]
    heading = bytearray(b"".join([(b"\x01" if flags[a] else b"\x00") * (b - a) for a, b in spans]))
    parts = list(map(body.__getitem__, map(slice, starts, ends)))
    # str.replace, not translate: translate walks a Chinese text a character at a time.
    key = "".join(parts).replace("街道", "镇镇").replace("乡", "镇").replace("区", "镇").replace("县", "镇")
    stock = heading
    for p in stock_patterns():
        for m in scan(p, key):
            stock[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return Key(key, starts, ends, stock)


def _sampled(key: Key) -> list[tuple[int, int]]:
    """(hash, position) of the sampled shingles that hold no stock character."""
    text, stock = key.text, key.stock
    n = len(text) - SHINGLE + 1
    if n <= 0:
        return []
    # crc32, not hash(): str hashes change between processes, and the choice of sampled
    # shingles must be the same in every run and on both sides of a comparison.
    raw = text.encode("utf-32-le")
    crc = zlib.crc32
    width = 4 * SHINGLE
    out: list[tuple[int, int]] = []
    # Shingles that hold no stock character are those inside a stretch of SHINGLE or more
    # non-stock characters; each stretch is hashed in one comprehension.
    for free in _FREE_RE.finditer(stock):
        lo, hi = free.start(), free.end() - SHINGLE + 1
        hashes = [crc(raw[j : j + width]) for j in range(4 * lo, 4 * hi, 4)]
        out += [(h, i) for i, h in zip(range(lo, hi), hashes, strict=True) if h % SAMPLE == 0]
    return out


@dataclass
class Corpus:
    """Sampled shingles of a set of reports, to look up shared passages fast."""

    names: list[str] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    index: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))  # hash → reports
    _common: set[int] | None = None
    # hash → names of the reports that hold it, without the common hashes (built with common()).
    _lookup: dict[int, tuple[str, ...]] | None = None
    # Keys and samples of the reports added, by name, so a batch is not normalised twice.
    prepared: dict[tuple[str, int], tuple[Key, list[tuple[int, int]]]] = field(default_factory=dict)

    @classmethod
    def build(cls, docs: list[tuple[str, str, str]]) -> Corpus:
        corpus = cls()
        for name, text, org in docs:
            corpus.add(name, text, org)
        return corpus

    def add(self, name: str, text: str, org: str, keep: bool = True) -> None:
        """Index a report; keep=False (an archive) does not keep its key for a later compare."""
        d = len(self.names)
        self.names.append(name)
        key = make_key(text, org)
        sampled = _sampled(key)
        if keep:
            self.prepared[(name, len(text))] = (key, sampled)
        self.lengths.append(len(key.text))
        seen: set[int] = set()
        for h, _i in sampled:
            if h not in seen:
                seen.add(h)
                self.index[h].append(d)
        self._common = None
        self._lookup = None

    def common(self) -> set[int]:
        """Shingles that many reports share: formula the stock list does not name."""
        if self._common is None:
            limit = max(3, len(self.names) // 5)
            # add() keeps one entry per report and hash, so len(refs) counts reports.
            self._common = {h for h, refs in self.index.items() if len(refs) > limit}
            names = self.names
            self._lookup = {
                h: tuple(names[d] for d in refs) for h, refs in self.index.items() if h not in self._common
            }
        return self._common

    def lookup(self) -> dict[int, tuple[str, ...]]:
        """hash → the names of the reports holding it, for the hashes that are not common."""
        if self._lookup is None:
            self._common = None
            self.common()
        return self._lookup if self._lookup is not None else {}


class Passage(NamedTuple):  # a tuple: a report against an archive has hundreds
    other: str
    start: int  # key offsets
    end: int


def _passages(key: Key, sampled: list[tuple[int, int]], name: str, corpora: list[Corpus]) -> list[Passage]:
    runs: dict[str, list[int]] = defaultdict(list)
    for corpus in corpora:
        lookup = corpus.lookup()
        for h, i in sampled:
            others = lookup.get(h)
            if others is not None:
                for other in others:
                    runs[other].append(i)
    runs.pop(name, None)  # the report itself (in its own batch); the order of the rest is kept
    out: list[Passage] = []
    for other, starts in runs.items():
        starts.sort()
        # Stretches of shingles closer than GAP; the positions are sorted, so a shingle always
        # ends the stretch it joins.
        s = starts[0]
        e = s + SHINGLE
        cover = SHINGLE
        for i in starts:
            if i <= e + GAP:
                if i < e:
                    cover += i + SHINGLE - e  # < SHINGLE: the shingle overlaps the stretch
                else:
                    cover += SHINGLE
                e = i + SHINGLE
                continue
            if e - s >= MIN_PASSAGE and cover >= MIN_COVER * (e - s):
                out.append(Passage(other, s, e))
            s, e, cover = i, i + SHINGLE, SHINGLE
        if e - s >= MIN_PASSAGE and cover >= MIN_COVER * (e - s):
            out.append(Passage(other, s, e))
    return out


def compare(
    doc: Doc, name: str, org: str, corpus: Corpus | list[Corpus]
) -> tuple[Boilerplate, list[Finding]]:
    """Passages of the report shared with the reports of one or several corpora (batch, archive)."""
    corpora = corpus if isinstance(corpus, list) else [corpus]
    known = next(
        (c.prepared[(name, len(doc.text))] for c in corpora if (name, len(doc.text)) in c.prepared), None
    )
    key, sampled = known if known is not None else (make_key(doc.text, org), None)
    if sampled is None:
        sampled = _sampled(key)
    total = len(key.text)
    result = Boilerplate(total_chars=total)
    findings: list[Finding] = []
    passages = _passages(key, sampled, name, corpora)
    covered = bytearray(total)
    per_file: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    # One finding per stretch of the report, naming the report it shares most with.
    passages.sort(key=lambda p: (p.start, -(p.end - p.start)))
    for p in sorted(passages, key=lambda p: p.end - p.start, reverse=True):
        chars = p.end - p.start
        per_file[p.other][0] += 1
        per_file[p.other][1] += chars
        if any(covered[p.start : p.end]):
            covered[p.start : p.end] = b"\x01" * chars
            continue
        covered[p.start : p.end] = b"\x01" * chars
        s, e = key.where(p.start), key.where(p.end - 1) + 1
        findings.append(
            doc.finding(
                s,
                e,
                kind="boilerplate",
                severity="warning" if chars >= WARN_PASSAGE else "info",
                message=f"这一段（约{chars}字）与“{p.other}”中的段落相同或几乎相同，占本报告的{chars / total:.0%}。",
                suggestion="结合本单位实际情况改写",
                rule="boilerplate.passage",
            )
        )
    result.shared_chars = sum(covered)
    result.share = result.shared_chars / total if total else 0.0
    result.pairs = sorted(
        (BoilerplatePair(f, v[0], v[1]) for f, v in per_file.items()), key=lambda p: p.chars, reverse=True
    )
    if result.share >= SHARE_WARNING:
        top = result.pairs[0].file if result.pairs else ""
        findings.append(
            Finding(
                kind="boilerplate",
                severity="warning",
                excerpt="",
                message=f"全文约{result.share:.0%}的文字与其他报告相同（最多的是“{top}”），请结合本单位实际撰写。",
                suggestion="",
                rule="boilerplate.share",
                whole_document=True,
            )
        )
    return result, findings
