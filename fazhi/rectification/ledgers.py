from fazhi.ledger import registry
from fazhi.rectification import models


@registry.register
class FindingLedger(registry.Ledger):
    code = "findings"
    model = models.Finding
    description = "年度报告的不足、县级督察、考核评估、审计和自查发现的问题及其整改、销号"
    columns = [
        "found_on",
        "source",
        "description",
        "owner",
        "owner_department",
        "due_on",
        "status",
        "closed_on",
    ]
    filters = ["source", "status", "owner_department"]
    search = ["description", "measure", "owner", "evidence"]
    date_field = "found_on"


@registry.register
class PlanItemLedger(registry.Ledger):
    code = "plan-items"
    model = models.PlanItem
    description = "上一年度报告“下一年度主要安排”逐项跟踪，年终说明完成情况"
    columns = ["year", "text", "owner", "due_on", "status", "outcome"]
    filters = ["status"]
    search = ["text", "owner", "outcome"]
    year_field = "year"
