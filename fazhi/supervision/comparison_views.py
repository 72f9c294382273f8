from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from fazhi.indicators import access as ind_access
from fazhi.indicators import registry as indicators
from fazhi.ledger import registry as ledgers
from fazhi.orgs.models import Level, OrgUnit
from fazhi.supervision import comparison, exports

# What the units compared under a unit of each level are called.
UNIT_NOUN = {Level.PROVINCE: "市", Level.CITY: "县（市、区）", Level.COUNTY: "乡镇"}

DEFAULT_INDICATORS = 4


def _years(request, default: int) -> list[int]:
    this = timezone.localdate().year
    chosen = []
    for raw in request.GET.getlist("years"):
        try:
            y = int(raw)
        except ValueError:
            continue
        if this - 20 <= y <= this and y not in chosen:
            chosen.append(y)
    return sorted(chosen)[-comparison.MAX_YEARS :] or list(range(this - default + 1, this + 1))


def _choices(user):
    inds = ind_access.visible_indicators(user)
    if not inds:
        raise PermissionDenied("您的角色不能查看指标")
    groups = []
    for area, (name, _icon) in ledgers.AREAS.items():
        of_area = [i for i in inds if i.area == area]
        if of_area:
            groups.append((name, of_area))
    return inds, groups


def compared_at(user, code: str | None):
    """The unit whose children are compared (the user's own by default, or one below it the user
    may see: 404 for "missing" and "not yours" alike), its chain from the user's unit down, and the
    units set side by side."""
    own = user.org
    unit = own
    if code and code != own.code:
        unit = OrgUnit.objects.visible_to(user).filter(code=code, level__in=list(UNIT_NOUN)).first()
        if unit is None:
            raise Http404("没有这个单位，或您无权查看")
    if unit.level in UNIT_NOUN:
        units = list(OrgUnit.objects.visible_to(user).compared_under(unit))
    else:
        units = list(OrgUnit.objects.visible_to(user).townships())
    chain_codes = [c for c in unit.path.split("/") if c]
    chain_codes = chain_codes[chain_codes.index(own.code) :]
    known = {u.code: u for u in OrgUnit.objects.filter(code__in=chain_codes)}
    return unit, [known[c] for c in chain_codes], units


@login_required
def compare(request):
    user = request.user
    inds, groups = _choices(user)
    by_code = {i.code: i for i in inds}
    chosen = [by_code[c] for c in request.GET.getlist("codes") if c in by_code]
    if not chosen:
        chosen = indicators.headline(inds, DEFAULT_INDICATORS)
    years = _years(request, 3)
    unit, chain, townships = compared_at(user, request.GET.get("org"))
    noun = UNIT_NOUN.get(unit.level, "乡镇")
    cells, totals = comparison.table(chosen, townships, years)
    summed = unit.level in UNIT_NOUN and unit.level != Level.COUNTY
    if request.GET.get("format") == "xlsx":
        data = exports.comparison_xlsx(chosen, townships, years, cells, totals, noun)
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = exports.disposition(
            f"{unit.name}指标对比-{years[0]}-{years[-1]}.xlsx"
        )
        return response
    charts = [
        {
            "id": f"chart-{n}",
            "name": ind.name,
            "unit": ind.unit,
            "target": comparison.number(ind.target) if comparison.applies(ind, summed) else None,
            "townships": [t.name for t in townships],
            "series": [
                {
                    "year": str(y),
                    "values": [comparison.number(cells[(ind.code, y)][t.pk].figure.value) for t in townships],
                }
                for y in years
            ],
        }
        for n, ind in enumerate(chosen)
    ]
    profile = reverse("supervision:profile", args=["__ORG__"])
    rows = [
        (
            t,
            profile.replace("__ORG__", t.code),
            [[cells[(ind.code, y)][t.pk] for y in years] for ind in chosen],
        )
        for t in townships
    ]
    context = {
        "groups": groups,
        "chosen": chosen,
        "chosen_codes": {i.code for i in chosen},
        "years": years,
        "year_choices": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
        "rows": rows,
        "totals": [[totals[(ind.code, y)] for y in years] for ind in chosen],
        "charts": charts,
        "county": unit if unit.level in UNIT_NOUN else None,
        "unit": unit,
        "chain": chain,
        "noun": noun,
        # Below a county the rows are counties (cities): each opens the comparison of its units.
        "drills": unit.level in (Level.PROVINCE, Level.CITY),
        "query": request.GET.urlencode(),
    }
    return render(request, "supervision/compare.html", context)


@login_required
def profile(request, org_code):
    """A township's indicators against the county median, year by year over five years."""
    user = request.user
    inds, groups = _choices(user)
    township = (
        OrgUnit.objects.visible_to(user).townships().filter(code=org_code).select_related("parent").first()
    )
    if township is None:
        raise Http404("没有这个乡镇，或您无权查看")
    by_code = {i.code: i for i in inds}
    chosen = [by_code[c] for c in request.GET.getlist("codes") if c in by_code] or [
        i for i in inds if i.is_rate
    ]
    this = timezone.localdate().year
    years = list(range(this - comparison.MAX_YEARS + 1, this + 1))
    # The median is over every township of the county, whatever the user may see of them.
    peers = list(OrgUnit.objects.filter(parent=township.parent_id).townships())
    codes = [i.code for i in chosen]
    per_year = {y: indicators.compute_many(codes, peers, y) for y in years}
    rows, charts = [], []
    for n, ind in enumerate(chosen):
        own = [per_year[y][ind.code][township.pk] for y in years]
        medians = [comparison.median(f.value for f in per_year[y][ind.code].values()) for y in years]
        low_good = ind.lower_is_better
        cells = []
        for y, fig, med in zip(years, own, medians, strict=True):
            behind = (
                fig.value is not None
                and med is not None
                and (fig.value > med if low_good else fig.value < med)
            )
            cells.append(
                {
                    "figure": fig,
                    "median": med,
                    "behind": behind,
                    "cell": comparison.Cell(fig, township.code, y, ind.code),
                }
            )
        rows.append((ind, cells))
        charts.append(
            {
                "id": f"chart-{n}",
                "name": ind.name,
                "unit": ind.unit,
                "target": comparison.number(ind.target),
                "years": [str(y) for y in years],
                "lines": [
                    {"name": township.name, "values": [comparison.number(f.value) for f in own]},
                    {"name": "全县中位数", "values": [comparison.number(m) for m in medians]},
                ],
            }
        )
    context = {
        "township": township,
        "groups": groups,
        "chosen_codes": set(codes),
        "years": years,
        "rows": rows,
        "charts": charts,
    }
    return render(request, "supervision/profile.html", context)
