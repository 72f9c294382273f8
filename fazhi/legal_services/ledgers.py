from fazhi.ledger import registry
from fazhi.legal_services import models


@registry.register
class LegalAdviserLedger(registry.Ledger):
    code = "legal-advisers"
    model = models.LegalAdviser
    description = "镇政府和村（社区）法律顾问及其聘用合同"
    columns = ["name", "firm", "phone", "contract_start", "contract_end"]
    search = ["name", "firm"]
    ordering = ["-contract_end", "-id"]


@registry.register
class AdviserAssignmentLedger(registry.Ledger):
    code = "adviser-assignments"
    model = models.AdviserAssignment
    description = "一村（社区）一法律顾问：各村（社区）由哪位法律顾问服务"
    columns = ["village", "adviser", "since"]
    filters = ["adviser", "village"]
    ordering = ["village__path", "-id"]


@registry.register
class AdviserServiceLedger(registry.Ledger):
    code = "adviser-services"
    model = models.AdviserService
    description = "法律顾问出具审查意见、解答咨询、参与调解、开展讲座和决策论证"
    columns = ["served_on", "adviser", "kind", "village", "summary", "hours"]
    filters = ["kind", "adviser", "village"]
    search = ["summary"]
    date_field = "served_on"


@registry.register
class ConsultationLedger(registry.Ledger):
    code = "consultations"
    model = models.Consultation
    description = "群众到司法所、服务站点或通过电话网络的法律咨询"
    columns = ["consulted_on", "channel", "village", "person", "topic", "answered_by"]
    filters = ["channel", "village"]
    search = ["topic", "answer", "answered_by"]
    date_field = "consulted_on"


@registry.register
class DeliberationLedger(registry.Ledger):
    code = "deliberations"
    model = models.Deliberation
    description = "村（社区）援法议事：议题、参加人数、法律顾问到场和议事结果"
    columns = ["held_on", "village", "topic", "participants", "adviser_present"]
    filters = ["village", "adviser_present"]
    search = ["topic", "outcome"]
    date_field = "held_on"


@registry.register
class ServicePointLedger(registry.Ledger):
    code = "service-points"
    model = models.ServicePoint
    description = "法律之家、公共法律服务工作站（室）"
    columns = ["name", "kind", "village", "opened_on", "hours"]
    filters = ["kind", "village"]
    search = ["name"]
