"""Measure the engine against a folder of hand-annotated reports.

    python -m fazhi.review.evaluate [DIR] [--against DIR] [--quiet]

DIR holds report files and an ``annotations.json`` in either of two formats:

* whole reports: ``{"files": {name: {"org", "year", "parts", "figures",
  "defects": [{"kind", "severity", "excerpt", "suggestion"}]}}}`` — an empty excerpt means a
  defect of the report as a whole (a missing part);
* openings or excerpts: ``{"files": {name: {"year", "defects": [{"kind", "certainty":
  "sure"|"doubtful", "excerpts": [...], "note", "shared_with"}]}}}`` — any one located excerpt
  counts, and the files are openings, so whole-report findings (a missing part) are not judged.

Scores: recall per kind of the *sure* defects (found when an error or warning finding overlaps
one of its excerpts), and precision of the error and the warning findings (right when the
finding overlaps any labelled excerpt, sure or doubtful). Every miss and false alarm is listed.
The annotation files are read at run time and never copied into the project.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .engine import review_batch
from .model import KINDS, Finding, ReviewResult

JUDGED = ("error", "warning")


def default_samples_dir() -> Path:
    env = os.environ.get("FAZHI_SAMPLES_DIR")
    if env:
        return Path(env)
    repo_root = Path(__file__).resolve().parents[2]
    return repo_root.parent / "shared" / "samples" / "reports"


def samples_root() -> Path:
    """The folder that holds the sample folders (reports/, excerpts/)."""
    return default_samples_dir().parent


@dataclass
class Defect:
    """One annotated defect in the unified form of both annotation formats."""

    kind: str
    excerpts: list[str]
    sure: bool
    severity: str = ""  # only the whole-report format labels a severity
    note: str = ""
    suggestion: str = ""
    shared_with: str = ""  # a copied passage: the other file that holds it

    @property
    def label(self) -> str:
        sev = self.severity or ("sure" if self.sure else "doubtful")
        shown = " | ".join(repr(e) for e in self.excerpts) or (
            f"(shared with {self.shared_with})" if self.shared_with else "(whole report)"
        )
        note = f" — {self.note}" if self.note else ""
        return f"{self.kind}/{sev} {shown}{note}"


def _defects(entry: dict[str, Any]) -> list[Defect]:
    out = []
    for d in entry.get("defects", []):
        if "excerpts" in d:
            excerpts = [e for e in d["excerpts"] if e]
        else:
            excerpts = [d["excerpt"]] if d.get("excerpt") else []
        out.append(
            Defect(
                kind=d["kind"],
                excerpts=excerpts,
                sure=d.get("certainty", "sure") == "sure",
                severity=d.get("severity", ""),
                note=d.get("note") or d.get("why", ""),
                suggestion=d.get("suggestion", ""),
                shared_with=d.get("shared_with", ""),
            )
        )
    return out


def _normalised(text: str) -> tuple[str, list[int]]:
    """NFKC-folded text without blanks, and the original offset of each kept character."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            if not c.isspace():
                chars.append(c)
                where.append(i)
    return "".join(chars), where


