"""Strict reading of JSON request bodies: UTF-8 text, bounded nesting, standard JSON only.

Every failure is a BodyError carrying a Chinese message for a 400 answer, so no body a client can
send reaches a handler as an exception of the decoder (UnicodeDecodeError, RecursionError).
"""

from __future__ import annotations

import json

# Deeper than any record the API accepts (a ledger record is a flat object); far below the depth
# at which the decoder would exhaust the interpreter's recursion limit.
MAX_DEPTH = 32


class BodyError(ValueError):
    """The request body cannot be read; the message is for the user."""


def _refuse_constant(name: str):
    raise BodyError(f"请求体含非标准JSON值“{name}”")


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects, ignoring brackets inside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def parse(raw: bytes | str, *, empty=None):
    """The JSON value of a request body; `empty` for an empty body. Raises BodyError."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BodyError("请求体不是UTF-8编码的文本") from None
    else:
        text = raw
    if not text.strip():
        return empty
    if _depth(text) > MAX_DEPTH:
        raise BodyError(f"请求体的JSON嵌套过深（最多{MAX_DEPTH}层）")
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except BodyError:
        raise
    except (ValueError, RecursionError):
        # JSONDecodeError, and integers too long to convert (ValueError as well).
        raise BodyError("请求体不是有效的JSON") from None
