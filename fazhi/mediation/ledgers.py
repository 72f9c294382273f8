from fazhi.ledger import registry
from fazhi.mediation import models


@registry.register
class DisputeLedger(registry.Ledger):
    code = "disputes"
    model = models.Dispute
    description = "矛盾纠纷登记、调解与结案，含协议与司法确认"
    columns = [
        "registered_on",
        "number",
        "kind",
        "village",
        "applicant",
        "applicant_phone",
        "amount",
        "status",
        "is_major",
    ]
    filters = ["kind", "status", "source", "village", "is_major", "prevented_crime"]
    search = ["summary", "applicant", "respondent", "number"]
    date_field = "registered_on"


@registry.register
class ScreeningLedger(registry.Ledger):
    code = "screenings"
    model = models.Screening
    description = "定期排查矛盾纠纷的轮次与发现情况"
    columns = ["held_on", "village", "scope", "found", "leader"]
    filters = ["village"]
    search = ["scope", "notes", "leader"]
    date_field = "held_on"


@registry.register
class MediationOrgLedger(registry.Ledger):
    code = "mediation-orgs"
    model = models.MediationOrg
    description = "镇、村调解委员会，调解小组与联动调解室"
    columns = ["name", "kind", "village", "director", "members", "established_on"]
    filters = ["kind", "village"]
    search = ["name", "director"]


@registry.register
class MediatorLedger(registry.Ledger):
    code = "mediators"
    model = models.Mediator
    description = "人民调解员名册"
    columns = ["name", "organisation", "role", "full_time", "phone", "training_hours"]
    filters = ["organisation", "full_time"]
    search = ["name", "role"]


@registry.register
class GridWorkerLedger(registry.Ledger):
    code = "grid-workers"
    model = models.GridWorker
    description = "网格员名册"
    columns = ["name", "grid", "full_time", "phone", "started_on"]
    filters = ["grid", "full_time"]
    search = ["name"]
