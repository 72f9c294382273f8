"""Excel and Word outputs of the county's supervision: assessment results and the 通报."""

import io

from django.utils import timezone
from django.utils.http import content_disposition_header
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from fazhi.supervision import scoring


def disposition(filename: str) -> str:
    return content_disposition_header(True, filename)


def _sheet(ws, header: list[str], rows: list[list], widths: list[int] | None = None) -> None:
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "B2"
    for n, w in enumerate(widths or [14] * len(header), 1):
        ws.column_dimensions[get_column_letter(n)].width = w


def _num(value):
    return None if value is None else float(value)


def results_xlsx(scheme, results) -> bytes:
    numbered = scoring.tree(scheme)
    tops = [(it, num) for it, num, level in numbered if level == 1]
    wb = Workbook()
    ws = wb.active
    ws.title = "总分与等次"
    header = ["乡镇", "组织编码", "名次", *[f"{num} {it.title}（{it.points:g}分）" for it, num in tops]]
    header += ["加分", "总分", "等次"]
    rows = [
        [r.org.name, r.org.code, r.rank, *[_num(r.items.get(it.pk)) for it, _ in tops]]
        + [_num(r.bonus), _num(r.total), r.grade]
        for r in results
    ]
    _sheet(ws, header, rows, [12, 12, 6, *[18] * len(tops), 8, 8, 8])
    detail = wb.create_sheet("各项得分")
    drows = []
    for r in results:
        for it, num, _level in numbered:
            score = r.scores.get(it.pk)
            source = it.get_method_display()
            basis = ""
            if score is not None and score.basis:
                b = score.basis
                basis = b.get("shown") or (f"{b.get('count', 0)}次" if "count" in b else "")
            drows.append(
                [
                    r.org.name,
                    num,
                    it.title,
                    _num(it.points),
                    source,
                    basis,
                    _num(score.self_points) if score else None,
                    _num(r.items.get(it.pk)),
                    score.reason if score else "",
                ]
            )
    _sheet(
        detail,
        ["乡镇", "序号", "项目", "分值", "计分方式", "依据（评分时数据）", "自评得分", "得分", "评分理由"],
        drows,
        [12, 8, 36, 8, 18, 20, 10, 8, 40],
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)


def _para(doc, text: str, font="仿宋_GB2312", size=16, bold=False, align=None, indent=True):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(28)
    _font(p.add_run(text), font, size, bold)
    return p


def notice_docx(scheme, results) -> bytes:
    """The 通报 of the year's results: grades by township and the table of totals and ranks."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _para(
        doc,
        f"关于{scheme.year}年度乡镇（街道）法治政府建设考核结果的通报",
        font="方正小标宋简体",
        size=22,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
    )
    _para(doc, "各乡镇（街道）：", indent=False)
    _para(
        doc,
        f"根据《{scheme.title}》，县委依法治县办对各乡镇（街道）{scheme.year}年度法治政府建设工作进行了考核，"
        f"共考核{len(results)}个乡镇（街道）。现将考核结果通报如下。",
    )
    _para(doc, "一、考核等次", font="黑体", indent=True)
    for g in scoring.GRADES:
        names = [r.org.name for r in results if r.grade == g]
        if names:
            _para(doc, f"{g}：{'、'.join(names)}（{len(names)}个）。")
    _para(doc, "二、考核得分和名次", font="黑体", indent=True)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["名次", "乡镇（街道）", "总分", "等次"], strict=True):
        _font(cell.paragraphs[0].add_run(text), "黑体", 12)
    for r in results:
        cells = table.add_row().cells
        for cell, text in zip(cells, [str(r.rank), r.org.name, f"{r.total:.2f}", r.grade], strict=True):
            _font(cell.paragraphs[0].add_run(text), "仿宋_GB2312", 12)
    _para(
        doc,
        "希望受到表扬的乡镇（街道）再接再厉；考核中发现的问题，各乡镇（街道）要认真对照整改，"
        "整改情况纳入问题整改台账跟踪销号。",
    )
    when = timezone.localdate(scheme.published_at) if scheme.published_at else timezone.localdate()
    _para(
        doc,
        f"中共{scheme.county.name}委全面依法治县委员会办公室",
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        indent=False,
    )
    _para(doc, f"{when.year}年{when.month}月{when.day}日", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    doc.core_properties.title = f"{scheme.year}年度考核结果通报"
    doc.core_properties.author = scheme.county.name
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def comparison_xlsx(inds, townships, years, cells, totals, noun: str = "乡镇") -> bytes:
    """The comparison table as shown: a column per indicator and year, a row per township and the
    county total; rates carry numerator and denominator in the next columns."""
    wb = Workbook()
    ws = wb.active
    ws.title = "指标对比"
    header = [noun, "组织编码"]
    for ind in inds:
        for y in years:
            header.append(f"{ind.name}（{ind.unit}）{y}年")
            if ind.is_rate:
                header += [f"{ind.name} {y}年 分子", f"{ind.name} {y}年 分母"]

    def values(figures):
        row = []
        for ind, fig in figures:
            row.append(_num(fig.value))
            if ind.is_rate:
                row += [_num(fig.numerator), _num(fig.denominator)]
        return row

    rows = [
        [t.name, t.code, *values([(ind, cells[(ind.code, y)][t.pk].figure) for ind in inds for y in years])]
        for t in townships
    ]
    rows.append(["合计", "", *values([(ind, totals[(ind.code, y)]) for ind in inds for y in years])])
    _sheet(ws, header, rows, [12, 12, *[16] * (len(header) - 2)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
