from fazhi.ledger import registry
from fazhi.litigation import models, rules


@registry.register
class CaseLedger(registry.Ledger):
    code = "litigation-cases"
    model = models.Case
    description = "行政复议、行政诉讼案件：答复答辩、负责人出庭、结果、司法建议与纠错整改"
    procedure = rules.CASE
    columns = ["received_on", "number", "kind", "claimant", "act_kind", "hearing_on", "result", "step"]
    filters = ["step", "kind", "act_kind", "result", "attended_role"]
    search = ["number", "claimant", "act", "organ", "attended_by"]
    date_field = "received_on"

    def deadlines(self, obj):
        return rules.deadlines(obj)
