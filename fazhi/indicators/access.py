"""Which org units and which records behind a figure a user may see: the one door used by the
drill-down page and the API alike."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from fazhi.indicators import registry
from fazhi.ledger import registry as ledgers
from fazhi.orgs.models import ABOVE_COUNTY, Level, OrgUnit

# Units a figure is stated for: a township, or the sum over the townships below a county, city or
# province (rates recomputed from the summed parts).
FIGURE_LEVELS = (Level.TOWNSHIP, Level.COUNTY, *ABOVE_COUNTY)


class NotAllowed(Exception):
    """The user may see the org but not the figures of this area."""


def org_for_user(user, code: str | None) -> OrgUnit:
    """The unit a figure is asked for (township, county, city, province): the user's own by
    default; 404 both for "missing" and "not yours"."""
    visible = OrgUnit.objects.visible_to(user).filter(level__in=FIGURE_LEVELS)
    if not code:
        if user.org is None or user.org.level not in FIGURE_LEVELS:
            raise Http404("没有可查看的乡镇")
        return user.org
    org = visible.filter(code=code).first()
    if org is None:
        raise Http404("没有这个组织，或您无权查看")
    return org


def may_view_area(user, area: str) -> bool:
    return any(lg.can(user, "view") for lg in ledgers.all_ledgers() if lg.area == area)


def _may_view(user, ind: registry.Indicator, areas: set[str]) -> bool:
    """A ledger's figure by the roles that view its area's ledgers; a figure of another kind of
    record (the county's supervision) by its own permission."""
    return user.has_perm(ind.permission) if ind.permission else ind.area in areas


def visible_indicators(user) -> list[registry.Indicator]:
    areas = {lg.area for lg in ledgers.all_ledgers() if lg.can(user, "view")}
    return [i for i in registry.all_indicators() if _may_view(user, i, areas)]


def indicator_for_user(user, code: str) -> registry.Indicator:
    try:
        ind = registry.get(code)
    except KeyError:
        raise Http404("没有这个指标") from None
    areas = {ind.area} if may_view_area(user, ind.area) else set()
    if not _may_view(user, ind, areas):
        raise NotAllowed("您的角色不能查看该领域的指标")
    return ind


@dataclass
class Row:
    ledger: str | None
    ledger_title: str
    id: int
    text: str
    url: str | None
    org: str


def records_for_user(user, code: str, org: OrgUnit, year: int) -> QuerySet | None:
    """The records behind a figure, narrowed to what the user may see.

    Most figures count ledger records (scoped by `visible_to`); a few count org units (the
    villages of a township), which are scoped by the org tree instead."""
    qs = registry.records_behind(code, org, year)
    if qs is None:
        return None
    if hasattr(qs, "visible_to"):
        qs = qs.visible_to(user)
    elif qs.model is OrgUnit:
        qs = qs & OrgUnit.objects.visible_to(user)
    else:
        return qs.none()
    return qs.select_related(_org_field(qs.model)).order_by("-id")


def _org_field(model) -> str:
    """The field naming the unit a record belongs to: an org unit's parent, a ledger record's
    township, a county's own supervision record's county."""
    if model is OrgUnit:
        return "parent"
    names = {f.name for f in model._meta.get_fields()}
    return "org" if "org" in names else "county"


def _url(ledger, obj) -> str | None:
    if ledger is not None:
        return reverse("ledger:detail", args=[ledger.code, obj.pk])
    return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None


def rows(qs) -> list[Row]:
    """One line per record with the link to its detail page where it has one."""
    model = qs.model
    ledger = ledgers.for_model(model)
    field = _org_field(model)
    result = []
    for obj in qs:
        org = getattr(obj, field, None)
        result.append(
            Row(
                ledger=ledger.code if ledger else None,
                ledger_title=ledger.title if ledger else str(model._meta.verbose_name),
                id=obj.pk,
                text=str(obj),
                url=_url(ledger, obj),
                org=str(org) if org else "",
            )
        )
    return result
