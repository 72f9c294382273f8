"""Reading values as people type them in Excel sheets and JSON: dates in several forms, 是/否,
the Chinese labels of choices, names of villages. Returns what the ledger form expects."""

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models

from fazhi.dicts import store
from fazhi.dicts.fields import DictField
from fazhi.ledger.fields import EncryptedCharField
from fazhi.lib.xlsx import FORMULA_PREFIXES

_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_TRUE = {"是", "有", "y", "yes", "true", "1", "√", "✓"}
_FALSE = {"否", "无", "n", "no", "false", "0", "×", ""}
# Cells that spreadsheet programs would run as formulas; exports prefix them with an apostrophe.


class CellError(ValueError):
    pass


def parse_date(raw) -> dt.date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and 20000 < raw < 80000:
        # An Excel serial day number that reached us as a plain number.
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(raw))
    match = _DATE_RE.match(str(raw))
    if not match:
        raise CellError(f"日期“{raw}”无法识别，请写成 2025-03-05、2025/3/5 或 2025年3月5日")
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise CellError(f"日期“{raw}”不存在") from None


def parse_bool(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    if raw is None:
        return False
    text = str(raw).strip().lower()
    if isinstance(raw, int | float):
        text = str(int(raw))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"“{raw}”应填“是”或“否”")


def clean_text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    # Undo the apostrophe our exports put before formula-like text.
    if text.startswith("'") and text[1:2] in FORMULA_PREFIXES:
        text = text[1:]
    return text


def parse_number(raw, decimal: bool):
    if raw is None or raw == "":
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        number = Decimal(str(raw))
    else:
        text = (
            clean_text(raw).replace(",", "").replace("，", "").removesuffix("万元").removesuffix("元").strip()
        )
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise CellError(f"“{raw}”不是数字") from None
        if clean_text(raw).endswith("万元"):
            number *= 10000
    if decimal:
        return number
    if number != number.to_integral_value():
        raise CellError(f"“{raw}”应为整数")
    return int(number)


def offered_labels(field: models.Field) -> list[str]:
    """The labels a new value may take: a dictionary's enabled entries, or the fixed choices."""
    if isinstance(field, DictField):
        return [label for _, label in store.offered(field.dictionary)]
    return [str(label) for value, label in field.flatchoices if value != ""]


def dict_title(field: DictField) -> str:
    return store.DICTIONARIES[field.dictionary].title


def choice_lookup(field: models.Field) -> dict[str, str]:
    """{code or label as text: code} of a field's choices, the first match winning as in a scan.
    Disabled dictionary entries are found too: an old record keeps its value, and the form says
    why a new one may not take it."""
    lookup: dict[str, str] = {}
    for value, label in field.flatchoices:
        lookup.setdefault(str(value), value)
        lookup.setdefault(str(label), value)
    return lookup


def choice_value(field: models.Field, raw, lookup: dict[str, str] | None = None) -> str:
    """`lookup` (choice_lookup of the field) saves scanning the choices again for every cell."""
    text = clean_text(raw)
    if text == "":
        return ""
    value = (lookup if lookup is not None else choice_lookup(field)).get(text)
    if value is not None:
        return value
    labels = "、".join(offered_labels(field))
    if isinstance(field, DictField):
        raise CellError(f"“{text}”不在数据字典“{dict_title(field)}”中，可选：{labels}")
    raise CellError(f"“{text}”不是可选值，可选：{labels}")


def to_form_value(
    field: models.Field,
    raw,
    related_names: dict[str, str] | None = None,
    choices: dict[str, str] | None = None,
):
    """One cell or JSON value to what the ledger form accepts. Raises CellError in Chinese.
    `choices` is the field's choice_lookup, made once per import rather than once per cell."""
    return form_converter(field, related_names, choices)(raw)


def form_converter(
    field: models.Field,
    related_names: dict[str, str] | None = None,
    choices: dict[str, str] | None = None,
) -> Callable[[Any], Any]:
    """to_form_value of one field as a function of the cell, the field's kind decided once (an
    import converts a whole column with it)."""
    if isinstance(field, models.ForeignKey):
        names = related_names or {}

        def related(raw):
            text = clean_text(raw)
            if text == "":
                return ""
            if text in names:
                return names[text]
            if text in names.values():
                return text
            raise CellError(f"未找到“{text}”，请填写本乡镇已登记的{field.verbose_name}名称")

        return related
    if field.choices:
        return lambda raw: choice_value(field, raw, choices)
    if isinstance(field, models.BooleanField):
        return parse_bool
    if isinstance(field, models.DateField):

        def date(raw):
            parsed = parse_date(raw)
            return parsed.isoformat() if parsed else ""

        return date
    if isinstance(field, models.DecimalField):

        def decimal(raw):
            number = parse_number(raw, decimal=True)
            return "" if number is None else str(number)

        return decimal
    if isinstance(field, models.IntegerField):

        def integer(raw):
            number = parse_number(raw, decimal=False)
            return "" if number is None else number

        return integer
    if isinstance(field, EncryptedCharField | models.CharField | models.TextField):
        return clean_text
    return lambda raw: raw


def display(field: models.Field, value) -> str | int | float | dt.date | None:
    """A stored value as a person reads it (and as an export writes it)."""
    if value is None:
        return None
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.BooleanField):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


EMPTY = "—"


def is_money(field: models.Field) -> bool:
    """An amount in 元 (its label names the unit): zero means none was involved."""
    return isinstance(field, models.DecimalField) and "元" in str(field.verbose_name)


# The one number format of amounts, also written into exported cells (zero shows as "—").
MONEY_FORMAT = '#,##0.00;-#,##0.00;"—"'
DECIMAL_FORMAT = "#,##0.00"


def shown(field: models.Field, value) -> str | int | float | dt.date | None:
    """A stored value as a page shows it: display() with decimals as 5,000.00, an amount
    that is absent or zero as "—"."""
    if isinstance(field, models.DecimalField):
        if value is None or value == "" or (is_money(field) and Decimal(value) == 0):
            return EMPTY
        return f"{Decimal(value):,.2f}"
    return display(field, value)
