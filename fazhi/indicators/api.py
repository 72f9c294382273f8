"""Indicators over the API: every figure of an org and year, and the records behind one figure."""

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404
from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError

from fazhi.indicators import access, registry

router = Router(tags=["指标"])


def _year(year: int | None) -> int:
    year = year or timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise HttpError(400, "年度须在2000至2100之间")
    return year


def _org(request, org: str | None):
    try:
        return access.org_for_user(request.user, org)
    except Http404 as exc:
        raise HttpError(404, str(exc)) from None


def _number(value):
    return None if value is None else (value if isinstance(value, int) else str(value))


@router.get("/indicators", summary="某乡镇（或全县）某年度的全部指标")
def list_indicators(request, org: str | None = None, year: int | None = None):
    """A county org answers the county totals (its townships' records and its own, the figures of
    its supervision of the townships among them); a rate carries its numerator and denominator."""
    unit = _org(request, org)
    year = _year(year)
    inds = access.visible_indicators(request.user)
    if not inds:
        raise HttpError(403, "您的角色不能查看指标")
    if unit.level == "township":
        inds = [i for i in inds if not i.above_township]
    figures = registry.aggregate([i.code for i in inds], unit, year)
    results = []
    for ind in inds:
        fig = figures[ind.code]
        item = {
            "code": ind.code,
            "name": ind.name,
            "unit": ind.unit,
            "area": ind.area,
            "value": _number(fig.value),
            "description": ind.description,
            "basis": ind.basis,
        }
        if ind.is_rate:
            item["numerator"] = _number(fig.numerator)
            item["denominator"] = _number(fig.denominator)
            item["numerator_code"] = ind.numerator
            item["denominator_code"] = ind.denominator
            if fig.value is None:
                item["reason"] = fig.reason
        if ind.source:
            item["source"] = ind.source
        if ind.target is not None:
            item["target"] = _number(ind.target)
        results.append(item)
    return {"org": unit.code, "org_name": unit.name, "year": year, "indicators": results}


@router.get("/indicators/{code}/records", summary="某项指标背后的记录")
def list_records(request, code: str, org: str | None = None, year: int | None = None, page: int = 1):
    try:
        ind = access.indicator_for_user(request.user, code)
    except Http404 as exc:
        raise HttpError(404, str(exc)) from None
    except access.NotAllowed as exc:
        raise HttpError(403, str(exc)) from None
    unit = _org(request, org)
    year = _year(year)
    qs = access.records_for_user(request.user, ind.code, unit, year)
    about = {"name": ind.name, "description": ind.description, "basis": ind.basis}
    if ind.is_rate:
        about["counted"] = ind.denominator
    if qs is None:
        return {
            "code": ind.code,
            **about,
            "org": unit.code,
            "year": year,
            "count": 0,
            "pages": 0,
            "results": [],
        }
    paginator = Paginator(qs, 100)
    try:
        page_obj = paginator.page(page)
        items = access.rows(page_obj.object_list)
    except EmptyPage:
        items = []
    return {
        "code": ind.code,
        **about,
        "org": unit.code,
        "year": year,
        "count": paginator.count,
        "page": page,
        "pages": paginator.num_pages,
        "results": [
            {"ledger": r.ledger, "id": r.id, "str": r.text, "url": r.url, "org": r.org} for r in items
        ],
    }
