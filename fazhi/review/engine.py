"""The public entry points: review a text, a file, or a batch of files."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import boilerplate, figures, formats, language, lexicon, structure
from .model import Boilerplate, Finding, ReviewResult
from .readers import SUPPORTED, read_file
from .text import Doc, repair


@dataclass
class Prepared:
    name: str
    doc: Doc
    paras: list[structure.Paragraph]
    headings: list[structure.Heading]
    org: str
    detected_year: int | None


def prepare(text: str, name: str = "") -> Prepared:
    doc = repair(text)
    paras = structure.paragraphs(doc)
    headings = structure.find_headings(doc, paras)
    return Prepared(
        name, doc, paras, headings, structure.detect_org(paras), structure.detect_year(paras, headings)
    )


def _review(
    p: Prepared, year: int | None, corpus: boilerplate.Corpus | list[boilerplate.Corpus] | None
) -> ReviewResult:
    doc = p.doc
    report_year = year if year is not None else p.detected_year
    findings: list[Finding] = list(doc.artifacts)
    parts, sections, structure_findings = structure.analyse_parts(doc, p.headings, report_year)
    findings += structure_findings
    findings += structure.check_hierarchy(doc, p.headings)
    findings += structure.check_opening_year(doc, p.paras, report_year)
    raws = figures.extract(doc)
    findings += figures.check(doc, raws, sections)
    findings += language.check_formulations(doc, report_year)
    findings += language.check_collocations(doc)
    findings += language.check_duplicates(doc)
    findings += lexicon.check(doc)
    findings += language.check_contexts(doc)
    findings += formats.check_doc_numbers(doc)
    findings += formats.check_dates(doc)
    findings += formats.check_documents(doc)
    findings += formats.check_sessions(doc, report_year)
    findings += formats.check_day_names(doc)
    findings += formats.check_heading_markers(doc)
    findings += formats.check_heading_years(doc, p.headings, sections, report_year)
    if year is not None and p.detected_year is not None and year != p.detected_year:
        findings.append(
            Finding(
                kind="format",
                severity="warning",
                excerpt="",
                message=f"报告中识别出的年度为{p.detected_year}年，与指定的审查年度{year}年不一致。",
                suggestion=f"{year}年",
                rule="format.report_year",
                whole_document=True,
            )
        )
    shared = Boilerplate()
    if corpus is not None:
        shared, bp_findings = boilerplate.compare(doc, p.name, p.org, corpus)
        findings += bp_findings
    return ReviewResult(
        file=p.name,
        org=p.org,
        year=report_year,
        parts=parts,
        figures=[r.figure for r in raws],
        findings=_dedupe(findings),
        boilerplate=shared,
        text=doc.original,
    )


_RANK = {"error": 0, "warning": 1, "info": 2}


def _dedupe(findings: list[Finding]) -> list[Finding]:
    # One slip, one finding: among overlapping typo findings keep the most certain, and the
    # specific rules (collocations, contexts, duplicates) over the general lexicon; a lexicon
    # near-miss inside a formulation finding is the same wording problem.
    def pref(f: Finding) -> tuple[int, int]:
        return (_RANK[f.severity], f.rule == "typo.lexicon")

    kept_typos: list[Finding] = []
    wording = [f for f in findings if f.kind == "formulation"]
    for f in sorted((f for f in findings if f.kind == "typo"), key=pref):
        if any(g.start < f.end and f.start < g.end for g in kept_typos):
            continue
        if f.rule == "typo.lexicon" and any(g.start < f.end and f.start < g.end for g in wording):
            continue
        kept_typos.append(f)
    keep = {id(f) for f in kept_typos}
    findings = [f for f in findings if f.kind != "typo" or id(f) in keep]
    seen: set[tuple[str, int, int, str]] = set()
    out: list[Finding] = []
    for f in sorted(findings, key=lambda f: (not f.whole_document, f.line, f.start, f.kind)):
        key = (f.kind, f.start, f.end, f.rule)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def review_text(
    text: str, *, name: str = "", year: int | None = None, against: Iterable[tuple[str, str]] = ()
) -> ReviewResult:
    """Review one report text. `against` holds (name, text) of other reports to find shared sentences."""
    p = prepare(text, name)
    others = [prepare(t, n) for n, t in against]
    corpus = boilerplate.Corpus.build([(o.name, o.doc.text, o.org) for o in others]) if others else None
    return _review(p, year, corpus)


def review_file(
    path: str | Path, *, year: int | None = None, against: Iterable[tuple[str, str]] = ()
) -> ReviewResult:
    return review_text(read_file(path), name=Path(path).name, year=year, against=against)


def report_files(folder: str | Path) -> list[Path]:
    return sorted(p for p in Path(folder).iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED)


# Archives are indexed once per process and reused while their files are unchanged: a county
# reviews its 30 reports against the same five years of archive many times.
_ARCHIVES: dict[tuple[str, tuple[tuple[str, int, int], ...]], boilerplate.Corpus] = {}


def archive_corpus(folder: str | Path, exclude: Iterable[Path] = ()) -> boilerplate.Corpus:
    skip = {Path(p).resolve() for p in exclude}
    files = [q for q in report_files(folder) if q.resolve() not in skip]
    signature = tuple((str(q), q.stat().st_size, q.stat().st_mtime_ns) for q in files)
    cache_key = (str(Path(folder).resolve()), signature)
    corpus = _ARCHIVES.get(cache_key)
    if corpus is None:
        corpus = boilerplate.Corpus()
        for q in files:
            doc = repair(read_file(q))
            corpus.add(q.name, doc.text, structure.detect_org(structure.paragraphs(doc)), keep=False)
        corpus.lookup()  # its lookup table is part of the index, built once with it
        _ARCHIVES.clear()  # one archive at a time is what a process needs
        _ARCHIVES[cache_key] = corpus
    return corpus


def review_batch(
    paths: Sequence[str | Path],
    against_dir: str | Path | None = None,
    *,
    year: int | None = None,
    compare: bool = True,
) -> list[ReviewResult]:
    """Review several reports; copied passages are looked up across the batch and `against_dir`.

    compare=False skips copy detection (and `against_dir`) altogether.
    """
    prepared = [prepare(read_file(p), Path(p).name) for p in paths]
    if not compare:
        return [_review(p, year, None) for p in prepared]
    corpora = [boilerplate.Corpus.build([(r.name, r.doc.text, r.org) for r in prepared])]
    if against_dir is not None:
        corpora.append(archive_corpus(against_dir, exclude=[Path(p) for p in paths]))
    return [_review(p, year, corpora) for p in prepared]
