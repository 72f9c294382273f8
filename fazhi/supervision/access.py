"""The one door to the county's supervision objects: 404 for "missing" and "not yours" alike,
403 when the user may see but not write."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from fazhi.orgs.models import ABOVE_COUNTY, Level
from fazhi.supervision.models import Assessment, Assignment, AssignmentTarget, Inspection, Scheme


def managing_county(user, perm: str):
    """The county a user manages with `perm`, or None (townships, levels above, read-only roles)."""
    if not user.is_authenticated or user.org_id is None or user.org.level != Level.COUNTY:
        return None
    return user.org if user.has_perm(f"supervision.{perm}") else None


def require_county(user, perm: str, county_id: int | None = None):
    county = managing_county(user, perm)
    if county is None or (county_id is not None and county.pk != county_id):
        raise PermissionDenied("只有本县依法治县办可以办理")
    return county


def is_township(user) -> bool:
    return user.is_authenticated and user.org_id is not None and user.org.level == Level.TOWNSHIP


def is_above_county(user) -> bool:
    return user.is_authenticated and user.org_id is not None and user.org.level in ABOVE_COUNTY


def schemes_for_user(user):
    """A township, and the offices above the county, see a scheme once the county has frozen it
    and started scoring: a scheme still being drawn up is the county's own work."""
    qs = Scheme.objects.visible_to(user)
    return qs.exclude(state=Scheme.State.DRAFT) if is_township(user) or is_above_county(user) else qs


def get_scheme_for_user(request, pk: int, manage: bool = False) -> Scheme:
    scheme = get_object_or_404(schemes_for_user(request.user).select_related("county"), pk=pk)
    if manage:
        require_county(request.user, "manage_scheme", scheme.county_id)
    return scheme


def get_assessment_for_user(request, scheme: Scheme, org_code: str) -> Assessment:
    return get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related("org", "scheme"),
        scheme=scheme,
        org__code=org_code,
    )


def get_inspection_for_user(request, pk: int, manage: bool = False) -> Inspection:
    inspection = get_object_or_404(Inspection.objects.visible_to(request.user), pk=pk)
    if manage:
        require_county(request.user, "manage_inspection", inspection.county_id)
    return inspection


def get_assignment_for_user(request, pk: int, manage: bool = False) -> Assignment:
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user), pk=pk)
    if manage:
        require_county(request.user, "manage_assignment", assignment.county_id)
    return assignment


def targets_for_user(user, assignment: Assignment):
    """A township sees its own copy of a task; the county and above see every township's."""
    return AssignmentTarget.objects.filter(
        assignment=assignment, org__path__startswith=user.org.path
    ).select_related("org", "replied_by")
