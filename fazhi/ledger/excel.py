"""Excel template, export and import for any registered ledger."""

import datetime as dt
import zipfile
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models, transaction
from django.db.models import signals
from django.db.models.base import ModelState
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineError
from python_calamine import load_workbook as calamine_workbook

from fazhi.ledger import history, todo, uploads
from fazhi.ledger.fields import EncryptedCharField, seal, unseal
from fazhi.ledger.forms import defaulted_fields, fill_defaults, form_class, related_choices
from fazhi.ledger.registry import Ledger
from fazhi.ledger.values import (
    DECIMAL_FORMAT,
    MONEY_FORMAT,
    CellError,
    choice_lookup,
    display,
    form_converter,
    is_money,
    offered_labels,
    parse_date,
)
from fazhi.lib.masking import mask
from fazhi.lib.xlsx import safe_text as _safe
from fazhi.orgs.models import OrgUnit

NUMBER_LABEL = "系统编号"
# The column a line-system import matches on (the source's record id, after the mapping).
EXTERNAL_LABEL = "条线系统编号"
# A procedure ledger's sheet may carry the step a record has reached; its gates are checked.
STEP_LABEL = "办理环节"
# Exports for users who see several townships name each record's township.
TOWNSHIP_LABEL = "乡镇"
STEP = "__step__"
Progress = Callable[[int, int], None]


# What a job row keeps of a result (ImportResult.as_dict).
MAX_ERRORS_KEPT = 500
MAX_COLUMNS_KEPT = 50
MAX_TEXT = 300


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "表头"
        return f"{where}“{self.column}”：{self.message}" if self.column else f"{where}：{self.message}"


@dataclass
class ImportResult:
    total: int = 0
    creates: int = 0
    updates: int = 0
    # Rows matching a record whose values they would not change (re-imports of the same export).
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    committed: bool = False

    def as_dict(self) -> dict:
        """A bounded summary for the job row: the first errors (as many as the page shows), the
        count of all, and texts cut to a readable length — never a whole header or file."""
        return {
            "total": self.total,
            "creates": self.creates,
            "updates": self.updates,
            "unchanged": self.unchanged,
            "errors": [
                {
                    "row": e.row,
                    "column": e.column[:MAX_TEXT],
                    "message": e.message[:MAX_TEXT],
                    "text": str(e)[:MAX_TEXT],
                }
                for e in self.errors[:MAX_ERRORS_KEPT]
            ],
            "error_count": len(self.errors),
            "ignored_columns": [str(c)[:MAX_TEXT] for c in self.ignored_columns[:MAX_COLUMNS_KEPT]],
            "committed": self.committed,
        }


def _required(ledger: Ledger, name: str) -> bool:
    f = ledger.field(name)
    # A field with a default (amount 0, status 已受理) takes it when the cell is left empty.
    return not f.blank and not f.has_default() and not isinstance(f, models.BooleanField)


def header_label(ledger: Ledger, name: str) -> str:
    return ledger.label(name) + ("*" if _required(ledger, name) else "")


def _normalise_header(text) -> str:
    return str(text or "").strip().rstrip("*＊").strip().replace(" ", "").replace("\n", "")


# ---------------------------------------------------------------------------------------- template


