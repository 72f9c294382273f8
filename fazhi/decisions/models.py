from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fazhi.decisions import rules
from fazhi.ledger.models import Record
from fazhi.ledger.procedures import step_field
from fazhi.ledger.validation import FieldErrorsMixin


class DecisionCatalogue(FieldErrorsMixin, Record):
    """The yearly catalogue of major decisions (决策事项目录), published after the Party committee agrees."""

    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField("目录名称", max_length=120, help_text="如：2025年度重大行政决策事项目录")
    items = models.PositiveSmallIntegerField("列入事项数", default=0)
    party_agreed_on = models.DateField(
        "党委同意日期", null=True, blank=True, help_text="目录经同级党委同意后向社会公布（条例第三条第三款）"
    )
    published_on = models.DateField("公布日期", null=True, blank=True)
    channel = models.CharField("公布渠道", max_length=100, blank=True, help_text="如：政府网站、公示栏")
    adjusted_on = models.DateField("最近调整日期", null=True, blank=True)
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "重大行政决策事项目录"
        verbose_name_plural = "重大行政决策事项目录"
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "title"], name="decision_catalogue_unique")
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        rules.check_catalogue(self)


class Decision(FieldErrorsMixin, Record):
    class Category(models.TextChoices):
        POLICY = "policy", "重大公共政策和措施"
        PLAN = "plan", "重要规划"
        RESOURCE = "resource", "资源开发利用与保护"
        PROJECT = "project", "重大公共建设项目"
        OTHER = "other", "其他对社会有重大影响的事项"

    class Result(models.TextChoices):
        LAWFUL = "lawful", "合法"
        AMENDED = "amended", "修改后合法"
        UNLAWFUL = "unlawful", "不合法"

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", "同意"
        AMENDED = "amended", "修改后同意"
        REJECTED = "rejected", "不同意"

    step = step_field(rules.PROCEDURE)
    title = models.CharField("决策事项", max_length=200)
    category = models.CharField("事项类别", max_length=16, choices=Category.choices)
    started_on = models.DateField("启动日期")
    lead_unit = models.CharField("承办单位", max_length=64)
    summary = models.TextField("主要内容", blank=True)
    is_technical = models.BooleanField(
        "专业性技术性较强", default=False, help_text="须组织专家论证（条例第十九条）"
    )
    has_risk = models.BooleanField(
        "可能影响社会稳定或公共安全", default=False, help_text="须开展风险评估（条例第二十二条）"
    )
    is_secret = models.BooleanField(
        "依法应当保密", default=False, help_text="依法不予公开的，不向社会公开征求意见（条例第十四条）"
    )
    # 列入目录
    catalogue = models.ForeignKey(
        DecisionCatalogue,
        verbose_name="所列事项目录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    # 公众参与
    comment_from = models.DateField("征求意见开始日期", null=True, blank=True)
    comment_to = models.DateField("征求意见截止日期", null=True, blank=True)
    comment_shortened_reason = models.CharField(
        "征求意见期限少于30日的理由",
        max_length=200,
        blank=True,
        help_text="因情况紧急等原因缩短的，须在公告中说明理由",
    )
    comments_received = models.PositiveIntegerField("收到意见（条）", default=0)
    comments_adopted = models.PositiveIntegerField("采纳意见（条）", default=0)
    comment_feedback = models.TextField("意见采纳及反馈情况", blank=True)
    # 听证
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    hearing_materials_on = models.DateField(
        "听证材料送达日期", null=True, blank=True, help_text="应于听证7日前送达听证参加人（条例第十七条）"
    )
    # 专家论证
    expert_on = models.DateField("专家论证日期", null=True, blank=True)
    experts = models.CharField("论证专家", max_length=200, blank=True)
    expert_opinion = models.TextField("专家论证意见", blank=True)
    # 风险评估
    risk_report_on = models.DateField("风险评估报告日期", null=True, blank=True)
    risk_controllable = models.BooleanField("风险可控", default=False)
    risk_summary = models.TextField("风险点及防范措施", blank=True)
    # 合法性审查
    review_submitted_on = models.DateField("送审日期", null=True, blank=True)
    review_completed_on = models.DateField("审查完成日期", null=True, blank=True)
    review_result = models.CharField("审查结论", max_length=16, choices=Result.choices, blank=True)
    review_opinion = models.TextField("合法性审查意见", blank=True)
    adviser = models.CharField("法律顾问（公职律师）", max_length=64, blank=True)
    adviser_opinion = models.TextField("法律顾问意见", blank=True)
    # 集体讨论决定
    discussed_on = models.DateField("集体讨论日期", null=True, blank=True)
    meeting = models.CharField(
        "会议名称", max_length=64, blank=True, help_text="如：党政联席会议、乡镇长办公会议"
    )
    minutes = models.TextField("会议纪要", blank=True)
    dissent = models.TextField(
        "不同意见", blank=True, help_text="讨论中的不同意见应当如实载明（条例第三十条）"
    )
    outcome = models.CharField("讨论结果", max_length=16, choices=Outcome.choices, blank=True)
    # 报告党委、公布、归档、后评估
    party_reported_on = models.DateField("报告党委日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    publish_channel = models.CharField("公布渠道", max_length=100, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    archive_ref = models.CharField("档案号", max_length=64, blank=True)
    evaluated_on = models.DateField("后评估日期", null=True, blank=True)
    evaluator = models.CharField("评估单位", max_length=100, blank=True)
    evaluation = models.TextField("评估结论", blank=True)
    dropped_reason = models.CharField("终止理由", max_length=200, blank=True)

    class Meta:
        verbose_name = "重大行政决策"
        verbose_name_plural = "重大行政决策"

    def __str__(self) -> str:
        return self.title

    def clean(self):
        rules.check_decision(self)
