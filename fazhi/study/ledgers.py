from fazhi.ledger import registry
from fazhi.study import models


@registry.register
class StudySessionLedger(registry.Ledger):
    code = "study-sessions"
    model = models.StudySession
    description = "党委中心组学法、政府常务会会前学法、集中学法、专题讲座与法治培训"
    columns = ["held_on", "kind", "topic", "speaker", "participants", "leaders_present", "hours"]
    filters = ["kind"]
    search = ["topic", "laws", "speaker", "leaders_present"]
    date_field = "held_on"


@registry.register
class LawExamLedger(registry.Ledger):
    code = "law-exams"
    model = models.LawExam
    description = "普法考试、法治教育测试等的应考、实考与合格人数"
    columns = ["held_on", "name", "kind", "expected", "sat", "passed"]
    filters = ["kind"]
    search = ["name", "organiser"]
    date_field = "held_on"


@registry.register
class OathCeremonyLedger(registry.Ledger):
    code = "oath-ceremonies"
    model = models.OathCeremony
    description = "国家工作人员宪法宣誓仪式"
    columns = ["held_on", "occasion", "presiding", "sworn"]
    search = ["occasion", "names", "presiding"]
    date_field = "held_on"
