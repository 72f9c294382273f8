from decimal import Decimal

from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag
def sort_query(querystring: str, name: str, current: str) -> str:
    """The list's query string with the sort switched to `name` (toggling its direction)."""
    query = QueryDict(querystring, mutable=True)
    query["sort"] = f"-{name}" if current == name else name
    query.pop("page", None)
    return query.urlencode()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


@register.filter
def number(value):
    """A figure for reading: thousands separators, no trailing .00 on whole amounts."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else value
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal | float):
        return f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.2f}"
    return value


@register.filter
def make_list_int(value: str) -> list[int]:
    return [int(v) for v in value.split(",")]