def write_template(ledger: Ledger, out) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = ledger.title[:31]
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for col, name in enumerate(ledger.fields, start=1):
        cell = ws.cell(row=1, column=col, value=header_label(ledger, name))
        cell.font = bold
        cell.fill = fill
        ws.column_dimensions[cell.column_letter].width = max(12, len(ledger.label(name)) * 2 + 4)
        f = ledger.field(name)
        options = offered_labels(f) if f.choices else None
        if isinstance(f, models.BooleanField):
            options = ["是", "否"]
        if options and sum(len(o) + 1 for o in options) < 250:
            dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
            dv.error = "请从下拉列表中选择"
            ws.add_data_validation(dv)
            dv.add(f"{cell.column_letter}2:{cell.column_letter}5000")
    proc = ledger.procedure
    if proc is not None:
        # The step a record has reached: without it an imported record starts at the first step.
        cell = ws.cell(row=1, column=len(ledger.fields) + 1, value=STEP_LABEL)
        cell.font, cell.fill = bold, fill
        ws.column_dimensions[cell.column_letter].width = 14
        steps = [label for _, label in proc.choices()]
        if sum(len(o) + 1 for o in steps) < 250:
            dv = DataValidation(type="list", formula1='"' + ",".join(steps) + '"', allow_blank=True)
            ws.add_data_validation(dv)
            dv.add(f"{cell.column_letter}2:{cell.column_letter}5000")
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet("填写说明")
    help_ws.append(["列名", "是否必填", "填写要求"])
    for name in ledger.fields:
        help_ws.append(
            [ledger.label(name), "必填" if _required(ledger, name) else "选填", describe(ledger, name)]
        )
    if proc is not None:
        help_ws.append([STEP_LABEL, "选填", describe_steps(ledger)])
    help_ws.append([])
    help_ws.append(
        [
            "说明",
            "",
            "列的顺序可以调整；带*的列必填。导出的文件含“系统编号”列，修改后再导入将更新原记录而不会重复。",
        ]
    )
    for col in ("A", "B", "C"):
        help_ws.column_dimensions[col].width = {"A": 20, "B": 10, "C": 80}[col]
    wb.save(out)


def describe_steps(ledger: Ledger) -> str:
    labels = "、".join(label for _, label in ledger.procedure.choices())
    first = dict(ledger.procedure.choices())[ledger.procedure.initial]
    return (
        f"记录已办到的环节，可选：{labels}。不填则为“{first}”。"
        "填写的环节须满足法定条件（前置环节的日期、材料等已填写），否则该行报错"
    )


def describe(ledger: Ledger, name: str) -> str:
    f = ledger.field(name)
    if f.choices:
        return "可选：" + "、".join(offered_labels(f))
    if isinstance(f, models.BooleanField):
        return "填“是”或“否”"
    if isinstance(f, models.DateField):
        return "日期，如 2025-03-05、2025/3/5 或 2025年3月5日"
    if isinstance(f, models.DecimalField):
        return "金额（元），数字"
    if isinstance(f, models.IntegerField):
        return "整数"
    if isinstance(f, models.ForeignKey):
        return f"填写本乡镇已登记的{f.verbose_name}名称"
    if isinstance(f, EncryptedCharField):
        return "个人信息，加密保存"
    return str(f.help_text or "文本")


# ------------------------------------------------------------------------------------------ export


WITHHELD = "（已隐去）"


