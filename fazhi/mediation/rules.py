"""Rules of 人民调解 (domain.md §2.4); the sources are in shared/rules-sources.md."""

import datetime as dt

from django.core.exceptions import ValidationError

from fazhi.ledger import todo

MEDIATION_MONTHS = 1  # 司法部《人民调解工作若干规定》第三十三条: generally concluded within one month
CONFIRMATION_DAYS = 30  # 人民调解法 第三十三条: 协议生效之日起三十日内共同申请司法确认

CLOSED = {"succeeded", "failed", "terminated"}


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def mediation_due(dispute) -> dt.date:
    """调解一般应在一个月内结束 (warn, not a hard limit)."""
    return add_months(dispute.registered_on, MEDIATION_MONTHS)


def confirmation_due(dispute) -> dt.date | None:
    """Judicial confirmation must be applied for within 30 days of the agreement taking effect."""
    if not dispute.agreement_effective_on:
        return None
    return dispute.agreement_effective_on + dt.timedelta(days=CONFIRMATION_DAYS)


def check_dispute(d) -> None:
    """Field errors of a dispute in Chinese, raised as one ValidationError."""
    errors: dict[str, str] = {}
    if d.status in CLOSED and not d.closed_on:
        errors["closed_on"] = "调解已结束的纠纷须填写办结日期"
    if d.closed_on and d.registered_on and d.closed_on < d.registered_on:
        errors["closed_on"] = "办结日期不能早于登记日期"
    if d.status == "succeeded" and not d.agreement:
        errors["agreement"] = "调解成功须注明协议形式（书面或口头）"
    if d.agreement and d.status != "succeeded":
        errors["agreement"] = "只有调解成功的纠纷才有调解协议"
    if d.agreement == "written" and not d.agreement_signed_sealed:
        # 人民调解法 第二十九条: 由各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章
        errors["agreement_signed_sealed"] = (
            "书面调解协议须有各方当事人和调解员签名并加盖调解委员会印章（人民调解法第二十九条）"
        )
    if d.agreement_effective_on and d.registered_on and d.agreement_effective_on < d.registered_on:
        errors["agreement_effective_on"] = "协议生效日期不能早于登记日期"
    if d.confirmation_applied_on and not d.agreement_effective_on:
        errors["confirmation_applied_on"] = "申请司法确认须先有生效的调解协议"
    if d.status == "failed" and not d.referred_to:
        errors["referred_to"] = "调解不成功的，应注明引导当事人依法解决的途径（人民调解法第二十六条）"
    if errors:
        raise ValidationError(errors)


@todo.provider("disputes")
def disputes_due(org_ids: list[int], today: dt.date):
    from fazhi.mediation.models import Dispute

    open_cases = (
        todo.records(Dispute, org_ids).filter(status__in=["accepted", "mediating"]).select_related("org")
    )
    for d in open_cases:
        yield todo.Todo(
            "mediation.overdue",
            "disputes",
            d,
            mediation_due(d),
            f"纠纷“{d}”尚未办结：调解一般应在一个月内结束（司法部《人民调解工作若干规定》第三十三条）",
        )
    window_open = (
        todo.records(Dispute, org_ids)
        .filter(
            status="succeeded",
            agreement="written",
            confirmation_applied_on__isnull=True,
            agreement_effective_on__isnull=False,
        )
        .select_related("org")
    )
    for d in window_open:
        yield todo.Todo(
            "mediation.confirmation",
            "disputes",
            d,
            confirmation_due(d),
            f"调解协议于{d.agreement_effective_on:%Y-%m-%d}生效，当事人如需司法确认，可自生效之日起30日内共同向人民法院申请"
            "（人民调解法第三十三条）；是否申请由当事人决定，期满未申请不属逾期",
            optional=True,
            shown_until=confirmation_due(d),
        )
