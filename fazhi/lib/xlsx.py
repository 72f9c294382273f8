"""One way to export a table to Excel: bold frozen header, column widths, a filter row, safe text.

Every page table (to-do, monthly grid, comparison, logs, users, jobs) exports through `table_response`,
so the sheets look alike and the file name says which filter produced them. Ledger exports stream far
larger sheets through `fazhi.ledger.excel.write_export`, which uses `safe_text` too.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@")
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')


def safe_text(value):
    """Text that a spreadsheet would run as a formula gets an apostrophe in front; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def filename(title: str, filters: Mapping[str, object] | None = None, *, day: dt.date | None = None) -> str:
    """`标题-条件1-条件2-20261202.xlsx`: the filter values that produced the sheet, then the day."""
    parts = [title, *(str(v) for v in (filters or {}).values() if v not in (None, ""))]
    parts.append(f"{day or timezone.localdate():%Y%m%d}")
    return _UNSAFE_FILENAME.sub("_", "-".join(parts)) + ".xlsx"


def write_table(
    out,
    title: str,
    columns: Sequence[tuple[str, float]],
    rows: Iterable[Sequence],
) -> int:
    """Writes one sheet (header, widths, frozen first row, auto-filter) to `out`; returns the row count.

    `columns` are (header, width in characters). Dates get a date format, Decimals stay numbers.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    for index, (_, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}1"
    bold = Font(bold=True)
    header = []
    for text, _ in columns:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        ws.append([_cell(ws, value) for value in row])
        count += 1
    wb.save(out)
    return count


def _cell(ws, value):
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "#,##0.00"
        return cell
    return safe_text(value)


def table_response(
    title: str,
    columns: Sequence[tuple[str, float]],
    rows: Iterable[Sequence],
    *,
    filters: Mapping[str, object] | None = None,
) -> FileResponse:
    """An .xlsx download of one table; the file name carries the title and the filter values."""
    buf = io.BytesIO()
    write_table(buf, title, columns, rows)
    buf.seek(0)
    return FileResponse(buf, as_attachment=True, filename=filename(title, filters))
