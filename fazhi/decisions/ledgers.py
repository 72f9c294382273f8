from fazhi.decisions import models, rules
from fazhi.ledger import registry


@registry.register
class DecisionCatalogueLedger(registry.Ledger):
    code = "decision-catalogues"
    model = models.DecisionCatalogue
    description = "年度重大行政决策事项目录，经同级党委同意后向社会公布"
    columns = ["year", "title", "items", "party_agreed_on", "published_on", "channel"]
    search = ["title", "notes"]
    year_field = "year"


@registry.register
class DecisionLedger(registry.Ledger):
    code = "decisions"
    model = models.Decision
    description = "重大行政决策的法定程序：公众参与、专家论证、风险评估、合法性审查、集体讨论决定"
    columns = [
        "started_on",
        "title",
        "category",
        "lead_unit",
        "step",
        "is_technical",
        "has_risk",
        "published_on",
    ]
    filters = ["step", "category", "is_technical", "has_risk", "catalogue"]
    search = ["title", "summary", "lead_unit"]
    date_field = "started_on"
    procedure = rules.PROCEDURE

    def deadlines(self, obj):
        return rules.deadlines(obj)