def write_export(
    ledger: Ledger,
    queryset,
    out,
    *,
    reveal: bool,
    progress: Progress | None = None,
    township: bool = False,
) -> int:
    """`township` adds a 乡镇 column (for users who see several townships); an import ignores it."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(ledger.title[:31])
    bold = Font(bold=True)
    proc = ledger.procedure
    header = [
        NUMBER_LABEL,
        *([TOWNSHIP_LABEL] if township else []),
        *([STEP_LABEL] if proc else []),
        *(header_label(ledger, n) for n in ledger.fields),
    ]
    # Write-only sheets take widths and the frozen header before the first row.
    for index, text in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(index)].width = min(max(10, len(text) * 2 + 4), 40)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}1"
    ws.append([_styled(ws, h, bold) for h in header])
    step_labels = dict(proc.choices()) if proc else {}
    fields = [ledger.field(n) for n in ledger.fields]
    total = queryset.count() if progress else 0
    count = 0
    for row in _export_rows(ws, ledger, queryset, fields, proc, step_labels, reveal, township):
        ws.append(row)
        count += 1
        if progress and count % 1000 == 0:
            progress(count, total)
    wb.save(out)
    return count


def _export_rows(ws, ledger: Ledger, queryset, fields, proc, step_labels, reveal, township):
    """The export's data rows. Only a ledger that protects some identities asks each record which
    fields to withhold: the others read plain values, not a model instance per record."""
    if not ledger.identity_fields:
        cells = [_exporter(ws, f, reveal, _related_labels(f, queryset)) for f in fields]
        names = [
            "pk",
            *(["org__name"] if township else []),
            *([proc.field] if proc else []),
            *(f.attname for f in fields),
        ]
        lead = 1 + bool(township) + bool(proc)
        for values in queryset.values_list(*names).iterator(chunk_size=2000):
            row = [*values[:lead], *[cell(value) for cell, value in zip(cells, values[lead:], strict=True)]]
            if proc:
                row[lead - 1] = step_labels[row[lead - 1]]
            yield row
        return
    if township:
        queryset = queryset.select_related("org")
    fks = [f.name for f in fields if isinstance(f, models.ForeignKey)]
    cells = [(f.name, _exporter(ws, f, reveal)) for f in fields]
    for obj in queryset.select_related(*fks).iterator(chunk_size=2000):
        row = [
            obj.pk,
            *([obj.org.name] if township else []),
            *([step_labels[getattr(obj, proc.field)]] if proc else []),
        ]
        withheld = ledger.withheld(obj)
        for name, cell in cells:
            # A withheld field is never exported, revealed or not.
            row.append(WITHHELD if name in withheld else cell(getattr(obj, name)))
        yield row


def _related_labels(f: models.Field, queryset) -> dict | None:
    """{pk: name} of the rows a foreign key column names, one query (None for other fields)."""
    if not isinstance(f, models.ForeignKey):
        return None
    related = f.related_model._base_manager.filter(pk__in=queryset.order_by().values(f.attname))
    return {o.pk: str(o) for o in related}


def _exporter(ws, f: models.Field, reveal: bool, related: dict | None = None) -> Callable:
    """How one field's stored value is written to its cell (display() decided once per column
    rather than once per cell: a dictionary's labels are read once per export). `related`
    (_related_labels) makes a foreign key column take the related row's id, not the row."""
    if related is not None:
        return lambda value: None if value is None else _safe(related[value])
    if f.choices:
        labels = {code: _safe(label) for code, label in f.flatchoices}
        return lambda value: labels[value] if value in labels else _cell_value(value)
    if isinstance(f, models.BooleanField):
        return {True: "是", False: "否"}.get  # None stays None
    if isinstance(f, models.DecimalField):
        # The pages' number format, kept as a number so the sheet can sum it. A write-only
        # sheet writes each row as it is appended, so one styled cell serves the whole column.
        cell = WriteOnlyCell(ws)
        cell.number_format = MONEY_FORMAT if is_money(f) else DECIMAL_FORMAT

        def number(value):
            if value is None:
                return None
            cell.value = float(value)
            return cell

        return number
    if isinstance(f, EncryptedCharField) and not reveal:
        return lambda value: _safe(mask(value, f.pii)) if value else None
    if isinstance(f, models.ForeignKey):
        return lambda value: _safe(display(f, value))
    # Text, numbers and dates are written as they are (display() would return them unchanged;
    # openpyxl gives a date the yyyy-mm-dd format itself), text made safe from formulas. An
    # empty text is no cell at all, as in a sheet typed by hand (an empty cell reads back as "").
    return _cell_value


def _cell_value(value):
    return None if value == "" else _safe(value)


def _styled(ws, value, font):
    cell = WriteOnlyCell(ws, value=value)
    cell.font = font
    return cell


# ------------------------------------------------------------------------------------------ import


class SheetRows:
    """The data rows of a sheet, read one at a time (entirely empty rows skipped); `expected`
    is the sheet's height less the header, for a progress bar before the rows are read."""

    def __init__(self, first: list, rest, expected: int):
        self.first, self.rest, self.expected = first, rest, expected

    def __iter__(self):
        yield self.first
        for row in self.rest:
            if any(c not in (None, "") for c in row):
                yield row


