"""Assessment schemes and their scoring: the named writes (copy, start, score, publish, object,
answer) and the arithmetic (item points, totals, grades, ranks).

Automatic points are computed once, when the county starts scoring: the figures and facts of
that moment are stored with each township's scores, so later changes to the ledgers do not move
a result that townships have seen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.indicators import registry as indicators
from fazhi.orgs.models import OrgUnit
from fazhi.supervision import facts
from fazhi.supervision.models import Assessment, ItemScore, Objection, Scheme, SchemeItem

ZERO = Decimal(0)
MAX_LEVEL = 3
GRADES = ("优秀", "良好", "合格", "不合格")
Method = SchemeItem.Method


class SchemeError(Exception):
    """A step refused; the messages say why, in Chinese."""

    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else messages
        super().__init__("；".join(self.messages))


def _q(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


# --- the arithmetic ---------------------------------------------------------------------------


def indicator_points(item: SchemeItem, value) -> Decimal:
    """Points an indicator's figure earns: the highest band it reaches, or full points at the
    target less `deduct_per_unit` for every unit below it; never below 0 nor above the item."""
    if value is None:
        return ZERO
    value = Decimal(value)
    if item.rule == SchemeItem.Rule.LINEAR:
        if item.full_at is None:
            return ZERO
        short = max(item.full_at - value, ZERO)
        earned = item.points - short * (item.deduct_per_unit or ZERO)
    else:
        earned = ZERO
        for low, pts in sorted(item.thresholds or [], key=lambda band: Decimal(str(band[0])), reverse=True):
            if value >= Decimal(str(low)):
                earned = Decimal(str(pts))
                break
    return _q(min(max(earned, ZERO), item.points))


def fact_points(item: SchemeItem, count: int) -> Decimal:
    """Full points less `per_occurrence` for each occurrence, the deduction capped (by default at
    the item's points). An item worth 0 points is a pure deduction and goes negative."""
    cap = item.cap if item.cap is not None else item.points
    deduction = min(Decimal(count) * (item.per_occurrence or ZERO), cap)
    return _q(item.points - deduction)


def grade(scheme: Scheme, total: Decimal | None) -> str:
    if total is None:
        return ""
    if total >= scheme.excellent_min:
        return GRADES[0]
    if total >= scheme.good_min:
        return GRADES[1]
    if total >= scheme.pass_min:
        return GRADES[2]
    return GRADES[3]


def tree(scheme: Scheme) -> list[tuple[SchemeItem, str, int]]:
    """Items in reading order with their number ("1", "1.2", "1.2.3") and level."""
    items = list(scheme.items.all())
    children: dict[int | None, list[SchemeItem]] = {}
    for it in items:
        children.setdefault(it.parent_id, []).append(it)
    result = []

    def walk(parent_id, prefix, level):
        for n, it in enumerate(sorted(children.get(parent_id, []), key=lambda i: (i.order, i.pk)), 1):
            number = f"{prefix}{n}"
            result.append((it, number, level))
            walk(it.pk, number + ".", level + 1)

    walk(None, "", 1)
    return result


def leaves(scheme: Scheme) -> list[SchemeItem]:
    parents = {it.parent_id for it in scheme.items.all()}
    return [it for it, _, _ in tree(scheme) if it.pk not in parents]


@dataclass
class Result:
    assessment: Assessment
    scores: dict[int, ItemScore]
    items: dict[int, Decimal | None] = field(default_factory=dict)  # every item, groups summed
    base: Decimal = ZERO
    bonus: Decimal = ZERO
    total: Decimal | None = None
    grade: str = ""
    rank: int | None = None
    missing: list[str] = field(default_factory=list)  # leaves without points yet

    @property
    def org(self) -> OrgUnit:
        return self.assessment.org


def result_of(scheme: Scheme, assessment: Assessment, numbered=None) -> Result:
    numbered = numbered if numbered is not None else tree(scheme)
    scores = {s.item_id: s for s in assessment.scores.all()}
    res = Result(assessment, scores)
    children: dict[int | None, list[SchemeItem]] = {}
    for it, _, _ in numbered:
        children.setdefault(it.parent_id, []).append(it)
    names = {it.pk: f"{num} {it.title}" for it, num, _ in numbered}

    def value(it: SchemeItem) -> Decimal | None:
        kids = children.get(it.pk)
        if kids:
            parts = [value(k) for k in kids]
            known = [p for p in parts if p is not None]
            v = sum(known, ZERO) if known else None
        else:
            s = scores.get(it.pk)
            v = s.final if s is not None else None
            if v is None:
                res.missing.append(names[it.pk])
        res.items[it.pk] = v
        return v

    base = bonus = ZERO
    for top in children.get(None, []):
        v = value(top)
        if v is None:
            continue
        if top.bonus:
            bonus += v
        else:
            base += v
    res.base = _q(base)
    res.bonus = _q(min(bonus, scheme.bonus_cap))
    res.total = _q(res.base + res.bonus)
    res.grade = grade(scheme, res.total)
    return res


def results(scheme: Scheme, assessments=None) -> list[Result]:
    """Every township's result, ranked by total (equal totals share a rank)."""
    numbered = tree(scheme)
    qs = assessments if assessments is not None else scheme.assessments.all()
    found = [result_of(scheme, a, numbered) for a in qs.select_related("org").prefetch_related("scores")]
    ranked = sorted(found, key=lambda r: (-(r.total or ZERO), r.org.path))
    for n, r in enumerate(ranked):
        r.rank = ranked[n - 1].rank if n and ranked[n - 1].total == r.total else n + 1
    return ranked


def rank_among_all(scheme: Scheme, assessment: Assessment) -> Result:
    """One township's result with its rank among all townships of the scheme."""
    return next(r for r in results(scheme) if r.assessment.pk == assessment.pk)


# --- checks on the scheme ---------------------------------------------------------------------


def check_item(item: SchemeItem) -> None:
    """Whether an item is complete for its method; raises ValidationError naming the field."""
    errors: dict[str, str] = {}
    if item.parent_id is not None and item.parent.level >= MAX_LEVEL:
        errors["parent"] = f"考核项目最多{MAX_LEVEL}级，“{item.parent.title}”已是第{MAX_LEVEL}级"
    if item.bonus and item.parent_id is not None:
        errors["bonus"] = "加分项应为一级项目（其下可再分项）"
    if item.parent_id is not None and item.parent.scheme_id != item.scheme_id:
        errors["parent"] = "上级项目不属于本方案"
    if item.method == Method.INDICATOR:
        try:
            indicators.get(item.indicator)
        except KeyError:
            errors["indicator"] = "请选择一项已登记的指标"
        if not item.rule:
            errors["rule"] = "请选择指标计分规则"
        elif item.rule == SchemeItem.Rule.LINEAR:
            if item.full_at is None:
                errors["full_at"] = "请填写得满分所需的数值，如 100（%）"
            if item.deduct_per_unit is None:
                errors["deduct_per_unit"] = "请填写每低一个单位扣多少分"
        elif not item.thresholds:
            errors["thresholds"] = "请至少填写一档：数值达到多少得多少分"
        else:
            for _low, pts in item.thresholds:
                if Decimal(str(pts)) > item.points:
                    errors["thresholds"] = f"分档得分（{pts}分）不能超过本项分值（{item.points}分）"
    elif item.method == Method.FACT:
        if item.fact not in dict(facts.choices()):
            errors["fact"] = "请选择扣分事实"
        if item.per_occurrence is None or item.per_occurrence <= 0:
            errors["per_occurrence"] = "请填写每次扣多少分"
    if errors:
        raise ValidationError(errors)


def check_scheme(scheme: Scheme) -> list[str]:
    """What keeps a scheme from being scored, each item named."""
    problems = []
    numbered = tree(scheme)
    if not numbered:
        return ["方案还没有考核项目"]
    parents = {it.parent_id for it, _, _ in numbered}
    for it, num, _ in numbered:
        if it.pk in parents:
            continue
        if it.method == Method.GROUP:
            problems.append(f"“{num} {it.title}”是分类项目，但下面没有具体项目")
            continue
        try:
            check_item(it)
        except ValidationError as exc:
            problems += [f"“{num} {it.title}”：{m}" for m in exc.messages]
    if not (scheme.excellent_min > scheme.good_min > scheme.pass_min):
        problems.append("等次分数线应为：优秀 > 良好 > 合格")
    return problems


def full_marks(scheme: Scheme) -> Decimal:
    """The regular items' points (bonus items excluded)."""
    return sum((it.points for it in scheme.items.all() if it.parent_id is None and not it.bonus), ZERO)


# --- the writes -------------------------------------------------------------------------------


@transaction.atomic
def copy_scheme(source: Scheme | None, county: OrgUnit, year: int, title: str, user) -> Scheme:
    """A new draft for `year`, with the items, bounds and periods of `source` when given."""
    if Scheme.objects.filter(county=county, year=year).exists():
        raise SchemeError(f"{county}已有{year}年度的考核方案")
    scheme = Scheme.objects.create(county=county, year=year, title=title, copied_from=source, created_by=user)
    if source is None:
        return scheme
    for name in ("excellent_min", "good_min", "pass_min", "bonus_cap", "objection_days"):
        setattr(scheme, name, getattr(source, name))
    scheme.save()
    mapping: dict[int, SchemeItem] = {}
    for it, _, _ in tree(source):
        old_pk = it.pk
        it.pk = None
        it.id = None
        it.scheme = scheme
        it.parent = mapping.get(it.parent_id) if it.parent_id else None
        it.save()
        mapping[old_pk] = it
    return scheme


@transaction.atomic
def start_scoring(scheme: Scheme, user, today: dt.date | None = None) -> list[Assessment]:
    """Freezes the scheme and writes every township's automatic points from the figures and
    facts of this moment."""
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.state != Scheme.State.DRAFT:
        raise SchemeError("方案已开始评分，不能再次开始")
    problems = check_scheme(scheme)
    if problems:
        raise SchemeError(problems)
    today = today or timezone.localdate()
    townships = list(OrgUnit.objects.filter(path__startswith=scheme.county.path).townships())
    if not townships:
        raise SchemeError("本县没有乡镇，无法评分")
    items = leaves(scheme)
    codes = sorted({it.indicator for it in items if it.method == Method.INDICATOR})
    figures = indicators.compute_many(codes, townships, scheme.year) if codes else {}
    fact_found = {
        code: facts.occurrences(code, townships, scheme.year, user, today)
        for code in sorted({it.fact for it in items if it.method == Method.FACT})
    }
    assessments = []
    for t in townships:
        assessment = Assessment.objects.create(scheme=scheme, org=t)
        rows = []
        for it in items:
            score = ItemScore(assessment=assessment, item=it)
            if it.method == Method.INDICATOR:
                fig = figures[it.indicator][t.pk]
                score.basis = {
                    "indicator": it.indicator,
                    "value": None if fig.value is None else str(fig.value),
                    "unit": fig.unit,
                    "numerator": None if fig.numerator is None else str(fig.numerator),
                    "denominator": None if fig.denominator is None else str(fig.denominator),
                    "shown": str(fig),
                }
                score.auto_points = indicator_points(it, fig.value)
            elif it.method == Method.FACT:
                found = fact_found[it.fact][t.pk]
                score.basis = {
                    "fact": it.fact,
                    "count": len(found),
                    "occurrences": [o.as_dict() for o in found],
                }
                score.auto_points = fact_points(it, len(found))
            rows.append(score)
        ItemScore.objects.bulk_create(rows)
        assessments.append(assessment)
    scheme.state = Scheme.State.SCORING
    scheme.frozen_at = timezone.now()
    scheme.save()
    return assessments


def _check_points(item: SchemeItem, number: str, raw, label: str) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).strip())
    except ArithmeticError:
        raise SchemeError(f"“{number} {item.title}”：{label}“{raw}”不是数字") from None
    if not value.is_finite() or value < 0 or value > item.points:
        raise SchemeError(f"“{number} {item.title}”：{label}须在0至{item.points}分之间")
    return _q(value)


