import hashlib
import hmac
import json
import secrets
from datetime import UTC, timedelta

from django.contrib.auth.models import AbstractUser
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Level(models.TextChoices):
    PROVINCE = "province", "省（自治区、直辖市）"
    CITY = "city", "市（州、盟）"
    COUNTY = "county", "县（市、区）"
    TOWNSHIP = "township", "乡镇（街道）"
    VILLAGE = "village", "村（社区）"
    GRID = "grid", "网格"


# Levels whose offices supervise the ones below and keep no ledgers of their own.
ABOVE_COUNTY = (Level.PROVINCE, Level.CITY)
# Levels whose units are compared side by side: a unit's children of one of these levels.
COMPARED = (Level.CITY, Level.COUNTY, Level.TOWNSHIP)


class OrgUnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or user.org_id is None:
            return self.none()
        return self.filter(path__startswith=user.org.path)

    def townships(self):
        return self.filter(level=Level.TOWNSHIP)

    def compared_under(self, unit):
        """The units a comparison at `unit` sets side by side: its cities (a province), counties
        (a city) or townships (a county)."""
        return self.filter(parent=unit, level__in=COMPARED)


class OrgUnit(models.Model):
    """A node of the tree (province > city >) county > township > village > grid.

    `path` is the chain of codes from the root ("SFP/SFC/SFX/SFX01/"), so a subtree is one indexed
    prefix query: this is how data scope is enforced everywhere.
    """

    code = models.CharField("编码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=64)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    sort = models.PositiveIntegerField("排序", default=0)
    # A disabled unit leaves the pickers but stays on the records that name it.
    active = models.BooleanField("启用", default=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.path = (self.parent.path if self.parent else "") + self.code + "/"
        super().save(*args, **kwargs)

    @property
    def township(self):
        """The township this unit belongs to (itself for a township), None above it."""
        node = self
        while node is not None and node.level not in (Level.TOWNSHIP, Level.COUNTY, *ABOVE_COUNTY):
            node = node.parent
        return node if node is not None and node.level == Level.TOWNSHIP else None


class Department(models.Model):
    org = models.ForeignKey(
        OrgUnit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField("部门名称", max_length=64)
    head = models.CharField("负责人", max_length=32, blank=True)
    # A disabled department leaves the pickers but stays on the records that name it.
    active = models.BooleanField("启用", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["org__path", "name"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    org = models.ForeignKey(
        OrgUnit,
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    full_name = models.CharField("姓名", max_length=32, blank=True)
    title = models.CharField("职务", max_length=64, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()
        # Read by the post_save signal, which revokes the user's API tokens.
        self._password_changed = True

    @property
    def role_codes(self) -> set[str]:
        from fazhi.orgs.roles import codes_of_groups

        return codes_of_groups(self.groups.all())

    @property
    def is_administrator(self) -> bool:
        from fazhi.orgs.roles import ADMIN_ROLES

        return bool(self.role_codes & ADMIN_ROLES)


class Capability(models.Model):
    """Holds the permissions that belong to no single model (Django needs a model to hang them on)."""

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = "功能权限"
        permissions = [
            ("reveal_pii", "查看完整个人信息"),
            ("export_ledger", "导出台账"),
            ("import_ledger", "导入台账"),
            ("declare_nil", "申报本月无"),
            ("view_audit", "查看审计与登录日志"),
            ("assign_roles", "分配用户角色"),
            ("view_county", "查看各下级单位汇总与对比"),
        ]

    def __str__(self) -> str:
        return "功能权限"


class SecuritySettings(models.Model):
    """The security policy, edited by the security administrator; one row."""

    password_min_length = models.PositiveSmallIntegerField(
        "密码最小长度", default=12, validators=[MinValueValidator(8), MaxValueValidator(64)]
    )
    password_min_classes = models.PositiveSmallIntegerField(
        "密码至少包含的字符类别数",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text="大写字母、小写字母、数字、符号四类中至少包含几类",
    )
    password_expiry_days = models.PositiveSmallIntegerField(
        "密码有效期（天）", default=90, help_text="0 表示不过期"
    )
    lockout_failures = models.PositiveSmallIntegerField(
        "连续失败几次后锁定", default=5, validators=[MinValueValidator(3), MaxValueValidator(20)]
    )
    lockout_minutes = models.PositiveSmallIntegerField(
        "锁定时长（分钟）", default=30, validators=[MinValueValidator(1)]
    )
    lockout_failures_username = models.PositiveSmallIntegerField(
        "同一账号各地址合计失败几次后锁定",
        default=20,
        validators=[MinValueValidator(5), MaxValueValidator(200)],
        help_text="按“账号+地址”锁定之外的更宽限制，防止从多个地址轮流猜测密码",
    )
    idle_timeout_minutes = models.PositiveSmallIntegerField(
        "无操作自动退出（分钟）", default=30, validators=[MinValueValidator(5), MaxValueValidator(720)]
    )
    session_max_hours = models.PositiveSmallIntegerField(
        "登录会话最长时间（小时）",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
        help_text="无论是否操作，登录满这么长时间后须重新登录",
    )
    second_factor_for_all = models.BooleanField(
        "所有用户须使用动态口令",
        default=False,
        help_text="三类管理员账号始终须使用动态口令；开启后所有用户登录都须使用",
    )
    idle_account_days = models.PositiveSmallIntegerField(
        "账号多少天未使用即停用",
        default=90,
        validators=[MinValueValidator(0), MaxValueValidator(3650)],
        help_text="0 表示不自动停用；由定期维护任务执行，停用后由系统管理员重新启用",
    )

    CACHE_KEY = "fazhi:security-settings"

    class Meta:
        verbose_name = "安全设置"
        verbose_name_plural = "安全设置"

    def __str__(self) -> str:
        return "安全设置"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def current(cls) -> "SecuritySettings":
        found = cache.get(cls.CACHE_KEY)
        if found is None:
            found = cls.objects.filter(pk=1).first() or cls(pk=1)
            cache.set(cls.CACHE_KEY, found, 60)
        return found


class AuditLog(models.Model):
    """One security-relevant event. Rows are only ever appended (database triggers refuse UPDATE,
    and DELETE of anything younger than the retention floor), and each row carries an HMAC over
    its fields and the previous row's hash, so a changed, removed or inserted row breaks the chain
    (`manage.py verify_audit`)."""

    class Action(models.TextChoices):
        LOGIN = "login", "登录"
        LOGOUT = "logout", "退出"
        REVEAL = "reveal", "查看完整个人信息"
        VIEW_SENSITIVE = "view_sensitive", "查看敏感记录"
        LIST_SENSITIVE = "list_sensitive", "查看敏感台账列表"
        EXPORT = "export", "导出"
        IMPORT = "import", "导入"
        ROLLBACK = "rollback", "撤销导入批次"
        DELETE = "delete", "删除记录"
        NIL_RETURN = "nil_return", "本月无申报"
        REPORT_STEP = "report_step", "报告流程"
        ROLE_CHANGE = "role_change", "角色变更"
        PERMISSION_CHANGE = "permission_change", "权限变更"
        SETTINGS = "settings", "安全设置变更"
        PERIOD_SETTINGS = "period_settings", "期限设置变更"
        TOKEN = "token", "API令牌"
        PASSWORD = "password", "修改密码"
        ACCOUNT_CREATE = "account_create", "创建账号"
        ACCOUNT_DISABLE = "account_disable", "停用账号"
        ACCOUNT_ENABLE = "account_enable", "启用账号"
        ONE_TIME_PASSWORD = "one_time_password", "签发一次性密码"
        LOCKOUT = "lockout", "登录锁定"
        UNLOCK = "unlock", "解除登录锁定"
        TOKEN_REVOKE = "token_revoke", "撤销API令牌"
        OTP_ENROL = "otp_enrol", "绑定动态口令"
        OTP_RESET = "otp_reset", "重置动态口令"
        AUDIT_RETENTION = "audit_retention", "审计日志保留期清理"
        ORG_CHANGE = "org_change", "组织架构变更"
        HOLIDAY = "holiday", "节假日调整"
        LINE_SOURCE = "line_source", "条线系统设置"
        OTP_FAILURE = "otp_failure", "动态口令验证失败"
        DICTIONARY = "dictionary", "数据字典变更"

    class Outcome(models.TextChoices):
        SUCCESS = "success", "成功"
        FAILURE = "failure", "失败"

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    # PROTECT, not SET_NULL: nulling the user would be an UPDATE of an audit row, which the
    # database refuses; accounts are disabled, never deleted.
    user = models.ForeignKey(User, verbose_name="用户", null=True, on_delete=models.PROTECT, related_name="+")
    username = models.CharField("用户名", max_length=150)
    action = models.CharField("操作", max_length=32, choices=Action.choices, db_index=True)
    org = models.ForeignKey(
        OrgUnit, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target = models.CharField("对象", max_length=200, blank=True)
    detail = models.TextField("说明", blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    outcome = models.CharField(
        "结果", max_length=8, choices=Outcome.choices, default=Outcome.SUCCESS, db_index=True
    )
    reason = models.CharField("原因", max_length=500, blank=True)
    prev_hash = models.CharField("上一条哈希", max_length=64, blank=True, editable=False)
    hash = models.CharField("哈希", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"

    def compute_hash(self) -> str:
        return chain_hash(self)


def chain_hash(row) -> str:
    """HMAC-SHA256 over the row's fields in a fixed order and the previous row's hash (also used
    by the migration that chained the rows written before the chain existed)."""
    ip = row.ip
    if ip and ":" in ip:
        from django.utils.ipv6 import clean_ipv6_address

        ip = clean_ipv6_address(ip)
    fields = [
        row.at.astimezone(UTC).isoformat(timespec="microseconds"),
        row.user_id,
        row.username,
        row.action,
        row.org_id,
        row.target,
        row.detail,
        ip or "",
        row.outcome,
        row.reason,
        row.prev_hash,
    ]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()
    return hmac.new(audit_key(), canonical, hashlib.sha256).hexdigest()


def audit_key() -> bytes:
    """FAZHI_AUDIT_KEY when set, else a key derived from SECRET_KEY (kept out of the database, so
    someone who can write the table cannot recompute the chain after forging a row)."""
    from django.conf import settings

    configured = getattr(settings, "FAZHI_AUDIT_KEY", None)
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"fazhi-audit-chain", hashlib.sha256).digest()


# Any fixed 64-bit number: the PostgreSQL advisory lock that serialises appends to the chain.
AUDIT_CHAIN_LOCK = 7_100_410_112


def _lock_chain() -> None:
    """Serialises chain appends until the transaction ends. SQLite needs nothing: its write
    transactions are immediate (settings), so one writer at a time already holds the database."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])


def append(row: AuditLog) -> AuditLog:
    """Links `row` to the chain and inserts it, in the caller's transaction (or its own)."""
    with transaction.atomic():
        _lock_chain()
        row.prev_hash = AuditLog.objects.order_by("-id").values_list("hash", flat=True).first() or ""
        row.hash = row.compute_hash()
        row.save(force_insert=True)
    return row


def audit(
    request_or_user,
    action: str,
    *,
    target: str = "",
    detail: str = "",
    org=None,
    outcome: str = AuditLog.Outcome.SUCCESS,
    reason: str = "",
    username: str = "",
) -> AuditLog:
    """Writes one audit row; takes a request (for the user and IP) or a bare user (commands).

    Called inside the transaction of the change it records, so the row and the change are kept
    or lost together. `username` names an actor that is no user (a failed login's name)."""
    request = request_or_user if hasattr(request_or_user, "META") else None
    if request is None:
        # Signals and domain functions have no request argument; the history middleware keeps
        # the current one, which gives the address (and the user, when none was passed).
        from simple_history.models import HistoricalRecords

        current = getattr(HistoricalRecords.context, "request", None)
        if request_or_user is None or getattr(current, "user", None) == request_or_user:
            request = current
    if request_or_user is None or request is request_or_user:
        user = getattr(request, "user", None)
    else:
        user = request_or_user
    known = user if user is not None and user.is_authenticated else None
    return append(
        AuditLog(
            user=known,
            username=(username or getattr(known, "username", "") or "系统")[:150],
            action=action,
            org=org,
            target=target[:200],
            detail=detail,
            ip=request.META.get("REMOTE_ADDR") if request is not None else None,
            outcome=outcome,
            reason=reason[:500],
        )
    )


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def presented(self, raw: str):
        """The active token a client presented (its user loaded), or None."""
        return self.active().select_related("user", "user__org").filter(key_hash=ApiToken.hash(raw)).first()

    def revoke(self, reason: str) -> int:
        return self.active().update(revoked_at=timezone.now(), revoked_reason=reason[:64])


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    created_ip = models.GenericIPAddressField("签发地址", null=True, blank=True)
    last_used_ip = models.GenericIPAddressField("最近使用地址", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoked_reason = models.CharField("撤销原因", max_length=64, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API令牌"
        verbose_name_plural = "API令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} 的令牌"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return f"已撤销（{self.revoked_reason}）" if self.revoked_reason else "已撤销"
        return "有效" if self.expires_at > timezone.now() else "已过期"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user, days: int, ip: str | None = None) -> tuple[str, "ApiToken"]:
        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, key_hash=cls.hash(raw), expires_at=timezone.now() + timedelta(days=days), created_ip=ip
        )
        return raw, token