def iter_rows(source) -> tuple[list, SheetRows]:
    """The header row and the data rows of the first sheet of a path or a binary file object (a
    kept upload is decrypted in memory, never written out in plaintext), the rows streamed rather
    than held as one list. Raises ImportFileError."""
    if isinstance(source, str | Path):
        source = Path(source)
    try:
        uploads.check_xlsx(source)
    except uploads.UploadRefused as exc:
        raise ImportFileError(str(exc)) from None
    _refuse_formulas(source)
    unreadable = "文件不是有效的Excel工作簿，请上传由模板填写的 .xlsx 文件"
    try:
        if not isinstance(source, Path):
            source.seek(0)
        wb = calamine_workbook(str(source) if isinstance(source, Path) else source)
        sheet = wb.get_sheet_by_index(0)
        rows = iter(sheet.iter_rows())
        filled = (r for r in rows if any(c not in (None, "") for c in r))
        header = next(filled, None)
        first = next(filled, None)
    except (CalamineError, ValueError, IndexError) as exc:
        raise ImportFileError(unreadable) from exc
    if header is None:
        raise ImportFileError("文件是空的：第一个工作表中没有表头和数据")
    if first is None:
        raise ImportFileError("文件中只有表头，没有数据行")
    return header, SheetRows(first, rows, max(sheet.height - 1, 1))


def read_rows(source) -> tuple[list, list[list]]:
    """iter_rows with the data rows as one list (for small sheets and callers that index them)."""
    header, data = iter_rows(source)
    return header, list(data)


