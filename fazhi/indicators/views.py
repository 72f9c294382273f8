from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join

from fazhi.indicators import access
from fazhi.indicators import registry as indicators
from fazhi.ledger import months, registry, todo
from fazhi.ledger.templatetags.ledger_tags import number
from fazhi.ledger.views import current_year
from fazhi.lib import xlsx
from fazhi.orgs import overview
from fazhi.orgs.models import ABOVE_COUNTY, AuditLog, OrgUnit, audit
from fazhi.reports import workflow
from fazhi.reports.models import SENT, Report, current_of

# The levels whose users keep ledgers (townships) or oversee them (the county and above).
LEDGER_LEVELS = ("township", "county", *ABOVE_COUNTY)


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
    viewable = [lg for lg in registry.all_ledgers() if lg.can(user, "view")]
    if user.is_administrator or not viewable or user.org is None or user.org.level not in LEDGER_LEVELS:
        # Administrators keep the accounts, never the ledgers: no ledger figure is stated to
        # them, not even a zero they could take for a fact.
        context = overview.for_user(user)
        context["unplaced"] = not user.is_administrator
        return render(request, "home/admin.html", context)
    year = current_year(request) or timezone.localdate().year
    groups = _area_indicators(user)
    townships = list(OrgUnit.objects.visible_to(user).townships())
    codes = [i.code for _, _, _, inds in groups for i in inds]
    monthly = [lg for lg in viewable if lg.monthly]
    org_ids = [t.pk for t in townships]
    if user.org.level == "county":
        return _county(request, user, groups, townships, monthly, year)
    figures = indicators.compute_many(codes, townships, year) if user.org.level == "township" else {}
    statuses = months.month_status_many(monthly, org_ids, year)
    gaps = []
    for ledger in monthly:
        status = statuses[ledger.code]
        for t in townships:
            blank = [m for m, s in status[t.pk].items() if s == months.BLANK]
            if blank:
                gaps.append((ledger, t, blank))
    context = {
        "year": year,
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 3, -1)),
        "gaps": gaps,
        "monthly": monthly,
    }
    if user.org.level in ABOVE_COUNTY:
        return _above_county(request, user, groups, townships, year, context)
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
    context.update(_late(user, townships), township=township, cards=cards, recent=recent[:10])
    return render(request, "home/township.html", context)


# Figures on the county home: the assessed ones first (registry.headline); the full table of
# every figure is the Excel export, the chosen ones over years the comparison page.
KEY_FIGURES = 6


@dataclass(frozen=True)
class Shown:
    """A figure as the county home shows it, built in Python (no template tag per cell): its text,
    the link to the records behind it, a tooltip and whether it misses its target."""

    text: str
    url: str
    title: str = ""
    parts: str = ""
    below: bool = False


def _shown(ind, fig: indicators.Figure, url: str, summed: bool = False) -> Shown:
    title = "；".join(x for x in (ind.explanation, fig.reason) if x)
    below = indicators.misses_target(ind, fig, summed)
    if below:
        title = f"低于目标值 {number(ind.target)}{ind.unit}；{title}"
    parts = f"{number(fig.numerator)}/{number(fig.denominator)}" if fig.denominator is not None else ""
    return Shown(number(fig.value), url, title, parts, below)


@dataclass
class TownshipRow:
    org: OrgUnit
    profile_url: str
    late: int
    due: int
    blank_months: int
    blank_ledgers: int
    blank_html: str  # the ledgers and their months, as list items (built here: see `_county`)
    report: tuple[str, str] | None  # (state label, css class)
    figures: list[Shown]


def _report_states(user, org_ids: list[int], year: int) -> dict[int, str]:
    """Each township's current report of `year` (reports.models.current_of), in one query."""
    versions: dict[int, list[Report]] = {}
    rows = Report.objects.visible_to(user).filter(year=year, org_id__in=org_ids).order_by("-version")
    for r in rows.only("id", "org_id", "state", "version"):
        versions.setdefault(r.org_id, []).append(r)
    return {org_id: current_of(vs).state for org_id, vs in versions.items()}


def _report_cell(state: str | None, overdue: bool) -> tuple[str, str]:
    if state is None:
        return ("未报送（已过期限）", "text-danger") if overdue else ("未起草", "text-secondary")
    label = Report.State(state).label
    if state in SENT:
        return label, "text-success"
    if state == Report.State.RETURNED:
        return label, "text-warning-emphasis"
    return (f"{label}（已过报送期限）", "text-danger") if overdue else (label, "text-secondary")