@transaction.atomic
def save_self_assessment(assessment: Assessment, entries: dict[int, tuple], user) -> None:
    """entries: {item id: (points text, note, [uploaded files])} for the township's own sheet."""
    scheme = assessment.scheme
    if scheme.state != Scheme.State.SCORING:
        raise SchemeError("只有评分阶段可以填报自评")
    if assessment.self_submitted_at is not None:
        raise SchemeError("自评已提交，不能再修改")
    numbers = {it.pk: num for it, num, _ in tree(scheme)}
    for score in assessment.scores.select_related("item"):
        if score.item_id not in entries:
            continue
        raw, note, files = entries[score.item_id]
        score.self_points = _check_points(score.item, numbers[score.item_id], raw, "自评得分")
        score.self_note = (note or "").strip()
        score.save()
        for f in files:
            score.evidence.create(file=f, name=f.name[:200], uploaded_by=user)


@transaction.atomic
def submit_self_assessment(assessment: Assessment, user) -> None:
    if assessment.scheme.state != Scheme.State.SCORING:
        raise SchemeError("只有评分阶段可以提交自评")
    if assessment.self_submitted_at is not None:
        raise SchemeError("自评已提交")
    numbers = {it.pk: num for it, num, _ in tree(assessment.scheme)}
    missing = [
        f"“{numbers[s.item_id]} {s.item.title}”"
        for s in assessment.scores.select_related("item")
        if s.item.method == Method.MANUAL and not s.item.bonus and s.self_points is None
    ]
    if missing:
        raise SchemeError(f"以下人工评分项目还没有填写自评得分：{'、'.join(missing)}")
    assessment.self_submitted_at = timezone.now()
    assessment.self_submitted_by = user
    assessment.save()