class Locator:
    """Finds the spans of an excerpt in a report, tolerating width and blank differences."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._norm: tuple[str, list[int]] | None = None

    def spans(self, excerpt: str) -> list[tuple[int, int]]:
        out = []
        i = self.text.find(excerpt)
        while i != -1:
            out.append((i, i + len(excerpt)))
            i = self.text.find(excerpt, i + 1)
        if out:
            return out
        if self._norm is None:
            self._norm = _normalised(self.text)
        norm, where = self._norm
        needle, _ = _normalised(excerpt)
        if not needle:
            return []
        i = norm.find(needle)
        while i != -1:
            out.append((where[i], where[i + len(needle) - 1] + 1))
            i = norm.find(needle, i + 1)
        return out


def _strip_number(s: str) -> str:
    return s.lstrip("一二三四五六七八九十、（）() ")


def matches(defect: Defect, f: Finding, loc: Locator) -> bool:
    """The finding is about the defect: its span overlaps one of the excerpts.

    When the annotation labels a severity (whole-report format), kind and severity must agree
    too; a defect without excerpt (a missing part) matches a whole-report finding of its kind.
    """
    if defect.severity and (f.kind != defect.kind or f.severity != defect.severity):
        return False
    if not defect.excerpts and defect.shared_with:
        # Located by the other file: a copy finding that names it.
        other = Path(defect.shared_with).stem
        return f.kind == defect.kind and other in f.message + f.suggestion
    if not defect.excerpts:
        if not f.whole_document or not defect.severity:
            return False
        wanted = _strip_number(defect.suggestion)
        return not wanted or wanted in f.suggestion
    return any(s < f.end and f.start < e for x in defect.excerpts for s, e in loc.spans(x))


def _subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


@dataclass
class KindScore:
    annotated: int = 0  # sure defects
    found: int = 0
    raised: dict[str, int] = field(default_factory=lambda: dict.fromkeys(JUDGED, 0))
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(JUDGED, 0))


@dataclass
class Evaluation:
    folder: Path
    kinds: dict[str, KindScore]
    missed: list[tuple[str, Defect]]
    false_alarms: list[tuple[str, Finding]]
    not_judged: list[tuple[str, Finding]]
    unlocated: list[tuple[str, Defect]]
    years: dict[str, tuple[int | None, int | None]]
    parts_ok: dict[str, bool]
    parts: dict[str, tuple[dict[str, str], dict[str, str]]]
    figures_found: int
    figures_total: int
    subjects_found: int
    figures_missed: list[tuple[str, dict[str, Any]]]
    results: list[ReviewResult]
    doubtful_found: int = 0
    doubtful_total: int = 0

    @property
    def annotated(self) -> int:
        return sum(k.annotated for k in self.kinds.values())

    @property
    def found(self) -> int:
        return sum(k.found for k in self.kinds.values())

    def recall(self) -> float:
        return self.found / self.annotated if self.annotated else 1.0

    def raised(self, severity: str) -> int:
        return sum(k.raised[severity] for k in self.kinds.values())

    def correct(self, severity: str) -> int:
        return sum(k.correct[severity] for k in self.kinds.values())

    def precision(self, severity: str) -> float:
        r = self.raised(severity)
        return self.correct(severity) / r if r else 1.0

    def table(self) -> str:
        head = f"{'kind':<12}{'sure':>6}{'found':>7}{'recall':>8}"
        for s in JUDGED:
            head += f"{s + ' raised':>15}{'right':>7}{'prec.':>7}"
        lines = [f"evaluation of {self.folder} ({len(self.results)} files)", head]

        def row(name: str, a: int, f: int, raised: dict[str, int], correct: dict[str, int]) -> str:
            line = f"{name:<12}{a:>6}{f:>7}{(f'{f / a:.0%}' if a else '-'):>8}"
            for s in JUDGED:
                r, c = raised[s], correct[s]
                line += f"{r:>15}{c:>7}{(f'{c / r:.0%}' if r else '-'):>7}"
            return line

        for kind in KINDS:
            k = self.kinds[kind]
            if k.annotated or any(k.raised.values()):
                lines.append(row(kind, k.annotated, k.found, k.raised, k.correct))
        lines.append(
            row(
                "ALL",
                self.annotated,
                self.found,
                {s: self.raised(s) for s in JUDGED},
                {s: self.correct(s) for s in JUDGED},
            )
        )
        if self.doubtful_total:
            lines.append(f"doubtful defects found: {self.doubtful_found}/{self.doubtful_total}")
        lines.append("")
        for name, ok in self.parts_ok.items():
            lines.append(f"parts {name}: {'match' if ok else 'MISMATCH ' + str(self.parts[name])}")
        if self.figures_total:
            lines.append(
                f"figures: {self.figures_found}/{self.figures_total} annotated figures extracted with value, "
                f"unit and qualifier; {self.subjects_found}/{self.figures_total} also with the annotated subject"
            )
        for name, (got, want) in self.years.items():
            if want is not None and got != want:
                lines.append(f"YEAR {name}: detected {got}, annotated {want}")
        for name, d in self.missed:
            lines.append(f"MISSED {name}: {d.label}")
        for name, d in self.unlocated:
            lines.append(f"EXCERPT NOT IN TEXT {name}: {d.label}")
        for name, fig in self.figures_missed:
            lines.append(f"FIGURE MISSED {name}: {fig}")
        for name, f in self.false_alarms:
            lines.append(
                f"FALSE ALARM {name}: {f.kind}/{f.severity} line {f.line} {f.excerpt!r} ({f.rule}) {f.message}"
            )
        if self.not_judged:
            rules: dict[str, int] = {}
            for _, f in self.not_judged:
                rules[f.rule] = rules.get(f.rule, 0) + 1
            lines.append(
                "not judged (about the whole report, but these files are openings): "
                + ", ".join(f"{r} ×{n}" for r, n in sorted(rules.items()))
            )
        return "\n".join(lines)


def evaluate(samples_dir: Path | None = None, against: Path | None = None) -> Evaluation:
    folder = samples_dir or default_samples_dir()
    annotations = json.loads((folder / "annotations.json").read_text(encoding="utf-8"))["files"]
    names = sorted(annotations)
    results = review_batch([folder / n for n in names], against_dir=against)
    kinds = {k: KindScore() for k in KINDS}
    ev = Evaluation(folder, kinds, [], [], [], [], {}, {}, {}, 0, 0, 0, [], results)
    for name, r in zip(names, results, strict=True):
        ann = annotations[name]
        loc = Locator(r.text)
        defects = _defects(ann)
        # A file annotated with parts is a whole report; otherwise it may be an opening, and
        # a finding about the report as a whole cannot be judged from it.
        whole_report = "parts" in ann
        ev.years[name] = (r.year, ann.get("year"))
        for d in defects:
            if d.excerpts and not any(loc.spans(x) for x in d.excerpts):
                ev.unlocated.append((name, d))
            hit = any(matches(d, f, loc) for f in r.findings if f.severity in JUDGED)
            if d.sure:
                ks = kinds.setdefault(d.kind, KindScore())
                ks.annotated += 1
                if hit:
                    ks.found += 1
                else:
                    ev.missed.append((name, d))
            else:
                ev.doubtful_total += 1
                ev.doubtful_found += hit
        for f in r.findings:
            if f.severity not in JUDGED:
                continue
            if f.whole_document and not whole_report:
                ev.not_judged.append((name, f))
                continue
            ks = kinds.setdefault(f.kind, KindScore())
            ks.raised[f.severity] += 1
            if any(matches(d, f, loc) for d in defects):
                ks.correct[f.severity] += 1
            else:
                ev.false_alarms.append((name, f))
        if "parts" in ann:
            ev.parts[name] = (dict(r.parts), ann["parts"])
            ev.parts_ok[name] = dict(r.parts) == ann["parts"]
        for fig in ann.get("figures", []):
            ev.figures_total += 1
            hit_figs = [
                g
                for g in r.figures
                if g.value == fig["value"]
                and g.unit == fig["unit"]
                and g.qualifier == fig.get("qualifier", "")
            ]
            if hit_figs:
                ev.figures_found += 1
                if any(_subsequence(fig.get("about", ""), g.subject) for g in hit_figs):
                    ev.subjects_found += 1
            else:
                ev.figures_missed.append((name, fig))
    return ev


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m fazhi.review.evaluate", description="用人工标注的样本评估审查引擎"
    )
    parser.add_argument("folder", nargs="?", help="含 annotations.json 的样本目录")
    parser.add_argument("--against", metavar="DIR", help="另与该目录中的报告比对雷同段落")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    folder = Path(args.folder) if args.folder else default_samples_dir()
    if not (folder / "annotations.json").exists():
        print(f"找不到样本标注文件：{folder / 'annotations.json'}", file=sys.stderr)
        return 2
    print(evaluate(folder, Path(args.against) if args.against else None).table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
