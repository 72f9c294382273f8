"""Assessment pages: the schemes of the year, building a scheme, scoring, a township's sheet,
objections, the results table and its exports."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.indicators import registry as indicators
from fazhi.supervision import access, exports, facts, scoring
from fazhi.supervision.forms import NewSchemeForm, SchemeItemForm, SchemeSettingsForm
from fazhi.supervision.models import Evidence, Objection, Scheme, SchemeItem

State = Scheme.State


def _refused(request, exc: scoring.SchemeError) -> None:
    for m in exc.messages:
        messages.error(request, m)


@login_required
def scheme_list(request):
    user = request.user
    if not user.has_perm("supervision.view_scheme"):
        raise PermissionDenied("您的角色不能查看考核")
    schemes = access.schemes_for_user(user).select_related("county")
    county = access.managing_county(user, "manage_scheme")
    form = None
    if county is not None:
        mine = schemes.filter(county=county)
        last = mine.first()
        year = (last.year + 1) if last else timezone.localdate().year - 1
        form = NewSchemeForm(
            request.POST or None,
            schemes=mine,
            initial={"year": year, "title": f"{year}年度乡镇法治政府建设考核方案", "copy_from": last},
        )
        if request.method == "POST" and form.is_valid():
            try:
                scheme = scoring.copy_scheme(
                    form.cleaned_data["copy_from"],
                    county,
                    form.cleaned_data["year"],
                    form.cleaned_data["title"],
                    user,
                )
            except scoring.SchemeError as exc:
                _refused(request, exc)
            else:
                messages.success(request, f"已建立{scheme.year}年度考核方案，请检查和修改考核项目")
                return redirect("supervision:scheme", scheme.pk)
    return render(request, "supervision/assessment/index.html", {"schemes": schemes, "form": form})


def _n(value) -> str:
    """A number as people write it: 2, 0.5, 100 (not 2.00 or 1E+2)."""
    if value is None:
        return "0"
    return format(Decimal(str(value)).normalize(), "f")


def _describe(item: SchemeItem) -> str:
    if item.method == SchemeItem.Method.INDICATOR:
        try:
            name = indicators.get(item.indicator).name
        except KeyError:
            name = item.indicator or "（未选指标）"
        if item.rule == SchemeItem.Rule.LINEAR:
            return f"指标“{name}”达到{_n(item.full_at)}得满分，每低1扣{_n(item.deduct_per_unit)}分"
        bands = "；".join(f"≥{_n(low)}得{_n(pts)}分" for low, pts in item.thresholds or [])
        return f"指标“{name}”分档：{bands}"
    if item.method == SchemeItem.Method.FACT:
        cap = item.cap if item.cap is not None else item.points
        return f"{facts.name(item.fact)}：每次扣{_n(item.per_occurrence)}分，最多扣{_n(cap)}分"
    if item.method == SchemeItem.Method.MANUAL:
        return "县级人工评分" + (f"：{item.criteria}" if item.criteria else "")
    return "下级项目合计"


@login_required
def scheme_detail(request, pk):
    scheme = access.get_scheme_for_user(request, pk)
    user = request.user
    manage = access.managing_county(user, "manage_scheme") == scheme.county
    numbered = [(it, num, level, _describe(it)) for it, num, level in scoring.tree(scheme)]
    context = {
        "scheme": scheme,
        "items": numbered,
        "manage": manage,
        "full_marks": scoring.full_marks(scheme),
        "problems": scoring.check_scheme(scheme) if manage and scheme.editable else [],
    }
    if manage and scheme.editable:
        context["settings_form"] = SchemeSettingsForm(instance=scheme)
        context["item_form"] = SchemeItemForm(scheme=scheme)
    if scheme.state != State.DRAFT:
        if access.is_township(user):
            mine = scheme.assessments.filter(org=user.org).first()
            context["mine"] = mine
            if mine and scheme.state == State.PUBLISHED:
                context["my_result"] = scoring.rank_among_all(scheme, mine)
        else:
            context["results"] = scoring.results(scheme, scheme.assessments.visible_to(user))
            context["tops"] = [(it, num) for it, num, level, _ in numbered if level == 1]
    return render(request, "supervision/assessment/scheme.html", context)


@login_required
@require_POST
def scheme_settings(request, pk):
    scheme = access.get_scheme_for_user(request, pk, manage=True)
    if not scheme.editable:
        messages.error(request, "方案已冻结，不能修改")
        return redirect("supervision:scheme", pk)
    form = SchemeSettingsForm(request.POST, instance=scheme)
    if form.is_valid():
        form.save()
        messages.success(request, "已保存方案设置")
    else:
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else "方案设置"
            for e in errs:
                messages.error(request, f"{label}：{e}")
    return redirect("supervision:scheme", pk)


@login_required
def item_edit(request, pk, item_pk=None):
    scheme = access.get_scheme_for_user(request, pk, manage=True)
    if not scheme.editable:
        messages.error(request, "方案已开始评分，考核项目已冻结")
        return redirect("supervision:scheme", pk)
    item = get_object_or_404(scheme.items, pk=item_pk) if item_pk else None
    form = SchemeItemForm(request.POST or None, instance=item, scheme=scheme)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"已保存考核项目“{form.instance.title}”")
        return redirect(reverse("supervision:scheme", args=[pk]) + "#items")
    return render(
        request, "supervision/assessment/item_form.html", {"scheme": scheme, "form": form, "item": item}
    )


@login_required
@require_POST
def item_delete(request, pk, item_pk):
    scheme = access.get_scheme_for_user(request, pk, manage=True)
    if not scheme.editable:
        messages.error(request, "方案已开始评分，考核项目已冻结")
    else:
        item = get_object_or_404(scheme.items, pk=item_pk)
        item.delete()
        messages.success(request, f"已删除考核项目“{item.title}”及其下级项目")
    return redirect(reverse("supervision:scheme", args=[pk]) + "#items")


@login_required
@require_POST
def scheme_start(request, pk):
    scheme = access.get_scheme_for_user(request, pk, manage=True)
    try:
        scoring.start_scoring(scheme, request.user)
    except scoring.SchemeError as exc:
        _refused(request, exc)
    else:
        messages.success(request, "已开始评分：方案已冻结，各乡镇的指标和扣分事实已按此刻的数据固定")
    return redirect("supervision:scheme", pk)


@login_required
@require_POST
def scheme_publish(request, pk):
    scheme = access.get_scheme_for_user(request, pk, manage=True)
    try:
        scoring.publish(scheme, request.user)
    except scoring.SchemeError as exc:
        _refused(request, exc)
    else:
        scheme.refresh_from_db()
        messages.success(request, f"已公布考核结果，乡镇可在{scheme.objection_until()}前提出异议")
    return redirect("supervision:scheme", pk)


def _rows(scheme, assessment, result):
    numbered = scoring.tree(scheme)
    rows = []
    for it, num, level in numbered:
        score = result.scores.get(it.pk)
        basis = score.basis if score else {}
        link = ""
        if it.method == SchemeItem.Method.INDICATOR:
            link = (
                reverse("indicators:drilldown", args=[it.indicator])
                + f"?org={assessment.org.code}&year={scheme.year}"
            )
        elif it.method == SchemeItem.Method.FACT and it.fact.startswith(facts.INDICATOR_PREFIX):
            code = it.fact.removeprefix(facts.INDICATOR_PREFIX)
            link = (
                reverse("indicators:drilldown", args=[code])
                + f"?org={assessment.org.code}&year={scheme.year}"
            )
        rows.append(
            {
                "item": it,
                "number": num,
                "level": level,
                "describe": _describe(it),
                "score": score,
                "value": result.items.get(it.pk),
                "basis": basis,
                "link": link,
                "evidence": list(score.evidence.all()) if score else [],
            }
        )
    return rows


@login_required
def sheet(request, pk, org_code):
    """A township's assessment: automatic points with their basis, self-assessment and evidence,
    the county's points and comment, objections."""
    scheme = access.get_scheme_for_user(request, pk)
    assessment = access.get_assessment_for_user(request, scheme, org_code)
    user = request.user
    own = access.is_township(user) and user.org_id == assessment.org_id
    may_self = own and user.has_perm("supervision.self_assess")
    manage = access.managing_county(user, "manage_scheme") == scheme.county
    today = timezone.localdate()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("self", "self_submit") and may_self:
                entries = {
                    s.item_id: (
                        request.POST.get(f"self_{s.item_id}"),
                        request.POST.get(f"note_{s.item_id}"),
                        request.FILES.getlist(f"file_{s.item_id}"),
                    )
                    for s in assessment.scores.all()
                }
                scoring.save_self_assessment(assessment, entries, user)
                if action == "self_submit":
                    scoring.submit_self_assessment(assessment, user)
                    messages.success(request, "自评已提交县依法治县办")
                else:
                    messages.success(request, "自评已保存")
            elif action == "score" and manage:
                entries = {
                    s.item_id: (
                        request.POST.get(f"points_{s.item_id}"),
                        request.POST.get(f"reason_{s.item_id}"),
                    )
                    for s in assessment.scores.all()
                }
                scoring.save_county_scores(assessment, entries, request.POST.get("comment", ""), user)
                messages.success(request, f"已保存对{assessment.org}的评分")
            elif action == "object" and may_self:
                item_id = request.POST.get("item") or None
                scoring.object_to(
                    assessment, int(item_id) if item_id else None, request.POST.get("text"), user, today
                )
                messages.success(request, "异议已提交，县依法治县办答复后在本页显示")
            else:
                raise PermissionDenied("您不能办理此操作")
        except scoring.SchemeError as exc:
            _refused(request, exc)
        except ValueError:
            messages.error(request, "异议项目无效")
        return redirect("supervision:sheet", pk, org_code)
    result = scoring.rank_among_all(scheme, assessment)
    published = scheme.state == State.PUBLISHED
    context = {
        "scheme": scheme,
        "assessment": assessment,
        "result": result,
        "rows": _rows(scheme, assessment, result),
        "may_self": may_self and scheme.state == State.SCORING and assessment.self_submitted_at is None,
        "may_score": manage and scheme.state == State.SCORING,
        "may_object": may_self and scoring.may_object(scheme, today),
        "manage": manage,
        "show_result": published or not own,
        "objections": assessment.objections.select_related("item", "submitted_by", "answered_by"),
        "objection_until": scheme.objection_until(),
    }
    return render(request, "supervision/assessment/sheet.html", context)


