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
