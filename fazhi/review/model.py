"""Result types of the review engine: plain dataclasses that serialise to JSON-ready dicts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["structure", "figure", "formulation", "typo", "format", "boilerplate", "artifact"]
Severity = Literal["error", "warning", "info"]
PartState = Literal["present", "embedded", "missing"]

KINDS: tuple[Kind, ...] = ("structure", "figure", "formulation", "typo", "format", "boilerplate", "artifact")
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
PART_KEYS: tuple[str, ...] = ("measures", "shortcomings", "first_responsible", "next_year", "other")
PART_TITLES: dict[str, str] = {
    "measures": "主要举措和成效",
    "shortcomings": "存在的不足和原因",
    "first_responsible": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "next_year": "下一年度推进法治政府建设的主要安排",
    "other": "其他需要报告的情况",
}


class ReviewInputError(Exception):
    """A file cannot be read; the message is Chinese and meant for the clerk."""


@dataclass(frozen=True)
class Finding:
    kind: Kind
    severity: Severity
    excerpt: str
    message: str
    suggestion: str = ""
    line: int = 0
    # Offsets into the original text, so a viewer can highlight the excerpt in place.
    start: int = 0
    end: int = 0
    rule: str = ""
    # True when the finding is about the report as a whole (a missing part), not a passage.
    whole_document: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Figure:
    text: str
    value: float | int
    unit: str
    qualifier: str
    subject: str
    line: int
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_new = object.__new__


def make_figure(
    text: str, value: float | int, unit: str, qualifier: str, subject: str, line: int, start: int, end: int
) -> Figure:
    """Figure(text, value, ...) as the frozen dataclass builds it, without its __init__: that
    calls object.__setattr__ once per field, about a third of the cost of extracting a figure
    (a report holds some 200). Equal, hashed and serialised alike (test_engine checks)."""
    fig = _new(Figure)
    d = fig.__dict__
    d["text"] = text
    d["value"] = value
    d["unit"] = unit
    d["qualifier"] = qualifier
    d["subject"] = subject
    d["line"] = line
    d["start"] = start
    d["end"] = end
    return fig


# make_figure sets every field by name: a field added to Figure must be added there too.
if tuple(Figure.__dataclass_fields__) != (
    "text",
    "value",
    "unit",
    "qualifier",
    "subject",
    "line",
    "start",
    "end",
) or (hasattr(Figure, "__post_init__")):
    raise TypeError("make_figure no longer matches the fields of Figure")


@dataclass(frozen=True)
class Heading:
    level: int
    number: int
    marker: str
    text: str
    line: int
    start: int
    end: int


@dataclass
class BoilerplatePair:
    file: str
    sentences: int
    chars: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Boilerplate:
    share: float = 0.0
    shared_chars: int = 0
    total_chars: int = 0
    pairs: list[BoilerplatePair] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "share": round(self.share, 4),
            "shared_chars": self.shared_chars,
            "total_chars": self.total_chars,
            "pairs": [p.to_dict() for p in self.pairs],
        }


@dataclass
class ReviewResult:
    file: str
    org: str
    year: int | None
    parts: dict[str, PartState]
    figures: list[Figure]
    findings: list[Finding]
    boilerplate: Boilerplate
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "org": self.org,
            "year": self.year,
            "parts": dict(self.parts),
            "figures": [f.to_dict() for f in self.figures],
            "findings": [f.to_dict() for f in self.findings],
            "boilerplate": self.boilerplate.to_dict(),
        }

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)
