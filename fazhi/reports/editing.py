"""Editing a draft: paragraphs rewritten, added, removed and reordered; figures recomputed.

A paragraph keeps, per referenced figure, the value shown when it was last edited. Rendering shows
those values, so the text a leader signed off does not move under them; recomputing lists each
figure whose indicator now says otherwise, and the user accepts each change."""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from fazhi.indicators import narrative, registry
from fazhi.reports.models import Paragraph, Report, Section

# 发文字号: 机关代字, the full year in 〔〕, a number without 第 and without leading zeros.
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,12}〔(19|20)\d{2}〕[1-9]\d*号")
DOC_YEAR = re.compile(r"〔(\d{4})〕")


def with_year(doc_number: str, year: int) -> str:
    """The 发文字号 with the year of issue in its 〔〕 (a report of 2026 signed in 2026 is 〔2026〕)."""
    return DOC_YEAR.sub(f"〔{year}〕", doc_number, count=1)


class EditError(Exception):
    """An edit refused, with a message for the user."""


def require_editable(report: Report) -> None:
    if report.frozen:
        raise EditError("报告已报送，不能再修改；如需更正，请创建更正版本")
    if not report.editable:
        raise EditError(f"报告当前状态为“{report.state_label}”，须退回修改后才能编辑")


def _clean(text: str) -> str:
    text = "\n".join(line.strip() for line in text.strip().splitlines() if line.strip())
    if not text:
        raise EditError("段落内容不能为空；不需要的段落请删除")
    unknown = narrative.unknown_tokens(text)
    if unknown:
        raise EditError(f"没有这些指标：{'、'.join(unknown)}（数字引用写作 {{{{指标代码}}}}）")
    return text


def _values_for(text: str, org, year, keep: dict[str, str]) -> dict[str, str]:
    """Values of the figures in a text: those already there keep the value last shown (a change
    waits for "重新计算"), new ones take today's value."""
    codes = narrative.tokens(text)
    new = [c for c in codes if c not in keep]
    fresh = narrative.figures(org, year, new) if new else {}
    return {c: keep[c] if c in keep else narrative.display(fresh[c]) for c in codes}


def _touch(report: Report) -> None:
    report.updated_at = timezone.now()
    report.save(update_fields=["updated_at"])


@transaction.atomic
def save_meta(report: Report, data: dict[str, str], user) -> Report:
    """The document's heading fields: title, 发文机关, 发文字号, 签发人, 主送, 抄送, 印发机关."""
    require_editable(report)
    data = {k: v.strip() for k, v in data.items()}
    for name in ("title", "issuer", "doc_number", "recipients", "printer"):
        if not data.get(name):
            raise EditError(f"请填写{Report._meta.get_field(name).verbose_name}")
    if not DOC_NUMBER.fullmatch(data["doc_number"]):
        raise EditError(
            "发文字号格式应为“机关代字〔年份〕序号号”，如：青石府发〔2026〕2号（年份写全，不加“第”，序号不编虚位）"
        )
    issued = int(DOC_YEAR.search(data["doc_number"]).group(1))
    if issued not in (report.year, report.year + 1):
        raise EditError(
            f"发文字号的年份应为发文（签发）的年份：{report.year}年度报告在{report.year}年底"
            f"或{report.year + 1}年签发，写〔{report.year}〕或〔{report.year + 1}〕"
        )
    for name, value in data.items():
        setattr(report, name, value)
    report.updated_at = timezone.now()
    report._history_user = user
    report.save()
    return report


@transaction.atomic
def save_paragraph(paragraph: Paragraph, text: str, user) -> Paragraph:
    report = paragraph.section.report
    require_editable(report)
    text = _clean(text)
    paragraph.values = _values_for(text, report.org, report.year, paragraph.values)
    paragraph.text = text
    paragraph.edited_by = user
    paragraph.edited_at = timezone.now()
    paragraph.save()
    _touch(report)
    return paragraph


