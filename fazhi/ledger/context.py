from django.utils import timezone

from fazhi.ledger import registry


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
    return {"menu": menu, "this_year": timezone.localdate().year}
