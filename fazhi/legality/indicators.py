from django.db.models import F, Q

from fazhi.indicators.registry import Indicator, counting, rate, register
from fazhi.legality.models import NormativeDocument, ReviewRequest, VillageRule
from fazhi.legality.rules import ISSUED, PASSED, filing_due

AREA = "legality"

counting(
    "legality.reviews", "合法性审核", "件", AREA, ReviewRequest, "submitted_on", ledger="legality-reviews"
)
for kind, label in ReviewRequest.Kind.choices:
    counting(
        f"legality.reviews_{kind}",
        f"合法性审核：{label}",
        "件",
        AREA,
        ReviewRequest,
        "submitted_on",
        where=Q(kind=kind),
        ledger="legality-reviews",
    )
counting(
    "legality.reviews_concluded",
    "出具审核意见",
    "件",
    AREA,
    ReviewRequest,
    "submitted_on",
    where=Q(step="concluded"),
    ledger="legality-reviews",
)
counting(
    "legality.reviews_unlawful",
    "审核认为不合法",
    "件",
    AREA,
    ReviewRequest,
    "submitted_on",
    where=Q(step="concluded", result="unlawful"),
    ledger="legality-reviews",
)

counting(
    "legality.documents",
    "制发规范性文件",
    "件",
    AREA,
    NormativeDocument,
    "published_on",
    where=Q(step__in=ISSUED),
    ledger="normative-documents",
)
counting(
    "legality.documents_reviewed",
    "经合法性审核的规范性文件",
    "件",
    AREA,
    NormativeDocument,
    "published_on",
    where=Q(step__in=ISSUED, review_result__in=PASSED),
    ledger="normative-documents",
)
rate(
    "legality.document_review_rate",
    "规范性文件合法性审核率",
    AREA,
    "legality.documents_reviewed",
    "legality.documents",
    description="经合法性审核的规范性文件 ÷ 制发的规范性文件",
    target=100,
)
counting(
    "legality.documents_filed",
    "报送备案的规范性文件",
    "件",
    AREA,
    NormativeDocument,
    "published_on",
    where=Q(step__in=ISSUED, filed_on__isnull=False),
    ledger="normative-documents",
)
rate(
    "legality.filing_rate",
    "规范性文件备案率",
    AREA,
    "legality.documents_filed",
    "legality.documents",
    description="报送备案的规范性文件 ÷ 制发的规范性文件",
    target=100,
)


def _filed_on_time(org_ids: list[int], year: int) -> dict[int, int]:
    found = dict.fromkeys(org_ids, 0)
    filed = NormativeDocument.objects.filter(
        org_id__in=org_ids, published_on__year=year, step__in=ISSUED, filed_on__isnull=False
    ).only("org_id", "published_on", "filed_on")
    for doc in filed:
        if doc.filed_on <= filing_due(doc).date:
            found[doc.org_id] += 1
    return found


def _issued_in(org_ids: list[int], year: int):
    return NormativeDocument.objects.filter(
        org_id__in=org_ids, published_on__year=year, step__in=ISSUED, filed_on__isnull=False
    ).filter(filed_on__gte=F("published_on"))


register(
    Indicator(
        "legality.documents_filed_on_time",
        "按期报送备案的规范性文件",
        "件",
        AREA,
        records=_issued_in,
        per_org=_filed_on_time,
        ledger="normative-documents",
        description="自公布之日起在规定期限内报送备案（期限依本省规定，默认30日）",
    )
)
rate(
    "legality.filing_on_time_rate",
    "规范性文件按期备案率",
    AREA,
    "legality.documents_filed_on_time",
    "legality.documents",
    description="按期报送备案的规范性文件 ÷ 制发的规范性文件",
    target=100,
)
counting(
    "legality.documents_repealed",
    "清理废止的规范性文件",
    "件",
    AREA,
    NormativeDocument,
    "repealed_on",
    where=Q(step="repealed"),
    ledger="normative-documents",
)
counting(
    "legality.village_rules", "村规民约备案", "件", AREA, VillageRule, "filed_on", ledger="village-rules"
)
counting(
    "legality.village_rules_corrected",
    "责令改正的村规民约",
    "件",
    AREA,
    VillageRule,
    "filed_on",
    where=Q(step__in=("correction", "corrected")),
    ledger="village-rules",
)
