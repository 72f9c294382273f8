"""Measure the engine against hand-annotated sample reports.

    python -m fazhi.review.evaluate [SAMPLES_DIR]

Reads annotations.json beside the reports (never copies them) and prints recall and precision
per kind of finding, the parts classification and the figures found.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .engine import review_batch
from .model import KINDS, Finding, ReviewResult


def default_samples_dir() -> Path:
    env = os.environ.get("FAZHI_SAMPLES_DIR")
    if env:
        return Path(env)
    repo_root = Path(__file__).resolve().parents[2]
    return repo_root.parent / "shared" / "samples" / "reports"


def _spans(text: str, excerpt: str) -> list[tuple[int, int]]:
    out = []
    i = text.find(excerpt)
    while i != -1:
        out.append((i, i + len(excerpt)))
        i = text.find(excerpt, i + 1)
    return out


def _strip_number(s: str) -> str:
    return s.lstrip("一二三四五六七八九十、（）() ")


def matches(defect: dict[str, Any], f: Finding, text: str) -> bool:
    """Same kind and severity, and the same place (excerpt overlap) or both about the whole report."""
    if f.kind != defect["kind"] or f.severity != defect["severity"]:
        return False
    excerpt = defect.get("excerpt", "")
    if not excerpt:
        if not f.whole_document:
            return False
        wanted = _strip_number(defect.get("suggestion", ""))
        return not wanted or wanted in f.suggestion
    return any(s < f.end and f.start < e for s, e in _spans(text, excerpt))


def _subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


@dataclass
class KindScore:
    annotated: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0})
    found: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0})
    raised: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0})
    correct: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0})


@dataclass
class Evaluation:
    kinds: dict[str, KindScore]
    missed: list[tuple[str, dict[str, Any]]]
    unannotated: list[tuple[str, Finding]]
    parts_ok: dict[str, bool]
    parts: dict[str, tuple[dict[str, str], dict[str, str]]]
    figures_found: int
    figures_total: int
    subjects_found: int
    figures_missed: list[tuple[str, dict[str, Any]]]
    results: list[ReviewResult]

    def table(self) -> str:
        lines = [
            f"{'kind':<12}{'sev':<9}{'annotated':>10}{'found':>7}{'recall':>8}{'raised':>8}{'correct':>8}{'precision':>10}"
        ]
        for kind in KINDS:
            k = self.kinds[kind]
            for sev in ("error", "warning"):
                a, f, r, c = k.annotated[sev], k.found[sev], k.raised[sev], k.correct[sev]
                if not (a or r):
                    continue
                rec = f"{f / a:.0%}" if a else "-"
                prec = f"{c / r:.0%}" if r else "-"
                lines.append(f"{kind:<12}{sev:<9}{a:>10}{f:>7}{rec:>8}{r:>8}{c:>8}{prec:>10}")
        tot = {s: [0, 0, 0, 0] for s in ("error", "warning")}
        for k in self.kinds.values():
            for s in tot:
                tot[s][0] += k.annotated[s]
                tot[s][1] += k.found[s]
                tot[s][2] += k.raised[s]
                tot[s][3] += k.correct[s]
        for s, (a, f, r, c) in tot.items():
            lines.append(
                f"{'ALL':<12}{s:<9}{a:>10}{f:>7}{(f / a if a else 1):>8.0%}{r:>8}{c:>8}{(c / r if r else 1):>10.0%}"
            )
        lines.append("")
        for name, ok in self.parts_ok.items():
            lines.append(f"parts {name}: {'match' if ok else 'MISMATCH ' + str(self.parts[name])}")
        lines.append(
            f"figures: {self.figures_found}/{self.figures_total} annotated figures extracted with value, unit and "
            f"qualifier; {self.subjects_found}/{self.figures_total} also with the annotated subject"
        )
        for name, d in self.missed:
            lines.append(f"MISSED {name}: {d['kind']}/{d['severity']} {d.get('excerpt', '')!r}")
        for name, fig in self.figures_missed:
            lines.append(f"FIGURE MISSED {name}: {fig}")
        for name, f in self.unannotated:
            lines.append(
                f"not annotated {name}: {f.kind}/{f.severity} line {f.line} {f.excerpt!r} ({f.rule})"
            )
        return "\n".join(lines)


def evaluate(samples_dir: Path | None = None) -> Evaluation:
    folder = samples_dir or default_samples_dir()
    annotations = json.loads((folder / "annotations.json").read_text(encoding="utf-8"))["files"]
    names = sorted(annotations)
    results = review_batch([folder / n for n in names])
    kinds = {k: KindScore() for k in KINDS}
    ev = Evaluation(kinds, [], [], {}, {}, 0, 0, 0, [], results)
    for name, r in zip(names, results, strict=True):
        ann = annotations[name]
        text = r.text
        defects = ann.get("defects", [])
        for d in defects:
            kinds[d["kind"]].annotated[d["severity"]] += 1
            if any(matches(d, f, text) for f in r.findings):
                kinds[d["kind"]].found[d["severity"]] += 1
            else:
                ev.missed.append((name, d))
        for f in r.findings:
            if f.severity == "info":
                continue
            kinds[f.kind].raised[f.severity] += 1
            if any(matches(d, f, text) for d in defects):
                kinds[f.kind].correct[f.severity] += 1
            else:
                ev.unannotated.append((name, f))
        ev.parts[name] = (dict(r.parts), ann["parts"])
        ev.parts_ok[name] = dict(r.parts) == ann["parts"]
        for fig in ann.get("figures", []):
            ev.figures_total += 1
            hit = [
                g
                for g in r.figures
                if g.value == fig["value"]
                and g.unit == fig["unit"]
                and g.qualifier == fig.get("qualifier", "")
            ]
            if hit:
                ev.figures_found += 1
                if any(_subsequence(fig.get("about", ""), g.subject) for g in hit):
                    ev.subjects_found += 1
            else:
                ev.figures_missed.append((name, fig))
    return ev


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else default_samples_dir()
    if not (folder / "annotations.json").exists():
        print(f"找不到样本标注文件：{folder / 'annotations.json'}", file=sys.stderr)
        return 2
    print(evaluate(folder).table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
