"""Review of report texts in the platform: a township checks its own draft, the county checks a
batch side by side. The judging is done by fazhi.review; this module only handles the upload."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from fazhi import review
from fazhi.background import runner
from fazhi.background.models import BackgroundTask
from fazhi.orgs.models import ABOVE_COUNTY, Level, OrgUnit
from fazhi.reports import document, workflow
from fazhi.reports.models import Report, current_of
from fazhi.review.model import PART_TITLES
from fazhi.review.readers import SUPPORTED
from fazhi.review.render import CSS
from fazhi.supervision import tasks

MAX_FILES = 60


def _year(raw: str) -> int | None:
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None


@login_required
def review_upload(request):
    """Upload one or more report files; the review runs in the background and its page shows one
    file's annotated text, or several ranked side by side."""
    error = ""
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        bad = [u.name for u in uploads if Path(u.name).suffix.lower() not in SUPPORTED]
        if not uploads:
            error = "请选择要审查的报告文件"
        elif len(uploads) > MAX_FILES:
            error = f"一次最多审查 {MAX_FILES} 份报告"
        elif bad:
            error = f"不支持的文件类型：{'、'.join(bad)}（支持 {'、'.join(sorted(SUPPORTED))}）"
        elif any(u.size > settings.FAZHI_MAX_UPLOAD_BYTES for u in uploads):
            error = "文件过大"
        else:
            names = "、".join(u.name for u in uploads[:3]) + (
                f"等{len(uploads)}份" if len(uploads) > 3 else ""
            )
            user = request.user
            record = runner.create(BackgroundTask.Kind.REVIEW, names, user, user.org, total=len(uploads) * 2)
            folder = tasks.stored_folder(record)
            stored = [
                default_storage.save(f"{folder}/{n:03d}/{Path(u.name).name}", u)
                for n, u in enumerate(uploads)
            ]
            record.params = {"files": stored, "year": _year(request.POST.get("year"))}
            record.save(update_fields=["params"])
            runner.enqueue(record, tasks.review_files)
            return redirect("background:detail", record.pk)
    context = {"error": error, "formats": "、".join(sorted(SUPPORTED))}
    return render(request, "supervision/review.html", context)


def _county_user(request):
    user = request.user
    if not user.has_perm("reports.view_report") or user.org is None:
        raise PermissionDenied("您的角色不能查看各乡镇年度报告")
    return user


def _reporting_units(user) -> list[OrgUnit]:
    """Whose reports the user receives: the townships of a county; above the county, also each
    county's own report (to the city) and, for a province, each city's."""
    units = OrgUnit.objects.visible_to(user).exclude(pk=user.org_id).select_related("parent")
    if user.org.level in ABOVE_COUNTY:
        return list(units.filter(level__in=[Level.CITY, Level.COUNTY, Level.TOWNSHIP]))
    return list(units.townships())


def _reports_by_unit(user, units, year) -> dict[int, list[Report]]:
    reports = Report.objects.visible_to(user).filter(year=year, org__in=units).order_by("-version")
    by_org: dict[int, list[Report]] = {}
    for r in reports.select_related("org"):
        by_org.setdefault(r.org_id, []).append(r)
    return by_org


@login_required
def reports_overview(request):
    """Every township's report of a year (above the county, every county's and township's that
    was submitted upward): its state, its versions with downloads, its steps."""
    user = _county_user(request)
    year = _year(request.GET.get("year")) or timezone.localdate().year - 1
    units = _reporting_units(user)
    by_org = _reports_by_unit(user, units, year)
    rows = []
    for t in units:
        current = current_of(by_org.get(t.pk, []))
        rows.append(
            {
                "org": t,
                "versions": by_org.get(t.pk, []),
                "current": current,
                "next_steps": workflow.next_steps(current) if current is not None else [],
            }
        )
    due = workflow.due_dates(year)
    context = {
        "year": year,
        "years": list(range(timezone.localdate().year - 1, timezone.localdate().year - 4, -1)),
        "rows": rows,
        "due": due,
        "submitted": sum(1 for r in rows if r["current"] is not None and r["current"].frozen),
        "above": user.org.level in ABOVE_COUNTY,
    }
    return render(request, "supervision/reports.html", context)


@login_required
def reports_review(request):
    """The review of every submitted report of a year in one table, worst first."""
    user = _county_user(request)
    year = _year(request.GET.get("year")) or timezone.localdate().year - 1
    units = _reporting_units(user)
    by_org = _reports_by_unit(user, units, year)
    submitted = [r for r in (current_of(by_org.get(t.pk, [])) for t in units) if r is not None and r.frozen]
    rows = []
    for report in submitted:
        result = review.review_text(document.build(report).text, name=report.org.name, year=year)
        rows.append(
            {
                "report": report,
                "errors": result.count("error"),
                "warnings": result.count("warning"),
                "missing_parts": [PART_TITLES[k] for k, s in result.parts.items() if s == "missing"],
                "fragment": mark_safe(review.render_html_fragment(result)),  # noqa: S308  escaped by the engine
            }
        )
    rows.sort(key=lambda r: (-r["errors"], -r["warnings"], r["report"].org.path))
    context = {"year": year, "rows": rows, "css": mark_safe(CSS)}  # noqa: S308  (a constant of the engine)
    return render(request, "supervision/reports_review.html", context)
