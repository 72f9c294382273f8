from fazhi.enforcement import models, rules
from fazhi.ledger import registry


@registry.register
class CaseLedger(registry.Ledger):
    code = "enforcement-cases"
    model = models.Case
    description = "行政处罚、行政强制、行政检查案件：立案、告知、听证、催告、法制审核、决定、送达、公示与归档"
    columns = [
        "registered_on",
        "number",
        "kind",
        "cause",
        "party_name",
        "filed_on",
        "decision_on",
        "fine",
        "step",
    ]
    filters = ["kind", "step", "is_major", "decision_result", "matter"]
    search = ["number", "cause", "party_name"]
    date_field = "registered_on"
    procedure = rules.CASE_PROCEDURE

    def deadlines(self, obj):
        return rules.case_deadlines(obj)


@registry.register
class OfficerLedger(registry.Ledger):
    code = "enforcement-officers"
    model = models.Officer
    description = "行政执法人员及执法证件（证件到期前提醒，持证两年未办案提示）"
    columns = [
        "name",
        "department",
        "post",
        "certificate_number",
        "valid_from",
        "valid_until",
        "training_hours",
    ]
    filters = ["department"]
    search = ["name", "certificate_number"]

    def deadlines(self, obj):
        from fazhi.ledger.procedures import DueItem

        d = rules.certificate_deadline(obj)
        return [DueItem("执法证件有效期届满", d, bool(obj.revoked_on))] if d else []


@registry.register
class MatterLedger(registry.Ledger):
    code = "enforcement-matters"
    model = models.Matter
    description = "乡镇行政执法事项清单（权责清单），含省级下放事项及公布情况"
    columns = ["code", "name", "kind", "handed_down", "department", "published", "published_on"]
    filters = ["kind", "handed_down", "published", "department"]
    search = ["name", "code", "legal_basis"]


@registry.register
class TrainingLedger(registry.Ledger):
    code = "enforcement-trainings"
    model = models.Training
    description = "行政执法人员培训"
    columns = ["held_on", "topic", "organiser", "hours", "participants"]
    search = ["topic", "organiser"]
    date_field = "held_on"


@registry.register
class ExamLedger(registry.Ledger):
    code = "enforcement-exams"
    model = models.Exam
    description = "行政执法资格考试和年度考试：应考、实考、合格人数"
    columns = ["held_on", "name", "organiser", "expected", "sat", "passed"]
    search = ["name", "organiser"]
    date_field = "held_on"


@registry.register
class CaseReviewLedger(registry.Ledger):
    code = "enforcement-case-reviews"
    model = models.CaseReview
    description = "行政执法案卷评查：评查案卷数、得分与发现问题"
    columns = ["reviewed_on", "organiser", "cases_reviewed", "excellent", "failed", "score"]
    search = ["organiser", "problems"]
    date_field = "reviewed_on"


@registry.register
class FindingLedger(registry.Ledger):
    code = "enforcement-findings"
    model = models.Finding
    description = "行政执法监督发现的问题及整改"
    columns = ["found_on", "source", "department", "problem", "rectify_by", "rectified_on"]
    filters = ["department"]
    search = ["problem", "source"]
    date_field = "found_on"