@transaction.atomic
def add_paragraph(section: Section, text: str, user, after: Paragraph | None = None) -> Paragraph:
    report = section.report
    require_editable(report)
    text = _clean(text)
    siblings = list(section.paragraphs.order_by("order", "id"))
    position = siblings.index(after) + 1 if after in siblings else len(siblings)
    paragraph = Paragraph(
        section=section,
        text=text,
        values=_values_for(text, report.org, report.year, {}),
        edited_by=user,
        edited_at=timezone.now(),
    )
    siblings.insert(position, paragraph)
    paragraph.order = position
    paragraph.save()
    _renumber(siblings)
    _touch(report)
    return paragraph


@transaction.atomic
def delete_paragraph(paragraph: Paragraph, user) -> None:
    report = paragraph.section.report
    require_editable(report)
    section = paragraph.section
    if section.part != 1 and section.paragraphs.count() == 1:
        raise EditError("每一部分至少保留一段；请改写这一段而不是删除")
    paragraph._history_user = user
    paragraph.delete()
    _renumber(list(section.paragraphs.order_by("order", "id")))
    _touch(report)


@transaction.atomic
def move_paragraph(paragraph: Paragraph, offset: int, user) -> None:
    require_editable(paragraph.section.report)
    siblings = list(paragraph.section.paragraphs.order_by("order", "id"))
    i = siblings.index(paragraph)
    j = max(0, min(len(siblings) - 1, i + offset))
    siblings.insert(j, siblings.pop(i))
    _renumber(siblings)
    _touch(paragraph.section.report)


def _renumber(paragraphs: list[Paragraph]) -> None:
    for n, p in enumerate(paragraphs):
        if p.order != n:
            p.order = n
            p.save(update_fields=["order"])


@transaction.atomic
def delete_section(section: Section, user) -> None:
    """Leaves an area out of part 1 (the user's choice); the other parts keep their place."""
    require_editable(section.report)
    if section.part != 1:
        raise EditError("只有第一部分的领域小节可以整节删除")
    section.delete()
    _touch(section.report)


# Recomputing -------------------------------------------------------------------------------------


@dataclass
class Change:
    paragraph: Paragraph
    code: str
    name: str
    shown: str
    now: str

    @property
    def excerpt(self) -> str:
        """The paragraph as it reads, the changed figure shown as 【name】 (no codes)."""
        mark = f"【{self.name}】"
        text = narrative.resolve(self.paragraph.text, {**self.paragraph.values, self.code: mark})
        start = max(0, text.find(mark) - 24)
        end = start + 64
        return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def changes(report: Report) -> list[Change]:
    """Every figure in the text whose indicator now has another value than the one shown."""
    paragraphs = list(Paragraph.objects.filter(section__report=report).select_related("section"))
    paragraphs.sort(key=lambda p: (p.section.part, p.section.order, p.order, p.pk))
    codes = sorted({c for p in paragraphs for c in narrative.tokens(p.text)})
    figs = narrative.figures(report.org, report.year, [c for c in codes if _known(c)])
    found = []
    for p in paragraphs:
        for code in narrative.tokens(p.text):
            if code not in figs:
                continue
            now = narrative.display(figs[code])
            shown = p.values.get(code)
            if shown != now:
                found.append(Change(p, code, registry.get(code).name, shown or "—", now))
    return found


def _known(code: str) -> bool:
    try:
        registry.get(code)
    except KeyError:
        return False
    return True


@transaction.atomic
def accept(report: Report, paragraph_id: int, code: str, user) -> bool:
    """Takes the indicator's current value for one figure of one paragraph."""
    require_editable(report)
    paragraph = Paragraph.objects.select_for_update().get(section__report=report, pk=paragraph_id)
    if code not in narrative.tokens(paragraph.text) or not _known(code):
        return False
    value = narrative.display(registry.compute(code, report.org, report.year))
    paragraph.values = {**paragraph.values, code: value}
    paragraph.edited_by = user
    paragraph.edited_at = timezone.now()
    paragraph.save()
    _touch(report)
    return True


@transaction.atomic
def accept_all(report: Report, user) -> int:
    require_editable(report)
    found = changes(report)
    for change in found:
        p = change.paragraph
        p.values = {**p.values, change.code: change.now}
    for p in {c.paragraph.pk: c.paragraph for c in found}.values():
        p.edited_by = user
        p.edited_at = timezone.now()
        p.save()
    if found:
        _touch(report)
    return len(found)
