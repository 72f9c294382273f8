"""Checks of the leadership ledgers (domain.md §2.1): a finished task shows its evidence, a late
one its explanation, and a 述法 record belongs to the year it reports on."""

from django.core.exceptions import ValidationError


def check_responsibility(r) -> None:
    errors: dict[str, str] = {}
    evidence = (r.evidence or "").strip()
    if r.status == "done" and not evidence:
        errors["evidence"] = "已完成的任务须填写完成情况及佐证"
    if r.status == "late_explained" and not evidence:
        errors["evidence"] = "逾期的任务须在“完成情况及佐证”中说明逾期原因和补救措施"
    if errors:
        raise ValidationError(errors)


def check_duty_report(d) -> None:
    """述法 happens at the year-end 述职, at the latest early in the next year."""
    if d.year and d.reported_on and d.reported_on.year not in (d.year, d.year + 1):
        raise ValidationError(
            {"reported_on": f"述法日期（{d.reported_on}）应在述法年度（{d.year}年）内或次年年初"}
        )
