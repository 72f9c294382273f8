from fazhi.ledger import registry
from fazhi.legality import models, rules


@registry.register
class ReviewRequestLedger(registry.Ledger):
    code = "legality-reviews"
    model = models.ReviewRequest
    description = "合同协议、规范性文件、重大行政决策、重大执法决定等的合法性审核"
    columns = ["submitted_on", "title", "kind", "department", "reviewer", "step", "result", "completed_on"]
    filters = ["step", "kind", "reviewer", "result"]
    search = ["title", "department", "opinion"]
    date_field = "submitted_on"
    procedure = rules.REVIEW_PROCEDURE

    def deadlines(self, obj):
        return rules.review_deadlines(obj)


@registry.register
class NormativeDocumentLedger(registry.Ledger):
    code = "normative-documents"
    model = models.NormativeDocument
    description = "行政规范性文件：评估论证、征求意见、合法性审核、集体审议、编号公布、报送备案与清理"
    columns = ["started_on", "title", "number", "step", "published_on", "filed_on", "valid_until"]
    filters = ["step", "concerns_business"]
    search = ["title", "number", "drafting_unit"]
    date_field = "started_on"
    procedure = rules.DOCUMENT_PROCEDURE

    def deadlines(self, obj):
        return rules.document_deadlines(obj)


@registry.register
class VillageRuleLedger(registry.Ledger):
    code = "village-rules"
    model = models.VillageRule
    description = "村规民约、居民公约报乡镇备案，审查与责令改正"
    columns = ["filed_on", "village", "title", "kind", "step", "review_result", "correction_due_on"]
    filters = ["step", "village", "kind", "review_result"]
    search = ["title", "problems"]
    date_field = "filed_on"
    procedure = rules.VILLAGE_RULE_PROCEDURE
