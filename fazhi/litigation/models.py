from django.db import models

from fazhi.ledger.duedates import DueDateField
from fazhi.ledger.models import Record
from fazhi.ledger.procedures import step_field
from fazhi.ledger.validation import FieldErrorsMixin
from fazhi.litigation.rules import CASE


class Case(FieldErrorsMixin, Record):
    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", "行政复议"
        LITIGATION = "litigation", "行政诉讼"

    class TrialLevel(models.TextChoices):
        FIRST = "first", "一审"
        SECOND = "second", "二审"
        RETRIAL = "retrial", "再审"

    class ActKind(models.TextChoices):
        PENALTY = "penalty", "行政处罚"
        COERCION = "coercion", "行政强制"
        EXPROPRIATION = "expropriation", "征收征用及补偿"
        LAND = "land", "土地、山林权属处理"
        INACTION = "inaction", "不履行法定职责"
        DISCLOSURE = "disclosure", "政府信息公开"
        AGREEMENT = "agreement", "行政协议"
        OTHER = "other", "其他"

    class Result(models.TextChoices):
        UPHELD = "upheld", "维持"
        REJECTED = "rejected", "驳回"
        REVOKED = "revoked", "撤销"
        CHANGED = "changed", "变更"
        UNLAWFUL = "unlawful", "确认违法"
        VOID = "void", "确认无效"
        ORDERED = "ordered", "责令履行"
        SETTLED = "settled", "调解和解"
        WITHDRAWN = "withdrawn", "撤回申请（起诉）"
        OTHER = "other", "其他"

    class AttendedRole(models.TextChoices):
        HEAD = "head", "乡（镇）长（正职负责人）"
        DEPUTY = "deputy", "副乡（镇）长（副职负责人）"
        IN_CHARGE = "in_charge", "其他参与分管的负责人"

    number = models.CharField(
        "案号", max_length=60, blank=True, help_text="如：某府复〔2025〕12号、（2025）某0102行初45号"
    )
    kind = models.CharField("案件类型", max_length=16, choices=Kind.choices)
    trial_level = models.CharField(
        "审级", max_length=16, choices=TrialLevel.choices, blank=True, help_text="行政诉讼填写"
    )
    received_on = models.DateField("收到申请书（起诉状）副本日期", help_text="答复、答辩期限自收到之日起算")
    organ = models.CharField("复议机关（审理法院）", max_length=64, blank=True)
    claimant = models.CharField("申请人（原告）", max_length=100)
    act = models.TextField("被申请（被诉）行政行为")
    act_kind = models.CharField("行为类别", max_length=16, choices=ActKind.choices, default=ActKind.OTHER)
    department = models.CharField("承办单位", max_length=64, blank=True)
    simple_procedure = models.BooleanField(
        "适用复议简易程序", default=False, help_text="简易程序的答复期限为5个工作日（行政复议法第五十四条）"
    )
    hearing_on = models.DateField("开庭（听证）日期", null=True, blank=True)
    step = step_field(CASE)
    # 答复/答辩
    answered_on = models.DateField("提交答复（答辩状）日期", null=True, blank=True)
    materials_submitted = models.BooleanField("已提交证据、依据和其他有关材料", default=False)
    answer_summary = models.TextField("答复（答辩）要点", blank=True)
    # 审理
    written_review = models.BooleanField("书面审理（未开庭、未听证）", default=False)
    attended_by = models.CharField("出庭（参加听证）负责人", max_length=32, blank=True)
    attended_role = models.CharField("负责人职务", max_length=16, choices=AttendedRole.choices, blank=True)
    absence_reason = models.TextField("负责人未出庭的理由", blank=True)
    staff_attended = models.CharField("出庭工作人员", max_length=64, blank=True)
    lawyers = models.CharField("委托律师（代理人）", max_length=64, blank=True)
    # 结案
    closed_on = models.DateField("结案日期", null=True, blank=True)
    result = models.CharField("结果", max_length=16, choices=Result.choices, blank=True)
    result_note = models.TextField("裁判（决定）要点", blank=True)
    appealed = models.BooleanField("已提起上诉", default=False)
    advice = models.TextField("司法建议（复议意见书）", blank=True)
    advice_received_on = models.DateField("收到司法建议日期", null=True, blank=True)
    # 纠错/整改
    corrected_on = models.DateField("纠错整改完成日期", null=True, blank=True)
    correction = models.TextField("纠错整改情况", blank=True)
    advice_replied_on = models.DateField("回复司法建议日期", null=True, blank=True)
    advice_reply = models.TextField("回复内容", blank=True)

    # Stored due dates of the on-time rates (the rule's date, kept current on every write).
    answer_due_on = DueDateField("答复期限", rule="fazhi.litigation.rules.answer_due")

    class Meta:
        verbose_name = "行政复议与行政诉讼案件"
        verbose_name_plural = "行政复议与行政诉讼案件"
        indexes = [models.Index(fields=["org", "received_on"])]

    def __str__(self) -> str:
        return self.number or f"{self.claimant}诉（申请）{self.get_kind_display()}"

    def clean(self):
        from fazhi.litigation import rules

        self.raise_errors(rules.case_errors(self))
