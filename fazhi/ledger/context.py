from django.core.cache import cache
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from fazhi.ledger import registry

LINE_LEDGERS_KEY = "fazhi:line-source-ledgers"


def line_source_ledgers() -> set[str]:
    """Codes of the ledgers an active line system feeds (cached: read on every page's menu)."""
    codes = cache.get(LINE_LEDGERS_KEY)
    if codes is None:
        from fazhi.ledger.models import LineSource

        codes = set(LineSource.objects.filter(active=True).values_list("ledger", flat=True))
        cache.set(LINE_LEDGERS_KEY, codes, 60)
    return codes


def navigation(request):
    """The left menu: areas and their ledgers that the user's role may view."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    menu = []
    for area, name, icon, ledgers in registry.by_area():
        visible = [lg for lg in ledgers if lg.can(user, "view")]
        if visible:
            menu.append({"area": area, "name": name, "icon": icon, "ledgers": visible})
    # 条线系统导入 is in the menu only for someone who sees a ledger a line system feeds.
    line_imports = SimpleLazyObject(
        lambda: any(lg.code in line_source_ledgers() for group in menu for lg in group["ledgers"])
    )
    return {"menu": menu, "this_year": timezone.localdate().year, "line_imports": line_imports}
