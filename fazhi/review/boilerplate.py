"""Sentences shared with other reports of the batch: text copied rather than written."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .model import Boilerplate, BoilerplatePair, Finding
from .text import CJK, Doc

MIN_SENTENCE = 16  # shorter sentences ("取得了明显成效。") are shared by chance
SHINGLE = 6
THRESHOLD = 0.8  # share of a sentence's shingles found in one sentence of another report
# A shingle found in more sentences than this is a stock phrase (全面贯彻落实…) that says nothing
# about copying; skipping it also keeps the lookup linear on large batches.
COMMON = 40
_SPLIT_RE = re.compile(r"[^。！？；\n]+[。！？；]?")
_KEEP_RE = re.compile(rf"[{CJK}0-9A-Za-z]")
_SELF_RE = re.compile(r"我(?:镇|乡|街道|县|区)|全(?:镇|乡|街道)|本(?:镇|乡|街道)")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    key: str  # letters and digits only, the township's own name replaced


@dataclass
class Corpus:
    """Sentences of a set of reports, indexed by shingle, to look up near-copies fast."""

    names: list[str]
    sentences: list[list[Sentence]]
    index: dict[str, set[tuple[int, int]]]

    @classmethod
    def build(cls, docs: list[tuple[str, str, str]]) -> Corpus:
        corpus = cls([], [], defaultdict(set))
        for name, text, org in docs:
            corpus.add(name, text, org)
        return corpus

    def add(self, name: str, text: str, org: str) -> None:
        d = len(self.names)
        self.names.append(name)
        sents = split_sentences(text, org)
        self.sentences.append(sents)
        for s_i, s in enumerate(sents):
            for sh in _shingles(s.key):
                self.index[sh].add((d, s_i))


def split_sentences(text: str, org: str) -> list[Sentence]:
    out: list[Sentence] = []
    for m in _SPLIT_RE.finditer(text):
        raw = m.group(0)
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        if not re.search("[。！？；]", text[line_start : line_end if line_end >= 0 else len(text)]):
            continue  # titles and headings are alike in every report by design
        if org:
            raw = raw.replace(org, "本镇")
        key = "".join(_KEEP_RE.findall(_SELF_RE.sub("本镇", raw)))
        if len(key) >= MIN_SENTENCE:
            out.append(Sentence(m.start(), m.end(), key))
    return out


def _shingles(key: str) -> set[str]:
    return {key[i : i + SHINGLE] for i in range(max(1, len(key) - SHINGLE + 1))}


def compare(doc: Doc, name: str, org: str, corpus: Corpus) -> tuple[Boilerplate, list[Finding]]:
    sents = split_sentences(doc.text, org)
    total = sum(len(s.key) for s in sents)
    result = Boilerplate(total_chars=total)
    findings: list[Finding] = []
    per_file: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for s in sents:
        sh = [x for x in _shingles(s.key) if len(corpus.index.get(x, ())) <= COMMON]
        if len(sh) < 3:
            continue
        hits: dict[tuple[int, int], int] = defaultdict(int)
        for x in sh:
            for ref in corpus.index.get(x, ()):
                if corpus.names[ref[0]] != name:
                    hits[ref] += 1
        if not hits:
            continue
        best, n = max(hits.items(), key=lambda kv: kv[1])
        if n / len(sh) < THRESHOLD:
            continue
        other = corpus.names[best[0]]
        result.shared_chars += len(s.key)
        per_file[other][0] += 1
        per_file[other][1] += len(s.key)
        findings.append(
            doc.finding(
                s.start,
                s.end,
                kind="boilerplate",
                severity="info",
                message=f"此句与“{other}”中的句子相同或几乎相同。",
                suggestion="结合本单位实际情况改写",
                rule="boilerplate.sentence",
            )
        )
    result.share = result.shared_chars / total if total else 0.0
    result.pairs = sorted(
        (BoilerplatePair(f, v[0], v[1]) for f, v in per_file.items()), key=lambda p: p.chars, reverse=True
    )
    if result.share >= 0.3:
        findings.append(
            Finding(
                kind="boilerplate",
                severity="warning",
                excerpt="",
                message=f"全文约{result.share:.0%}的文字与同批其他报告相同，请结合本单位实际撰写。",
                suggestion="",
                rule="boilerplate.share",
                whole_document=True,
            )
        )
    return result, findings