def _refuse_formulas(source) -> None:
    """A formula's value depends on the program that opens the file; we take values only."""
    if not isinstance(source, Path):
        source.seek(0)
    with zipfile.ZipFile(source) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        if not any(_holds(zf, n, b"<f") for n in sheets[:1]):
            return
    if not isinstance(source, Path):
        source.seek(0)
    ws = load_workbook(source, read_only=True).worksheets[0]
    cells = [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    if cells:
        shown = "、".join(cells[:10]) + ("等" if len(cells) > 10 else "")
        raise ImportFileError(
            f"工作表含公式（{shown}），请先将公式转换为数值（复制后“选择性粘贴—数值”）再导入"
        )


def _holds(zf: zipfile.ZipFile, name: str, needle: bytes, chunk: int = 1 << 20) -> bool:
    """Whether a zip entry contains `needle`, read a chunk at a time (a sheet of 100,000 rows is
    tens of MB of XML, which need not be held at once)."""
    tail = b""
    with zf.open(name) as fh:
        while block := fh.read(chunk):
            if needle in tail + block[: len(needle)] or needle in block:
                return True
            tail = block[-(len(needle) - 1) :] if len(needle) > 1 else b""
    return False


def map_columns(
    ledger: Ledger, header: list, match_on: str = "id"
) -> tuple[dict[int, str], list[str], list[RowError]]:
    by_label = {_normalise_header(ledger.label(n)): n for n in ledger.fields}
    if match_on == "external_id":
        by_label[EXTERNAL_LABEL] = "external_id"
    else:
        by_label[NUMBER_LABEL] = "id"
    if ledger.procedure is not None:
        by_label[STEP_LABEL] = STEP
    columns: dict[int, str] = {}
    ignored: list[str] = []
    errors: list[RowError] = []
    for index, text in enumerate(header):
        label = _normalise_header(text)
        if not label:
            continue
        name = by_label.get(label)
        if name is None:
            ignored.append(str(text))
        elif name in columns.values():
            errors.append(RowError(0, str(text), "列重复出现"))
        else:
            columns[index] = name
    for name in ledger.fields:
        if _required(ledger, name) and name not in columns.values():
            errors.append(RowError(0, ledger.label(name), "缺少必填列"))
    if match_on == "external_id" and "external_id" not in columns.values():
        errors.append(RowError(0, EXTERNAL_LABEL, "缺少条线系统的记录编号列"))
    return columns, ignored, errors


# Rows validated (and, on commit, written) together: memory holds one batch of records and
# history rows, never the whole file.
BATCH_ROWS = 1000


def import_rows(
    ledger: Ledger,
    org: OrgUnit,
    user,
    header: list,
    data: Iterable[list],
    *,
    commit: bool,
    source: str = "",
    progress: Progress | None = None,
    match_on: str = "id",
    batch=None,
    in_transaction=None,
    batch_rows: int = BATCH_ROWS,
) -> ImportResult:
    """Validates every row; with commit, writes all of them in one transaction or none.

    Rows are read, validated and written a batch at a time inside that one transaction: once a
    row is bad nothing more is written, every later row is still checked (the preview names every
    bad cell), and the transaction is rolled back at the end.

    `match_on="external_id"` (a line-system import, with its ImportBatch as `batch`) matches rows
    to records of the same township and line system by the source's record id instead of 系统编号,
    stamps created and changed records with the batch, and leaves unchanged records alone.
    `in_transaction(result)` runs inside the write transaction (the import's audit row), so the
    records and their audit row are written together or not at all."""
    result = ImportResult()
    columns, result.ignored_columns, result.errors = map_columns(ledger, header, match_on)
    if result.errors:
        return result
    rows = _RowReader(ledger, org, user, columns, source=source, match_on=match_on, batch=batch)
    expected = len(data) if isinstance(data, list) else getattr(data, "expected", 0)
    # A preview writes nothing and holds no transaction (on SQLite a write transaction would lock
    # out every other writer while a large file is checked).
    with transaction.atomic() if commit else nullcontext():
        for chunk in _chunks(enumerate(data, start=2), batch_rows):
            to_create, to_update = rows.validate(chunk, result)
            if commit and not result.errors:
                rows.write(to_create, to_update)
            if progress:
                progress(result.total, max(expected, result.total))
        if result.errors or not commit:
            if commit:
                transaction.set_rollback(True)
            return result
        result.committed = True
        if in_transaction is not None:
            in_transaction(result)
    return result


def _chunks(items, size: int):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _RowReader:
    """What an import needs for every row, prepared once: the columns, the township's related
    rows by name, each choice field's labels, the reusable form; and the batch write."""

    def __init__(self, ledger: Ledger, org: OrgUnit, user, columns, *, source, match_on, batch):
        self.ledger, self.org, self.user, self.columns = ledger, org, user, columns
        self.model = ledger.model
        self.match_on, self.batch = match_on, batch
        # The stamp and the history's change reason hold a file name of any length: cut to fit.
        self.source = source[: model_field_length(ledger.model, "import_source")]
        # A web or command import's stamp already says 导入 ("导入：文件名"); a line batch's does not.
        self.reason = (self.source if "导入" in self.source else f"导入 {self.source}".strip())[
            :HISTORY_REASON_LENGTH
        ]
        self.fields = {name: ledger.field(name) for name in columns.values() if name not in SPECIAL}
        preloaded, self.names = {}, {}
        for name in ledger.fields:
            f = ledger.field(name)
            if isinstance(f, models.ForeignKey):
                objects = list(related_choices(f, org))
                preloaded[name] = {str(o.pk): o for o in objects}
                self.names[name] = {str(o): str(o.pk) for o in objects}
        choices = {n: choice_lookup(f) for n, f in self.fields.items() if f.choices}
        # Each column's cell conversion (to_form_value), its field's kind decided once. Dates go
        # to the form as dates (to_form_value's text would be parsed again by the form).
        self.convert = {
            n: (lambda raw: parse_date(raw) or "")
            if isinstance(f, models.DateField) and not f.choices and not isinstance(f, models.ForeignKey)
            else form_converter(f, self.names.get(n), choices.get(n))
            for n, f in self.fields.items()
        }
        self.defaulted = defaulted_fields(ledger)
        self.form = form_class(ledger)(data={}, instance=self.model(org=org), org=org, preloaded=preloaded)
        self.seen: dict[str, int] = {}
        self.now = timezone.now()
        self.update_fields = [
            *ledger.fields,
            *([ledger.procedure.field] if ledger.procedure else []),
            *(["import_batch", "import_source"] if batch is not None else []),
            *ledger.identifier_indexes.values(),
            *ledger.derived,
            "version",
            "updated_by",
            "updated_at",
        ]

    def _new_record(self):
        """A new record of the township, stamped (_stamp): a copy of one built when the import
        started, rather than Model.__init__ filling every field's default and the stamps again for
        each row. Other callable defaults (a list) are called afresh for each copy; a model with
        init signals gets its own."""
        model = self.model
        if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
            obj = model(org=self.org)
            self._stamp(obj, created=True)
            return obj
        template = self.__dict__.get("_template")
        if template is None:
            blank = model(org=self.org)
            self._stamp(blank, created=True)
            values = {k: v for k, v in blank.__dict__.items() if k != "_state"}
            stamped = {"created_at", "updated_at"}
            fresh = [
                f
                for f in model._meta.concrete_fields
                if f.has_default() and callable(f.default) and f.attname not in stamped
            ]
            template = self._template = (values, dict(blank._state.fields_cache), fresh)
        values, related, fresh = template
        obj = model.__new__(model)
        obj.__dict__.update(values)
        obj._state = ModelState()
        obj._state.fields_cache.update(related)
        for f in fresh:
            setattr(obj, f.attname, f.get_default())
        return obj

    def _stamp(self, obj, *, created: bool) -> None:
        """Who wrote the record, when, and from which file (a new record: also who made it)."""
        user, now, batch = self.user, self.now, self.batch
        obj.updated_by, obj.updated_at = user, now
        if batch is not None:
            obj.import_batch, obj.import_source = batch, self.source
        if created:
            obj.org, obj.created_by, obj.created_at, obj.import_source = self.org, user, now, self.source
            obj.version = 1

    def _existing(self, chunk) -> dict:
        """The records this batch's rows name (by 系统编号 or the line system's id), one query."""
        names = self.columns.items()
        if "id" in self.columns.values():
            wanted = {_as_int(row[i]) for _, row in chunk for i, n in names if n == "id" and i < len(row)}
            return {o.pk: o for o in self.model.objects.filter(org=self.org, pk__in=wanted - {None})}
        if self.match_on == "external_id":
            wanted = {
                _as_key(row[i]) for _, row in chunk for i, n in names if n == "external_id" and i < len(row)
            }
            same_source = self.model.objects.filter(
                org=self.org, import_batch__source_id=self.batch.source_id
            )
            return {o.external_id: o for o in same_source.filter(external_id__in=wanted - {None})}
        return {}

    def validate(self, chunk, result: ImportResult) -> tuple[list, list]:
        existing = self._existing(chunk)
        to_create, to_update = [], []
        for row_no, row in chunk:
            result.total += 1
            obj, created = self._row(row_no, row, existing, result)
            if obj is None:
                continue
            if created:
                to_create.append(obj)
                result.creates += 1
            else:
                to_update.append(obj)
                result.updates += 1
        return to_create, to_update

    def _row(self, row_no: int, row: list, existing: dict, result: ImportResult):
        """The record a row creates or changes, or (None, False) for a bad or unchanged row."""
        ledger, errors = self.ledger, result.errors
        values, instance, cell_errors, step_code, external_id = {}, None, set(), None, None
        for index, name in self.columns.items():
            raw = row[index] if index < len(row) else None
            if name == "id":
                number = _as_int(raw)
                if raw not in (None, "") and (number is None or number not in existing):
                    errors.append(
                        RowError(
                            row_no,
                            NUMBER_LABEL,
                            f"编号“{raw if number is None else number}”不存在或不属于本乡镇",
                        )
                    )
                    cell_errors.add(NUMBER_LABEL)
                instance = existing.get(number)
                continue
            if name == "external_id":
                external_id = _as_key(raw)
                if external_id is None:
                    errors.append(RowError(row_no, EXTERNAL_LABEL, "记录编号为空"))
                    cell_errors.add(EXTERNAL_LABEL)
                elif external_id in self.seen:
                    errors.append(
                        RowError(
                            row_no, EXTERNAL_LABEL, f"编号“{external_id}”与第{self.seen[external_id]}行重复"
                        )
                    )
                    cell_errors.add(EXTERNAL_LABEL)
                else:
                    self.seen[external_id] = row_no
                    instance = existing.get(external_id)
                continue
            if name == STEP:
                step_code = _step_code(ledger, raw)
                if step_code is None:
                    errors.append(
                        RowError(
                            row_no,
                            STEP_LABEL,
                            f"“{raw}”不是本台账的办理环节，可选：{'、'.join(label for _, label in ledger.procedure.choices())}",
                        )
                    )
                    cell_errors.add(STEP_LABEL)
                continue
            try:
                values[name] = self.convert[name](raw)
            except CellError as exc:
                errors.append(RowError(row_no, ledger.label(name), str(exc)))
                cell_errors.add(ledger.label(name))
        if instance is not None:
            # A masked identifier from our own export means "unchanged", not a new value.
            for name in ledger.pii_fields:
                if (
                    name in values
                    and "*" in str(values[name])
                    and values[name] == mask(getattr(instance, name), ledger.field(name).pii)
                ):
                    values[name] = getattr(instance, name)
            # Columns absent from the file keep their stored values.
            for name in ledger.fields:
                if name not in values:
                    values[name] = _form_initial(ledger.field(name), instance)
        else:
            fill_defaults(ledger, values, self.defaulted)
        # A row that changes nothing (an export imported back) is left alone: no history, no version.
        before = _snapshot(ledger, instance) if instance is not None else None
        target = instance or self._new_record()
        if step_code:
            setattr(target, ledger.procedure.field, step_code)
        form = self.form.rebind(values, target)
        if not form.is_valid() or cell_errors:
            for name, messages in form.errors.items():
                label = ledger.label(name) if name != "__all__" else ""
                # A cell that could not be read is reported once, not again as "required".
                if label not in cell_errors:
                    errors.extend(RowError(row_no, label, m) for m in messages)
            return None, False
        obj = form.save(commit=False)
        if before is not None and _snapshot(ledger, obj) == before:
            result.unchanged += 1
            return None, False
        if instance is not None:
            self._stamp(obj, created=False)
            obj.version = instance.version + 1
            return obj, False
        # A new record was stamped when it was made (_new_record).
        if self.batch is not None:
            obj.external_id = external_id
        return obj, True

    def write(self, to_create: list, to_update: list) -> None:
        """One batch with its history rows (copied by the database from the rows written, so
        each identifier is encrypted once for both)."""
        model, user, reason = self.model, self.user, self.reason
        sealed = seal([*to_create, *to_update], self.ledger.pii_fields)
        try:
            if to_create:
                history.create_with_history(to_create, model, user=user, reason=reason, batch_size=BATCH_ROWS)
            if to_update:
                history.update_with_history(
                    to_update, model, self.update_fields, user=user, reason=reason, batch_size=BATCH_ROWS
                )
        finally:
            unseal(sealed)
        # Bulk writes send no save signals: the stored due dates of these records, from the
        # records in memory (every one belongs to this township).
        written = [*to_create, *to_update]
        for obj in to_update:
            obj.org = self.org
        todo.refresh_written(model, written)


SPECIAL = {"id", "external_id", STEP}


HISTORY_REASON_LENGTH = 100  # simple_history's history_change_reason


def model_field_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _step_code(ledger: Ledger, raw) -> str | None:
    text = str(raw or "").strip()
    if not text:
        return ledger.procedure.initial
    return next((code for code, label in ledger.procedure.choices() if text in (code, label)), None)


def _as_key(raw) -> str | None:
    """A line system's record id as text (Excel turns numeric ids into floats)."""
    if raw in (None, ""):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip() or None


def _snapshot(ledger: Ledger, obj) -> dict:
    names = [*ledger.fields, *([ledger.procedure.field] if ledger.procedure else [])]
    return {n: getattr(obj, ledger.field(n).attname) for n in names}


def _as_int(raw) -> int | None:
    try:
        return int(float(str(raw).strip())) if raw not in (None, "") else None
    except ValueError:
        return None


def _form_initial(f: models.Field, instance):
    value = getattr(instance, f.attname)
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else value


def import_file(
    ledger, org, user, path, *, commit: bool, source: str = "", progress=None, rename=None, **match
) -> ImportResult:
    """`rename` turns the file's header into ours (a line system's column mapping); `match` is
    passed to import_rows (match_on, batch)."""
    try:
        header, data = iter_rows(path)
    except ImportFileError as exc:
        return ImportResult(errors=[RowError(0, "", str(exc))])
    if rename is not None:
        header = rename(header)
    return import_rows(
        ledger, org, user, header, data, commit=commit, source=source, progress=progress, **match
    )


def count_rows(path) -> int:
    try:
        return sum(1 for _ in iter_rows(path)[1])
    except ImportFileError:
        return 0
