"""Masking and checking of personal identifiers. Framework-free so it can be unit-tested alone."""

import re
from operator import mul

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_PHONE_RE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")


def id_number_error(value: str) -> str | None:
    """Why an 18-digit resident ID number (GB 11643) is invalid, or None when it is valid."""
    value = value.strip().upper()
    if not _ID_RE.match(value):
        return "身份证号应为18位，前17位为数字，最后一位为数字或X"
    total = sum(map(mul, map(int, value[:17]), _ID_WEIGHTS))  # 17 digits: the pattern matched
    if _ID_CHECK[total % 11] != value[17]:
        return "身份证号校验位不正确"
    return None


def id_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def phone_error(value: str) -> str | None:
    if not _PHONE_RE.match(value.strip()):
        return "电话号码应为11位手机号或带区号的固定电话"
    return None


def mask(value: str | None, kind: str) -> str:
    """Shows enough of a value to recognise it, never enough to use it."""
    if not value:
        return ""
    if kind == "id_number":
        return value[:3] + "*" * max(len(value) - 7, 0) + value[-4:] if len(value) > 7 else "*" * len(value)
    if kind == "phone":
        return (
            value[:3] + "****" + value[-4:] if len(value) >= 11 else value[:2] + "*" * max(len(value) - 2, 0)
        )
    # Addresses and other free text: keep the first few characters (the district), hide the rest.
    keep = min(6, len(value) // 2)
    return value[:keep] + "*" * min(len(value) - keep, 8)


def birth_date_from_id(value: str | None):
    """The birth date written in an 18- or 15-digit ID number, or None when it holds none."""
    import datetime

    text = (value or "").strip().upper()
    if len(text) == 18:
        digits = text[6:14]
    elif len(text) == 15:
        digits = "19" + text[6:12]
    else:
        return None
    try:
        return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
