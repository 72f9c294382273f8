from fazhi.leadership import models
from fazhi.ledger import registry


@registry.register
class LeadingGroupLedger(registry.Ledger):
    code = "leading-group"
    model = models.LeadingGroupMember
    description = "依法治镇委员会（法治政府建设领导小组）及其组成人员"
    columns = ["body", "name", "position", "role", "appointed_on", "active"]
    filters = ["role", "active"]
    search = ["body", "name", "position"]


@registry.register
class LawMeetingLedger(registry.Ledger):
    code = "law-meetings"
    model = models.LawMeeting
    description = "党委会、政府常务会、专题会和委员会会议研究法治工作的情况"
    columns = ["held_on", "kind", "chair", "chair_role", "topics"]
    filters = ["kind", "chair_role"]
    search = ["topics", "decisions", "chair"]
    date_field = "held_on"


@registry.register
class ResponsibilityLedger(registry.Ledger):
    code = "responsibilities"
    model = models.Responsibility
    description = "年度法治建设责任清单和任务分解：牵头部门、时限、进展和佐证"
    columns = ["year", "task", "lead_department", "owner", "due_on", "status"]
    filters = ["status", "lead_department"]
    search = ["task", "owner", "evidence"]
    year_field = "year"


@registry.register
class DutyReportLedger(registry.Ledger):
    code = "duty-reports"
    model = models.DutyReport
    description = "党委书记、乡镇长和班子成员年终述职中的述法及评议"
    columns = ["year", "person", "role", "reported_on", "forum", "assessment"]
    filters = ["role", "assessment"]
    search = ["person", "text"]
    year_field = "year"


@registry.register
class FieldVisitLedger(registry.Ledger):
    code = "field-visits"
    model = models.FieldVisit
    description = "党政领导到村（社区）、站所调研督导法治工作"
    columns = ["visited_on", "leader", "leader_role", "kind", "place", "topic"]
    filters = ["leader_role", "kind"]
    search = ["leader", "place", "topic", "findings"]
    date_field = "visited_on"
