from fazhi.corrections import models
from fazhi.ledger import registry


@registry.register
class CorrectionPersonLedger(registry.Ledger):
    code = "correction-persons"
    model = models.CorrectionPerson
    description = "社区矫正对象名册：报到、矫正期限、矫正小组与解矫（可从智慧矫正导入）"
    columns = [
        "name",
        "id_number",
        "kind",
        "village",
        "judgment_effective_on",
        "reported_on",
        "reported_late",
        "start_on",
        "end_on",
        "status",
    ]
    filters = ["kind", "status", "village", "reported_late"]
    search = ["name", "crime"]
    ordering = ["-start_on", "-id"]
    sensitive = True
    derived = ["reported_late", "is_minor"]
    identity_fields = ["name", "id_number", "birth_date", "phone", "address"]

    def protected(self, obj) -> bool:
        # 社区矫正法第五十四条: a minor's identity is kept confidential.
        return obj.is_minor

    def may_open(self, user, obj) -> bool:
        """A minor's record: only the 司法所 of the person's township (those who keep this ledger
        there), not the township's leaders nor the county."""
        if not obj.is_minor:
            return True
        return self.can(user, "change") and user.org_id == obj.org_id


@registry.register
class InvestigationLedger(registry.Ledger):
    code = "correction-investigations"
    model = models.PreSentenceInvestigation
    description = "受委托开展的调查评估及评估意见"
    columns = [
        "entrusted_on",
        "entrusting_authority",
        "subject",
        "proposed_kind",
        "due_days",
        "finished_on",
        "opinion",
    ]
    filters = ["proposed_kind", "opinion", "village"]
    search = ["subject", "entrusting_authority"]
    date_field = "entrusted_on"
    sensitive = True


@registry.register
class LeaveLedger(registry.Ledger):
    code = "correction-leaves"
    model = models.LeaveRequest
    description = "社区矫正对象外出请假与销假"
    columns = ["requested_on", "person", "from_on", "to_on", "destination", "approved", "returned_on"]
    filters = ["approved"]
    search = ["destination", "reason"]
    date_field = "requested_on"
    sensitive = True


@registry.register
class ReleasedPersonLedger(registry.Ledger):
    code = "released-persons"
    model = models.ReleasedPerson
    description = "刑满释放人员安置帮教：必接必送、帮教小组与帮教状态"
    columns = ["name", "id_number", "category", "village", "released_on", "escorted", "status"]
    filters = ["category", "status", "village", "escorted"]
    search = ["name"]
    ordering = ["-released_on", "-id"]
    sensitive = True