@transaction.atomic
def save_county_scores(assessment: Assessment, entries: dict[int, tuple], comment: str, user) -> None:
    """entries: {item id: (points text, reason)} for manual items; a reason goes with points."""
    if assessment.scheme.state != Scheme.State.SCORING:
        raise SchemeError("只有评分阶段可以评分；已公布的结果通过答复异议调整")
    numbers = {it.pk: num for it, num, _ in tree(assessment.scheme)}
    now = timezone.now()
    for score in assessment.scores.select_related("item"):
        if score.item.method != Method.MANUAL or score.item_id not in entries:
            continue
        raw, reason = entries[score.item_id]
        points = _check_points(score.item, numbers[score.item_id], raw, "评分")
        reason = (reason or "").strip()
        if points is not None and not reason:
            raise SchemeError(f"“{numbers[score.item_id]} {score.item.title}”：人工评分须填写评分理由")
        if (points, reason) != (score.points, score.reason):
            score.points, score.reason, score.scored_by, score.scored_at = points, reason, user, now
            score.save()
    assessment.comment = (comment or "").strip()
    assessment.save()


@transaction.atomic
def publish(scheme: Scheme, user) -> None:
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.state != Scheme.State.SCORING:
        raise SchemeError("只有评分中的方案可以公布结果")
    unscored = [f"{r.org}：{'、'.join(r.missing)}" for r in results(scheme) if r.missing]
    if unscored:
        raise SchemeError([f"以下项目还没有评分——{u}" for u in unscored])
    scheme.state = Scheme.State.PUBLISHED
    scheme.published_at = timezone.now()
    scheme.save()