@login_required
@require_POST
def objection_answer(request, pk, objection_pk):
    scheme = access.get_scheme_for_user(request, pk, manage=True)
    objection = get_object_or_404(
        Objection.objects.select_related("assessment__org", "item"), pk=objection_pk
    )
    if objection.assessment.scheme_id != scheme.pk:
        raise Http404("没有这个异议")
    try:
        scoring.answer(
            objection,
            request.POST.get("answer"),
            request.POST.get("upheld") == "1",
            request.POST.get("points"),
            request.user,
        )
    except scoring.SchemeError as exc:
        _refused(request, exc)
    else:
        messages.success(request, f"已答复{objection.assessment.org}的异议")
    return redirect("supervision:sheet", pk, objection.assessment.org.code)


@login_required
def evidence_download(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("score__assessment"), pk=pk)
    visible = evidence.score.assessment.__class__.objects.visible_to(request.user)
    if not visible.filter(pk=evidence.score.assessment_id).exists():
        raise Http404("没有这个文件")
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


def _results_for_export(request, pk):
    scheme = access.get_scheme_for_user(request, pk)
    if access.is_township(request.user):
        raise PermissionDenied("乡镇只能查看本乡镇的考核结果")
    if scheme.state == State.DRAFT:
        raise Http404("方案尚未评分")
    return scheme, scoring.results(scheme, scheme.assessments.visible_to(request.user))


@login_required
def export_xlsx(request, pk):
    scheme, results = _results_for_export(request, pk)
    data = exports.results_xlsx(scheme, results)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = exports.disposition(f"{scheme.title}-结果.xlsx")
    return response


@login_required
def export_docx(request, pk):
    scheme, results = _results_for_export(request, pk)
    data = exports.notice_docx(scheme, results)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = exports.disposition(f"关于{scheme.year}年度考核结果的通报.docx")
    return response
