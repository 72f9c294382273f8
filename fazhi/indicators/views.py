from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from fazhi.indicators import registry as indicators
from fazhi.ledger import months, registry
from fazhi.orgs.models import OrgUnit


def _year(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


def _area_indicators(user):
    """Indicators grouped by area, for the areas whose ledgers the user may view."""
    visible_areas = {lg.area for lg in registry.all_ledgers() if lg.can(user, "view")}
    groups = []
    for area, (name, icon) in registry.AREAS.items():
        inds = indicators.all_indicators(area)
        if inds and area in visible_areas:
            groups.append((area, name, icon, inds))
    return groups


@login_required
def home(request):
    user = request.user
    if user.org is None or user.org.level not in ("township", "county"):
        return render(request, "home/admin.html")
    year = _year(request)
    groups = _area_indicators(user)
    townships = list(OrgUnit.objects.visible_to(user).townships())
    codes = [i.code for _, _, _, inds in groups for i in inds]
    figures = indicators.compute_many(codes, townships, year)
    monthly = [lg for lg in registry.all_ledgers() if lg.monthly and lg.can(user, "view")]
    org_ids = [t.pk for t in townships]
    gaps = []
    for ledger in monthly:
        status = months.month_status(ledger, org_ids, year)
        for t in townships:
            blank = [m for m, s in status[t.pk].items() if s == months.BLANK]
            if blank:
                gaps.append((ledger, t, blank))
    context = {
        "year": year,
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 3, -1)),
        "gaps": gaps,
    }
    if user.org.level == "county":
        table = [
            (
                area_name,
                [
                    (i, [figures[i.code][t.pk] for t in townships], indicators.total(i, figures[i.code]))
                    for i in inds
                ],
            )
            for _, area_name, _, inds in groups
        ]
        context.update(townships=townships, table=table)
        return render(request, "home/county.html", context)
    township = user.org
    cards = [
        (area, name, icon, [(i, figures[i.code][township.pk]) for i in inds])
        for area, name, icon, inds in groups
    ]
    recent = []
    for ledger in monthly:
        for obj in ledger.queryset(user).order_by("-created_at")[:5]:
            recent.append((obj.created_at, ledger, obj))
    recent.sort(key=lambda r: r[0], reverse=True)
    context.update(township=township, cards=cards, recent=recent[:10])
    return render(request, "home/township.html", context)
