from django.db.models import Q

from fazhi.indicators.registry import counting, rate
from fazhi.study.models import LawExam, OathCeremony, StudySession

AREA = "study"

counting("study.sessions", "学法活动", "次", AREA, StudySession, "held_on", ledger="study-sessions")
counting(
    "study.central_group_sessions",
    "党委中心组学法",
    "次",
    AREA,
    StudySession,
    "held_on",
    where=Q(kind="central_group"),
    ledger="study-sessions",
)
counting(
    "study.pre_meeting_sessions",
    "常务会会前学法",
    "次",
    AREA,
    StudySession,
    "held_on",
    where=Q(kind="pre_meeting"),
    ledger="study-sessions",
)
counting(
    "study.trainings",
    "专题讲座和法治培训",
    "次",
    AREA,
    StudySession,
    "held_on",
    where=Q(kind__in=["lecture", "training"]),
    ledger="study-sessions",
)
counting(
    "study.participants",
    "参学人次",
    "人次",
    AREA,
    StudySession,
    "held_on",
    sum_field="participants",
    ledger="study-sessions",
)
counting(
    "study.hours",
    "学法学时",
    "小时",
    AREA,
    StudySession,
    "held_on",
    sum_field="hours",
    ledger="study-sessions",
)
counting("study.exams", "学法考试（测试）", "场", AREA, LawExam, "held_on", ledger="law-exams")
counting(
    "study.exam_expected",
    "应考人次",
    "人次",
    AREA,
    LawExam,
    "held_on",
    sum_field="expected",
    ledger="law-exams",
)
counting("study.exam_sat", "实考人次", "人次", AREA, LawExam, "held_on", sum_field="sat", ledger="law-exams")
counting(
    "study.exam_passed",
    "考试合格人次",
    "人次",
    AREA,
    LawExam,
    "held_on",
    sum_field="passed",
    ledger="law-exams",
)
rate(
    "study.exam_participation_rate",
    "参考率",
    AREA,
    "study.exam_sat",
    "study.exam_expected",
    description="实考人次 ÷ 应考人次",
    ledger="law-exams",
)
rate(
    "study.exam_pass_rate",
    "考试合格率",
    AREA,
    "study.exam_passed",
    "study.exam_sat",
    description="合格人次 ÷ 实考人次",
    ledger="law-exams",
)
counting("study.oaths", "宪法宣誓仪式", "次", AREA, OathCeremony, "held_on", ledger="oath-ceremonies")
counting(
    "study.sworn",
    "宪法宣誓人数",
    "人",
    AREA,
    OathCeremony,
    "held_on",
    sum_field="sworn",
    ledger="oath-ceremonies",
)