def may_object(scheme: Scheme, today: dt.date) -> bool:
    until = scheme.objection_until()
    return scheme.state == Scheme.State.PUBLISHED and until is not None and today <= until


@transaction.atomic
def object_to(assessment: Assessment, item_id: int | None, text: str, user, today: dt.date) -> Objection:
    scheme = assessment.scheme
    if scheme.state != Scheme.State.PUBLISHED:
        raise SchemeError("结果公布后才能提出异议")
    if not may_object(scheme, today):
        raise SchemeError(f"异议期已于{scheme.objection_until()}结束")
    text = (text or "").strip()
    if not text:
        raise SchemeError("请填写异议内容：对哪一项、什么理由")
    item = None
    if item_id:
        item = scheme.items.filter(pk=item_id).first()
        if item is None:
            raise SchemeError("异议项目不属于本方案")
    return Objection.objects.create(assessment=assessment, item=item, text=text, submitted_by=user)


@transaction.atomic
def answer(objection: Objection, text: str, upheld: bool, new_points, user) -> None:
    """The county's answer; an upheld objection on an item may set the item's points anew."""
    if objection.answered_at is not None:
        raise SchemeError("该异议已答复")
    text = (text or "").strip()
    if not text:
        raise SchemeError("请填写答复内容")
    if upheld and objection.item_id and new_points not in (None, ""):
        item = objection.item
        number = {it.pk: num for it, num, _ in tree(item.scheme)}[item.pk]
        points = _check_points(item, number, new_points, "调整后的得分")
        score = objection.assessment.scores.filter(item=item).first()
        if score is None:
            raise SchemeError(f"“{number} {item.title}”是分类项目，请对其下的具体项目调整得分")
        score.points = points
        score.reason = f"异议成立，调整得分：{text}"
        score.scored_by, score.scored_at = user, timezone.now()
        score.save()
    objection.answer, objection.upheld = text, upheld
    objection.answered_by, objection.answered_at = user, timezone.now()
    objection.save()
