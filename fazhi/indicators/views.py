from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from fazhi.indicators import access
from fazhi.indicators import registry as indicators
from fazhi.ledger import months, registry, todo
from fazhi.ledger.views import current_year
from fazhi.orgs.models import OrgUnit


@dataclass(frozen=True)
class Cell:
    """A township's figure in the county table, with the township its drill-down link needs."""

    figure: indicators.Figure
    org: OrgUnit

    def __getattr__(self, name):
        return getattr(self.figure, name)


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
    year = current_year(request) or timezone.localdate().year
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
    today = timezone.localdate()
    counts = todo.summary(user, org_ids, today)
    context.update(
        todo_total=counts.total,
        todo_late=counts.late,
        late_by_org=[(t, counts.late_by_org.get(t.pk, 0)) for t in townships],
    )
    if user.org.level == "county":
        table = [
            (
                area_name,
                [
                    (
                        i,
                        [Cell(figures[i.code][t.pk], t) for t in townships],
                        indicators.total(i, figures[i.code]),
                    )
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


@login_required
def drilldown(request, code):
    """The records behind one figure, with links to their detail pages."""
    try:
        ind = access.indicator_for_user(request.user, code)
    except access.NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    org = access.org_for_user(request.user, request.GET.get("org"))
    year = current_year(request) or timezone.localdate().year
    figure = indicators.compute(ind.code, org, year)
    qs = access.records_for_user(request.user, ind.code, org, year)
    page = Paginator(qs, 50).get_page(request.GET.get("page")) if qs is not None else None
    context = {
        "ind": ind,
        "org": org,
        "year": year,
        "year_str": str(year),
        "figure": figure,
        "page": page,
        "rows": access.rows(page.object_list) if page is not None else [],
        "counted": ind.denominator if ind.is_rate else None,
        "counted_name": indicators.get(ind.denominator).name if ind.is_rate else "",
    }
    return render(request, "indicators/drilldown.html", context)