def _county(request, user, groups, townships, monthly, year):
    """The county's home: per township what a county supervisor acts on (late items, months not
    filled, the annual report, the assessed figures), each linked to what lies behind it; the
    county's totals below. Rows are built here so that the template only prints them: the cost
    does not grow with the number of indicators."""
    inds = [i for _, _, _, of in groups for i in of]
    if request.GET.get("format") == "xlsx":
        figures = indicators.compute_many([i.code for i in inds], townships, year)
        table = [
            (
                area_name,
                [
                    (
                        i,
                        [Cell(figures[i.code][t.pk], t) for t in townships],
                        indicators.total(i, figures[i.code]),
                    )
                    for i in of
                ],
            )
            for _, area_name, _, of in groups
        ]
        return _county_table_xlsx(request, user, townships, table, year)
    today = timezone.localdate()
    org_ids = [t.pk for t in townships]
    key = indicators.headline(inds, KEY_FIGURES)
    figures = indicators.compute_many([i.code for i in key], townships, year)
    drill = {i.code: reverse("indicators:drilldown", args=[i.code]) for i in key}
    statuses = months.month_status_many(monthly, org_ids, year, today)
    counts = todo.summary(user, org_ids, today)
    # The annual report read this year is last year's (submitted in the first months).
    report_year = min(year, today.year - 1)
    reports = user.has_perm("reports.view_report")
    states = _report_states(user, org_ids, report_year) if reports else {}
    overdue = workflow.due_dates(report_year)["submit"] < today
    profile = reverse("supervision:profile", args=["__ORG__"])
    list_urls = {lg.code: reverse("ledger:list", args=[lg.code]) + f"?year={year}" for lg in monthly}
    rows = []
    for t in townships:
        blank_ledgers = []
        blank_months = 0
        for lg in monthly:
            blank = [m for m, st in statuses[lg.code][t.pk].items() if st == months.BLANK]
            if blank:
                blank_months += len(blank)
                blank_ledgers.append((list_urls[lg.code], lg.title, "、".join(f"{m}月" for m in blank)))
        rows.append(
            TownshipRow(
                org=t,
                profile_url=profile.replace("__ORG__", t.code),
                late=counts.late_by_org.get(t.pk, 0),
                due=counts.total_by_org.get(t.pk, 0),
                blank_months=blank_months,
                blank_ledgers=len(blank_ledgers),
                blank_html=format_html_join("", '<li><a href="{}">{}</a>：{}</li>', blank_ledgers),
                report=_report_cell(states.get(t.pk), overdue) if reports else None,
                figures=[
                    _shown(i, figures[i.code][t.pk], f"{drill[i.code]}?org={t.code}&year={year}") for i in key
                ],
            )
        )
    county = user.org
    totals = [
        _shown(
            i, indicators.total(i, figures[i.code]), f"{drill[i.code]}?org={county.code}&year={year}", True
        )
        for i in key
    ]
    context = {
        "year": year,
        "years": list(range(today.year, today.year - 3, -1)),
        "key": key,
        "rows": rows,
        "totals": totals,
        "todo_total": counts.total,
        "todo_late": counts.late,
        "blank_total": sum(r.blank_months for r in rows),
        "blank_townships": sum(1 for r in rows if r.blank_months),
        "monthly": monthly,
        "reports": reports,
        "report_year": report_year,
        "reports_in": sum(1 for s in states.values() if s in SENT),
        "report_due": workflow.due_dates(report_year)["submit"],
        "indicator_count": len(inds),
        "todo_url": reverse("ledger:todo"),
        "reports_url": reverse("supervision:reports") + f"?year={report_year}",
    }
    return render(request, "home/county.html", context)


def _above_county(request, user, groups, townships, year, context):
    """A city's (province's) home: its counties (cities) side by side, each the sum of its
    townships with rates recomputed from the summed parts, and the city's total; late items and
    unfilled months counted per county."""
    units = list(OrgUnit.objects.visible_to(user).compared_under(user.org))
    codes = [i.code for _, _, _, inds in groups for i in inds]
    figures = indicators.compute_units(codes, units, year)
    table = [
        (
            area_name,
            [
                (i, [Cell(figures[i.code][u.pk], u) for u in units], indicators.total(i, figures[i.code]))
                for i in inds
            ],
        )
        for _, area_name, _, inds in groups
    ]
    if request.GET.get("format") == "xlsx":
        return _county_table_xlsx(request, user, units, table, year)
    unit_of = {t.pk: next((u for u in units if t.path.startswith(u.path)), None) for t in townships}
    late = _late(user, townships)
    late_by_unit = {u.pk: 0 for u in units}
    for t, n in late["late_by_org"]:
        if unit_of[t.pk] is not None:
            late_by_unit[unit_of[t.pk].pk] += n
    late["late_by_org"] = [(u, late_by_unit[u.pk]) for u in units]
    # Unfilled months per county and ledger: how many township-months are blank.
    blank: dict[tuple[int, str], list] = {}
    for ledger, t, months_ in context.pop("gaps"):
        unit = unit_of[t.pk]
        if unit is not None:
            blank.setdefault((unit.pk, ledger.code), [unit, ledger, set(), 0])
            entry = blank[(unit.pk, ledger.code)]
            entry[2].add(t.pk)
            entry[3] += len(months_)
    context.update(
        late,
        townships=units,
        table=table,
        above=True,
        unit_gaps=[(u, lg, len(ts), n) for u, lg, ts, n in blank.values()],
    )
    return render(request, "home/above_county.html", context)


def _late(user, townships) -> dict:
    """The to-do page's own figures (same items, same default horizon), per township, counted by
    grouped queries over the stored due dates (todo.summary)."""
    counts = todo.summary(user, [t.pk for t in townships], timezone.localdate())
    return {
        "todo_total": counts.total,
        "todo_late": counts.late,
        "late_by_org": [(t, counts.late_by_org.get(t.pk, 0)) for t in townships],
    }


def _county_table_xlsx(request, user, townships, table, year):
    total_name = "全县" if user.org.level == "county" else "合计"
    columns = [("领域", 14), ("指标", 30), ("单位", 8), *[(t.name, 12) for t in townships], (total_name, 12)]
    rows = [
        [area_name, ind.name, ind.unit, *[cell.value for cell in cells], total.value]
        for area_name, inds in table
        for ind, cells, total in inds
    ]
    audit(request, AuditLog.Action.EXPORT, target="各乡镇指标对比", detail=f"{year}年，{len(rows)} 项指标")
    noun = "乡镇" if user.org.level == "county" else "下级单位"
    return xlsx.table_response(f"{user.org.name}各{noun}对比", columns, rows, filters={"year": f"{year}年"})


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
