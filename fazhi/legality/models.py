from django.db import models

from fazhi.ledger.duedates import DueDateField
from fazhi.ledger.models import Record
from fazhi.ledger.procedures import step_field
from fazhi.ledger.validation import FieldErrorsMixin
from fazhi.legality import rules
from fazhi.lib.titles import with_prefix
from fazhi.orgs.models import Level, OrgUnit


class Result(models.TextChoices):
    LAWFUL = "lawful", "合法"
    AMENDED = "amended", "修改后合法"
    UNLAWFUL = "unlawful", "不合法"


class ReviewRequest(FieldErrorsMixin, Record):
    """A request for legality review (合法性审核) of a contract, document or decision."""

    class Kind(models.TextChoices):
        CONTRACT = "contract", "合同/协议"
        NORMATIVE = "normative", "规范性文件"
        DECISION = "decision", "重大行政决策"
        ENFORCEMENT = "enforcement", "重大执法决定"
        VILLAGE_RULE = "village_rule", "村规民约"
        OTHER = "other", "其他"

    class Reviewer(models.TextChoices):
        JUSTICE = "justice", "司法所"
        ADVISER = "adviser", "法律顾问"
        LAWYER = "lawyer", "公职律师"

    step = step_field(rules.REVIEW_PROCEDURE)
    title = models.CharField("审核事项", max_length=200)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    department = models.CharField("送审部门", max_length=64)
    reviewer = models.CharField("审核机构", max_length=16, choices=Reviewer.choices, default=Reviewer.JUSTICE)
    reviewer_name = models.CharField("审核人", max_length=64, blank=True)
    submitted_on = models.DateField("送审日期")
    urgent = models.BooleanField(
        "紧急审核", default=False, help_text="因突发事件等紧急情况需要缩短审核时间的，须填写理由"
    )
    urgent_reason = models.CharField("紧急理由", max_length=200, blank=True)
    # 补充材料（补正后重新计算审核期限）
    supplement_requested_on = models.DateField("要求补充材料日期", null=True, blank=True)
    supplement_reason = models.CharField("需补充的材料", max_length=200, blank=True)
    supplement_received_on = models.DateField("材料补齐日期", null=True, blank=True)
    # 审核意见
    completed_on = models.DateField("出具意见日期", null=True, blank=True)
    result = models.CharField("审核结论", max_length=16, choices=Result.choices, blank=True)
    opinion = models.TextField("审核意见", blank=True)
    withdrawn_reason = models.CharField("撤回理由", max_length=200, blank=True)

    class Meta:
        verbose_name = "合法性审核"
        verbose_name_plural = "合法性审核"
        # The county's figures and the months filled read a year of each township (org, date).
        indexes = [models.Index(fields=["org", "submitted_on"])]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        rules.check_review(self)


class NormativeDocument(FieldErrorsMixin, Record):
    """A township normative document (行政规范性文件) from drafting to filing and cleanup."""

    step = step_field(rules.DOCUMENT_PROCEDURE)
    title = models.CharField("文件名称", max_length=200)
    drafting_unit = models.CharField("起草单位", max_length=64)
    started_on = models.DateField("起草日期")
    concerns_business = models.BooleanField(
        "涉及市场主体生产经营", default=False, help_text="公开征求意见不少于30日"
    )
    urgent = models.BooleanField(
        "紧急文件", default=False, help_text="合法性审核时间可少于5个工作日，须填写理由"
    )
    urgent_reason = models.CharField("紧急理由", max_length=200, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    # 评估论证
    assessed_on = models.DateField("评估论证日期", null=True, blank=True)
    assessment = models.TextField("评估论证情况", blank=True)
    # 公开征求意见
    comment_from = models.DateField("征求意见开始日期", null=True, blank=True)
    comment_to = models.DateField("征求意见截止日期", null=True, blank=True)
    comments_received = models.PositiveIntegerField("收到意见（条）", default=0)
    comment_feedback = models.TextField("意见采纳情况", blank=True)
    # 合法性审核
    review_submitted_on = models.DateField("送审日期", null=True, blank=True)
    review_completed_on = models.DateField("审核完成日期", null=True, blank=True)
    reviewer = models.CharField("审核机构（人）", max_length=64, blank=True)
    review_result = models.CharField("审核结论", max_length=16, choices=Result.choices, blank=True)
    review_opinion = models.TextField("审核意见", blank=True)
    # 集体审议
    deliberated_on = models.DateField("集体审议日期", null=True, blank=True)
    meeting = models.CharField("审议会议", max_length=64, blank=True)
    deliberation = models.TextField("审议情况", blank=True)
    # 登记编号、公布、备案
    number = models.CharField(
        "文号",
        max_length=40,
        blank=True,
        validators=[rules.validate_number],
        help_text="如：青石府规〔2025〕3号",
    )
    registered_on = models.DateField("登记日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    publish_channel = models.CharField("公布渠道", max_length=100, blank=True)
    filed_on = models.DateField("报送备案日期", null=True, blank=True)
    filing_ref = models.CharField("备案登记号", max_length=64, blank=True)
    # 清理
    revised_on = models.DateField("修订日期", null=True, blank=True)
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    cleanup_note = models.CharField("清理说明", max_length=200, blank=True)
    abandoned_reason = models.CharField("终止制定理由", max_length=200, blank=True)

    # Stored due dates of the on-time rates (the rule's date, kept current on every write).
    filing_due_on = DueDateField("备案期限", rule="fazhi.legality.rules.filing_due")

    class Meta:
        verbose_name = "行政规范性文件"
        verbose_name_plural = "行政规范性文件"

    def __str__(self) -> str:
        return self.title

    @property
    def validity(self) -> str:
        return rules.validity(self)

    def clean(self):
        rules.check_document(self)


class VillageRule(FieldErrorsMixin, Record):
    """村规民约、居民公约 and 村民自治章程 filed with the township (村民委员会组织法第二十七条)."""

    class Kind(models.TextChoices):
        RULE = "rule", "村规民约"
        COVENANT = "covenant", "居民公约"
        CHARTER = "charter", "村民自治章程"

    class Review(models.TextChoices):
        OK = "ok", "未发现违法内容"
        CORRECT = "correct", "须责令改正"

    step = step_field(rules.VILLAGE_RULE_PROCEDURE)
    village = models.ForeignKey(
        OrgUnit,
        verbose_name="村（社区）",
        on_delete=models.PROTECT,
        limit_choices_to={"level": Level.VILLAGE},
        related_name="+",
    )
    kind = models.CharField("类别", max_length=16, choices=Kind.choices, default=Kind.RULE)
    title = models.CharField("名称", max_length=120)
    adopted_on = models.DateField("村（居）民会议通过日期", null=True, blank=True)
    filed_on = models.DateField("报乡镇备案日期")
    reviewed_on = models.DateField("审查日期", null=True, blank=True)
    review_result = models.CharField("审查结论", max_length=16, choices=Review.choices, blank=True)
    reviewer = models.CharField("审查人", max_length=64, blank=True)
    problems = models.TextField("违法或侵权内容", blank=True)
    correction_ordered_on = models.DateField("责令改正日期", null=True, blank=True)
    correction_due_on = models.DateField("改正期限", null=True, blank=True)
    corrected_on = models.DateField("改正完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "村规民约备案审查"
        verbose_name_plural = "村规民约备案审查"

    def __str__(self) -> str:
        return with_prefix(str(self.village), self.title) if self.village_id else self.title

    def clean(self):
        rules.check_village_rule(self)
