from django.db.models import Q

from fazhi.indicators.registry import counting, deadline_rate, rate
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
    basis="地方组织法第七十五条；国办发〔2018〕115号（合法性审核机制）",
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
deadline_rate(
    "legality.filing_on_time_rate",
    "规范性文件按期备案率",
    AREA,
    model=NormativeDocument,
    date_field="published_on",
    done_field="filed_on",
    due=filing_due,
    due_field="filing_due_on",
    where=Q(step__in=ISSUED),
    on_time=("legality.documents_filed_on_time", "按期报送备案的规范性文件"),
    owed=("legality.documents_filing_owed", "应已报送备案的规范性文件"),
    ledger="normative-documents",
    basis="地方组织法第七十五条；报送备案期限依本省规定（本系统默认公布之日起30日，可由管理员设置）",
    on_time_description="本年度公布的规范性文件中，自公布之日起在规定期限内报送备案的件数",
    owed_description="本年度公布的规范性文件中已报送备案的，加上未报送且备案期限已届满的件数",
    description="按期报送备案的文件 ÷（已报送备案的文件 + 未报送且已逾期的文件）",
    target=100,
)
rate(
    "legality.filing_rate",
    "规范性文件备案率",
    AREA,
    "legality.documents_filed",
    "legality.documents_filing_owed",
    description="报送备案的规范性文件 ÷ 应已报送备案的规范性文件（公布后备案期限未到的不计）",
    basis="地方组织法第七十五条；市县法治政府建设示范指标（备案率100%）",
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
