"""The county's supervision of its townships: yearly assessment schemes and their scores,
inspections with findings, and assignments (督办) with the townships' replies.

Scope follows the org tree like everything else: a county's schemes, inspections and assignments
are seen by the county and the levels above it (read-only), and by each of its townships for
what concerns that township alone."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from fazhi.ledger.fields import YEAR_RANGE
from fazhi.orgs.models import OrgUnit

POINTS = {"max_digits": 6, "decimal_places": 2}


def _ancestor_codes(org: OrgUnit) -> list[str]:
    return [c for c in org.path.split("/") if c]


class CountyScopedQuerySet(models.QuerySet):
    """Objects owned by a county (field `county`): visible to the county, the levels above it
    and its townships (whose views narrow further to their own rows)."""

    view_perm = ""

    def visible_to(self, user):
        if not user.is_authenticated or user.org_id is None:
            return self.none()
        if self.view_perm and not user.has_perm(self.view_perm):
            return self.none()
        org = user.org
        return self.filter(Q(county__path__startswith=org.path) | Q(county__code__in=_ancestor_codes(org)))


class SchemeQuerySet(CountyScopedQuerySet):
    view_perm = "supervision.view_scheme"


class Scheme(models.Model):
    """A county's assessment scheme for one year: a tree of scored items and the grade bounds."""

    class State(models.TextChoices):
        DRAFT = "draft", "编制中"
        SCORING = "scoring", "评分中（方案已冻结）"
        PUBLISHED = "published", "已公布"

    county = models.ForeignKey(
        OrgUnit, verbose_name="县（市、区）", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("考核年度", validators=YEAR_RANGE)
    title = models.CharField("方案名称", max_length=120)
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.DRAFT)
    excellent_min = models.DecimalField("优秀（不低于）", default=Decimal(90), **POINTS)
    good_min = models.DecimalField("良好（不低于）", default=Decimal(80), **POINTS)
    pass_min = models.DecimalField("合格（不低于）", default=Decimal(60), **POINTS)
    bonus_cap = models.DecimalField(
        "加分上限",
        default=Decimal(5),
        validators=[MinValueValidator(0)],
        help_text="加分项合计不超过此分值",
        **POINTS,
    )
    objection_days = models.PositiveSmallIntegerField(
        "异议期（天）", default=5, help_text="结果公布后乡镇可以提出异议的天数"
    )
    copied_from = models.ForeignKey(
        "self", verbose_name="复制自", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    frozen_at = models.DateTimeField("开始评分时间", null=True, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ["-year", "county__path"]
        constraints = [models.UniqueConstraint(fields=["county", "year"], name="scheme_one_per_year")]
        permissions = [
            ("manage_scheme", "制定考核方案、评分和公布"),
            ("self_assess", "填报考核自评、提出异议"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision:scheme", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.state == self.State.DRAFT

    def objection_until(self):
        if self.published_at is None:
            return None
        return timezone.localdate(self.published_at) + timezone.timedelta(days=self.objection_days)


class SchemeItem(models.Model):
    """One item of the tree. A leaf is scored by one method; an item with children is a heading
    whose points are the sum of its children's."""

    class Method(models.TextChoices):
        GROUP = "group", "分类（由下级项目合计）"
        INDICATOR = "indicator", "按指标自动计分"
        FACT = "fact", "按事实扣分"
        MANUAL = "manual", "县级人工评分"

    class Rule(models.TextChoices):
        THRESHOLDS = "thresholds", "分档计分"
        LINEAR = "linear", "达到目标得满分，每低一个单位扣分"

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self",
        verbose_name="上级项目",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    title = models.CharField("项目", max_length=200)
    criteria = models.TextField("评分标准", blank=True)
    points = models.DecimalField("分值", validators=[MinValueValidator(0)], **POINTS)
    method = models.CharField("计分方式", max_length=16, choices=Method.choices, default=Method.MANUAL)
    bonus = models.BooleanField("加分项", default=False)
    indicator = models.CharField("指标", max_length=80, blank=True)
    rule = models.CharField("指标计分规则", max_length=16, choices=Rule.choices, blank=True)
    # [[lowest value, points], ...]: the highest band the figure reaches earns its points.
    thresholds = models.JSONField("分档", default=list, blank=True)
    full_at = models.DecimalField("满分所需数值", null=True, blank=True, **POINTS)
    deduct_per_unit = models.DecimalField("每低一个单位扣分", null=True, blank=True, **POINTS)
    fact = models.CharField("扣分事实", max_length=80, blank=True)
    per_occurrence = models.DecimalField("每次扣分", null=True, blank=True, **POINTS)
    cap = models.DecimalField("最多扣分", null=True, blank=True, help_text="不填则以本项分值为限", **POINTS)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "考核项目"
        verbose_name_plural = "考核项目"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def level(self) -> int:
        n, node = 1, self
        while node.parent_id is not None:
            node = node.parent
            n += 1
        return n


class AssessmentQuerySet(CountyScopedQuerySet):
    view_perm = "supervision.view_scheme"

    def visible_to(self, user):
        """A township sees its own assessment only; the county and levels above see all."""
        if not user.is_authenticated or user.org_id is None or not user.has_perm(self.view_perm):
            return self.none()
        return self.filter(org__path__startswith=user.org.path)


class Assessment(models.Model):
    """One township's assessment under a scheme: its item scores, self-assessment and comment."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="assessments")
    org = models.ForeignKey(OrgUnit, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+")
    self_submitted_at = models.DateTimeField("自评提交时间", null=True, blank=True)
    self_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField("县级评语", blank=True)

    history = HistoricalRecords()
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = "乡镇考核"
        verbose_name_plural = "乡镇考核"
        ordering = ["org__path"]
        constraints = [models.UniqueConstraint(fields=["scheme", "org"], name="assessment_one_per_org")]

    def __str__(self) -> str:
        return f"{self.org} {self.scheme}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:sheet", args=[self.scheme_id, self.org.code])


class ItemScore(models.Model):
    """The points of one leaf item for one township. Automatic points and the figures behind them
    are written once, when scoring starts, and never recomputed."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(SchemeItem, on_delete=models.CASCADE, related_name="+")
    auto_points = models.DecimalField("自动得分", null=True, blank=True, **POINTS)
    # The snapshot behind the automatic points: value, numerator/denominator, occurrences.
    basis = models.JSONField("计分依据", default=dict, blank=True)
    self_points = models.DecimalField("自评得分", null=True, blank=True, **POINTS)
    self_note = models.TextField("自评说明", blank=True)
    points = models.DecimalField("县级评分", null=True, blank=True, **POINTS)
    reason = models.TextField("评分理由", blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scored_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "项目得分"
        verbose_name_plural = "项目得分"
        constraints = [models.UniqueConstraint(fields=["assessment", "item"], name="score_one_per_item")]

    def __str__(self) -> str:
        return f"{self.assessment.org} {self.item}"

    @property
    def final(self) -> Decimal | None:
        """The county's points where it set them (manual items, answered objections), else the
        automatic points."""
        return self.points if self.points is not None else self.auto_points


class Evidence(models.Model):
    """A township's supporting file for one item of its self-assessment (optional)."""

    score = models.ForeignKey(ItemScore, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("文件", upload_to="assessment/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "自评佐证材料"
        verbose_name_plural = "自评佐证材料"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Objection(models.Model):
    """A township's objection to its published result, and the county's answer."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="objections")
    item = models.ForeignKey(
        SchemeItem, verbose_name="异议项目", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField("异议内容")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField("答复", blank=True)
    upheld = models.BooleanField("异议成立", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "考核结果异议"
        verbose_name_plural = "考核结果异议"
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class InspectionQuerySet(CountyScopedQuerySet):
    view_perm = "supervision.view_inspection"


class Inspection(models.Model):
    """An inspection (督察检查) by the county of one or several townships."""

    county = models.ForeignKey(
        OrgUnit, verbose_name="县（市、区）", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("督察名称", max_length=120)
    held_on = models.DateField("督察日期")
    team = models.CharField("督察组", max_length=200, help_text="组长和成员")
    scope = models.TextField("督察内容", help_text="检查的事项和范围")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = "督察检查"
        verbose_name_plural = "督察检查"
        ordering = ["-held_on", "-id"]
        permissions = [("manage_inspection", "记录督察检查和发现的问题")]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:inspection", args=[self.pk])


class InspectionFindingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A township sees the findings about it; the county and the levels above see all."""
        if (
            not user.is_authenticated
            or user.org_id is None
            or not user.has_perm("supervision.view_inspection")
        ):
            return self.none()
        return self.filter(org__path__startswith=user.org.path)


class InspectionFinding(models.Model):
    """A finding of an inspection for one township. The township works on it in its findings
    ledger (问题整改); `finding_id` is the record there."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    org = models.ForeignKey(OrgUnit, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+")
    description = models.TextField("发现的问题")
    requirement = models.TextField("整改要求")
    due_on = models.DateField("整改时限")
    finding_id = models.PositiveBigIntegerField("问题整改台账记录", null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = InspectionFindingQuerySet.as_manager()

    class Meta:
        verbose_name = "督察发现的问题"
        verbose_name_plural = "督察发现的问题"
        ordering = ["org__path", "id"]

    def __str__(self) -> str:
        return self.description[:40]

    def get_absolute_url(self) -> str:
        return reverse("supervision:inspection", args=[self.inspection_id])


class AssignmentQuerySet(CountyScopedQuerySet):
    view_perm = "supervision.view_assignment"


class Assignment(models.Model):
    """A task the county sends to some or all of its townships (督办), with a due date and the
    kind of reply it expects."""

    class ReplyKind(models.TextChoices):
        TEXT = "text", "文字"
        FILE = "file", "文件"
        FIGURE = "figure", "数字"

    county = models.ForeignKey(
        OrgUnit, verbose_name="县（市、区）", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("任务名称", max_length=120)
    text = models.TextField("任务内容")
    due_on = models.DateField("回复期限")
    reply_kind = models.CharField("回复形式", max_length=8, choices=ReplyKind.choices, default=ReplyKind.TEXT)
    figure_label = models.CharField(
        "报送的数字", max_length=60, blank=True, help_text="回复形式为数字时：报送什么，如“排查矛盾纠纷件数”"
    )
    figure_unit = models.CharField("单位", max_length=8, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "督办任务"
        verbose_name_plural = "督办任务"
        ordering = ["-created_at", "-id"]
        permissions = [
            ("manage_assignment", "派发督办任务"),
            ("reply_assignment", "回复督办任务"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision:assignment", args=[self.pk])


class AssignmentFile(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="files")
    file = models.FileField("附件", upload_to="assignments/%Y/%m/")
    name = models.CharField("文件名", max_length=200)

    class Meta:
        verbose_name = "督办任务附件"
        verbose_name_plural = "督办任务附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class AssignmentTarget(models.Model):
    """One township's copy of a task, and its reply."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="targets")
    org = models.ForeignKey(OrgUnit, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+")
    reply_text = models.TextField("回复内容", blank=True)
    reply_file = models.FileField("回复文件", upload_to="assignments/replies/%Y/%m/", blank=True)
    reply_file_name = models.CharField("回复文件名", max_length=200, blank=True)
    reply_figure = models.DecimalField("报送数字", max_digits=14, decimal_places=2, null=True, blank=True)
    replied_at = models.DateTimeField("回复时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "督办任务回复"
        verbose_name_plural = "督办任务回复"
        ordering = ["org__path"]
        constraints = [models.UniqueConstraint(fields=["assignment", "org"], name="assignment_one_per_org")]

    def __str__(self) -> str:
        return f"{self.org} · {self.assignment}"

    def late(self, today) -> bool:
        """Replied after the due date, or still unanswered past it."""
        if self.replied_at is not None:
            return timezone.localdate(self.replied_at) > self.assignment.due_on
        return today > self.assignment.due_on
