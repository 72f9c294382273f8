"""Assessments over the API: the schemes of a year and the results per township, scoped like
every other answer (a township reads only its own row, and only once results are published)."""

from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError

from fazhi.supervision import access, facts, scoring
from fazhi.supervision.models import Scheme, SchemeItem

router = Router(tags=["考核"])


def _num(value):
    return None if value is None else str(value)


def _scheme(s: Scheme) -> dict:
    return {
        "id": s.pk,
        "year": s.year,
        "title": s.title,
        "county": s.county.code,
        "state": s.state,
        "full_marks": _num(scoring.full_marks(s)),
        "bonus_cap": _num(s.bonus_cap),
        "grades": {"优秀": _num(s.excellent_min), "良好": _num(s.good_min), "合格": _num(s.pass_min)},
        "frozen_at": s.frozen_at.isoformat() if s.frozen_at else None,
        "published_at": s.published_at.isoformat() if s.published_at else None,
    }


def _source(item: SchemeItem, score) -> dict:
    if item.method == SchemeItem.Method.INDICATOR:
        return {"kind": "indicator", "indicator": item.indicator, "value": (score.basis or {}).get("value")}
    if item.method == SchemeItem.Method.FACT:
        basis = score.basis or {}
        return {
            "kind": "fact",
            "fact": item.fact,
            "name": facts.name(item.fact),
            "count": basis.get("count", 0),
        }
    return {"kind": "manual", "reason": score.reason}


@router.get("/assessments", summary="考核方案（按年度）")
def list_assessments(request, year: int | None = None):
    if not request.user.has_perm("supervision.view_scheme"):
        raise HttpError(403, "您的角色不能查看考核")
    qs = access.schemes_for_user(request.user).select_related("county").prefetch_related("items")
    if year is not None:
        if not 2000 <= year <= 2100:
            raise HttpError(400, "年度须在2000至2100之间")
        qs = qs.filter(year=year)
    return [_scheme(s) for s in qs]


@router.get("/assessments/{scheme_id}/results", summary="考核结果：各乡镇得分、等次、名次和各项得分来源")
def scheme_results(request, scheme_id: int):
    scheme = access.schemes_for_user(request.user).select_related("county").filter(pk=scheme_id).first()
    if scheme is None:
        raise HttpError(404, "没有这个考核方案，或您无权查看")
    township = access.is_township(request.user)
    if scheme.state == Scheme.State.DRAFT or (township and scheme.state != Scheme.State.PUBLISHED):
        raise HttpError(409, "考核结果尚未公布" if township else "方案尚未开始评分")
    numbered = scoring.tree(scheme)
    visible = {a.pk for a in scheme.assessments.visible_to(request.user)}
    rows = []
    for r in scoring.results(scheme):  # ranks among all townships, rows only for those visible
        if r.assessment.pk not in visible:
            continue
        items = []
        for it, number, level in numbered:
            score = r.scores.get(it.pk)
            entry = {
                "id": it.pk,
                "number": number,
                "level": level,
                "title": it.title,
                "max_points": _num(it.points),
                "bonus": it.bonus,
                "points": _num(r.items.get(it.pk)),
            }
            if score is not None:
                entry["source"] = _source(it, score)
            items.append(entry)
        rows.append(
            {
                "org": r.org.code,
                "org_name": r.org.name,
                "total": _num(r.total),
                "bonus": _num(r.bonus),
                "grade": r.grade,
                "rank": r.rank,
                "complete": not r.missing,
                "items": items,
            }
        )
    return {"scheme": _scheme(scheme), "as_of": timezone.now().isoformat(), "results": rows}
