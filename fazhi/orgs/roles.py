"""Roles as data. `sync_roles` turns them into Django groups with permissions.

The three administrator roles are kept apart (等保 separation of duties): the system
administrator manages users and the org tree but cannot grant roles; the security administrator
grants roles and sets the security policy but enters no data; the audit administrator only reads
the audit and login logs. None of them sees ledger data.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation

# Markers expanded by sync_roles into the permissions of every registered ledger model.
LEDGER_VIEW = "@ledger.view"
LEDGER_WRITE = "@ledger.write"
# The same for ledgers declared `sensitive = True` (community correction): granted only to the
# roles that need them, by these markers, never through the two above.
SENSITIVE_VIEW = "@ledger.sensitive.view"
SENSITIVE_WRITE = "@ledger.sensitive.write"
# The annual report: the 党政办 drafts and submits, the 司法所 checks, the leader signs off.
REPORT_VIEW = ["reports.view_report"]
# The county receives the townships' reports: accepts (and so publishes) or returns them.
REPORT_RECEIVE = ["reports.receive_report"]
# The county's own report (drafted from its townships' figures, signed off, submitted upward):
# one permission for its steps, so that holding it never lets anyone act on a township's report.
REPORT_COUNTY_OWN = ["reports.compile_county_report"]
REPORT_WRITE = ["reports.view_report", "reports.add_report", "reports.change_report", "reports.submit_report"]
REPORT_LEAD = ["reports.view_report", "reports.sign_off_report", "reports.secrecy_report"]
# The county's supervision: assessment, inspections, assignments (督办).
SUPERVISION_VIEW = ["supervision.view_scheme", "supervision.view_inspection", "supervision.view_assignment"]
SUPERVISION_COUNTY = [
    *SUPERVISION_VIEW,
    "supervision.manage_scheme",
    "supervision.manage_inspection",
    "supervision.manage_assignment",
]
# Offices above the county (依法治市办, 依法治省办) read what the counties and townships below
# them keep: the ledgers (not the sensitive ones), figures and comparison, assessment results and
# the reports submitted upward. They act on nothing.
SUPERVISION_ABOVE = [LEDGER_VIEW, "orgs.view_county", *REPORT_VIEW, *SUPERVISION_VIEW]
SUPERVISION_TOWNSHIP = [*SUPERVISION_VIEW, "supervision.self_assess", "supervision.reply_assignment"]


@dataclass(frozen=True)
class Role:
    code: str
    name: str
    description: str
    permissions: list[str] = field(default_factory=list)
    # A read-only role writes nothing anywhere: every POST/PUT/PATCH/DELETE of its holders, on
    # pages and the API, is refused (fazhi/orgs/readonly.py), whatever its permissions say.
    read_only: bool = False


ROLES = [
    Role(
        "sysadmin",
        "系统管理员",
        "管理用户账号与组织架构，不能分配角色，不接触台账数据",
        [
            "orgs.view_user",
            "orgs.add_user",
            "orgs.change_user",
            "orgs.view_orgunit",
            "orgs.add_orgunit",
            "orgs.change_orgunit",
            "orgs.view_department",
            "orgs.add_department",
            "orgs.change_department",
            "orgs.delete_department",
            "workdays.view_dayoverride",
            "workdays.add_dayoverride",
            "workdays.change_dayoverride",
            "workdays.delete_dayoverride",
            # Line systems and their column mappings; the imported records stay out of reach.
            "ledger.view_linesource",
            "ledger.add_linesource",
            "ledger.change_linesource",
            # Locally set procedure periods (期限设置).
            "ledger.view_proceduresetting",
            "ledger.add_proceduresetting",
            "ledger.change_proceduresetting",
            "ledger.delete_proceduresetting",
            # The maintenance run: read what it did, start one now.
            "ops.view_maintenancerun",
            "ops.add_maintenancerun",
            # Dictionaries of local categories (kinds of dispute, of venue, ...).
            "dicts.view_entry",
            "dicts.change_entry",
        ],
    ),
    Role(
        "secadmin",
        "安全管理员",
        "分配角色与权限、设置安全策略，不录入数据",
        [
            "orgs.view_user",
            "orgs.assign_roles",
            # Groups are the catalogue below, synced from code: readable, never edited by hand.
            "auth.view_group",
            "auth.view_permission",
            "orgs.view_securitysettings",
            "orgs.change_securitysettings",
        ],
    ),
    Role(
        "auditadmin",
        "审计管理员",
        "查阅审计日志与登录日志，不能修改任何内容",
        [
            "orgs.view_audit",
            "orgs.view_auditlog",
            "axes.view_accesslog",
            "axes.view_accessfailurelog",
            "axes.view_accessattempt",
        ],
    ),
    Role(
        "county",
        "县级督导",
        "查看全县各乡镇台账与汇总（只读）；接收或退回乡镇年度报告，起草、签发和报送本县年度报告；制定考核方案并评分，记录督察检查，派发督办任务",
        [
            LEDGER_VIEW,
            "orgs.view_county",
            "orgs.export_ledger",
            *REPORT_VIEW,
            *REPORT_RECEIVE,
            *REPORT_COUNTY_OWN,
            *SUPERVISION_COUNTY,
        ],
    ),
    Role(
        "city",
        "市级督导",
        "依法治市办：查看本市各县（市、区）及其乡镇的指标对比、考核结果、已报送和公开的年度报告与台账（只读，不能作任何修改）",
        SUPERVISION_ABOVE,
        read_only=True,
    ),
    Role(
        "province",
        "省级督导",
        "依法治省办：查看本省各市、县（市、区）及其乡镇的指标对比、考核结果、已报送和公开的年度报告与台账（只读，不能作任何修改）",
        SUPERVISION_ABOVE,
        read_only=True,
    ),
    Role(
        "clerk",
        "台账填报员",
        "录入、导入、导出本乡镇台账，申报本月无",
        [
            LEDGER_VIEW,
            LEDGER_WRITE,
            "orgs.import_ledger",
            "orgs.export_ledger",
            "orgs.declare_nil",
            *REPORT_WRITE,
            *SUPERVISION_TOWNSHIP,
        ],
    ),
    Role(
        "reviewer",
        "司法所审核员",
        "司法所工作人员：录入与审核本乡镇台账（含社区矫正等敏感台账），可查看完整个人信息",
        [
            LEDGER_VIEW,
            LEDGER_WRITE,
            SENSITIVE_VIEW,
            SENSITIVE_WRITE,
            "orgs.import_ledger",
            "orgs.export_ledger",
            "orgs.declare_nil",
            "orgs.reveal_pii",
            *REPORT_WRITE,
            "reports.check_report",
            "reports.secrecy_report",
            *SUPERVISION_TOWNSHIP,
        ],
    ),
    Role(
        "leader",
        "乡镇领导",
        "查看本乡镇全部台账（含敏感台账）与汇总，签发报告",
        [
            LEDGER_VIEW,
            SENSITIVE_VIEW,
            "orgs.export_ledger",
            "orgs.reveal_pii",
            *REPORT_LEAD,
            *SUPERVISION_VIEW,
        ],
    ),
]

ROLE_BY_CODE = {r.code: r for r in ROLES}
ROLE_BY_NAME = {r.name: r for r in ROLES}
# 三权分立: each administrator role excludes the other two and every business role.
ADMIN_ROLES = frozenset({"sysadmin", "secadmin", "auditadmin"})


def codes_of_groups(groups) -> set[str]:
    """Role codes of the given groups; a group outside the catalogue has none."""
    return {ROLE_BY_NAME[g.name].code for g in groups if g.name in ROLE_BY_NAME}


READ_ONLY_ROLES = frozenset(r.code for r in ROLES if r.read_only)


def is_read_only(user) -> bool:
    """Whether every role the user holds is read-only (a user with no role writes nothing either,
    but is refused by the permissions of each view, with their own reasons)."""
    codes = user.role_codes
    return bool(codes) and codes <= READ_ONLY_ROLES


def conflicts(codes: set[str]) -> list[str]:
    """Why a combination of roles may not be held by one person (Chinese), or [] when it may."""
    admin = sorted(codes & ADMIN_ROLES, key=list(ROLE_BY_CODE).index)
    business = sorted(codes - ADMIN_ROLES, key=list(ROLE_BY_CODE).index)
    problems = []
    if len(admin) > 1:
        names = "、".join(ROLE_BY_CODE[c].name for c in admin)
        problems.append(f"{names}互斥（三权分立），同一账号只能担任其中一个")
    if admin and business:
        problems.append(
            f"{ROLE_BY_CODE[admin[0]].name}不能同时担任业务角色（"
            + "、".join(ROLE_BY_CODE[c].name for c in business)
            + "），管理员不接触台账数据"
        )
    read_only = sorted(codes & READ_ONLY_ROLES, key=list(ROLE_BY_CODE).index)
    writing = sorted(codes - READ_ONLY_ROLES - ADMIN_ROLES, key=list(ROLE_BY_CODE).index)
    if read_only and writing:
        problems.append(
            f"{ROLE_BY_CODE[read_only[0]].name}是只读角色，不能同时担任"
            + "、".join(ROLE_BY_CODE[c].name for c in writing)
        )
    return problems


# marker: (for sensitive ledgers?, the model permissions it stands for)
MARKERS = {
    LEDGER_VIEW: (False, ["view"]),
    LEDGER_WRITE: (False, ["add", "change", "delete"]),
    SENSITIVE_VIEW: (True, ["view"]),
    SENSITIVE_WRITE: (True, ["add", "change", "delete"]),
}


def _resolve(codes: list[str]):
    from django.contrib.auth.models import Permission

    from fazhi.ledger import registry

    wanted: set[tuple[str, str]] = set()
    for code in codes:
        if code in MARKERS:
            sensitive, actions = MARKERS[code]
            for ledger in registry.all_ledgers():
                if ledger.sensitive != sensitive:
                    continue  # sensitive ledgers come only with the sensitive markers
                wanted.update((ledger.opts.app_label, f"{a}_{ledger.opts.model_name}") for a in actions)
        else:
            app, codename = code.split(".", 1)
            wanted.add((app, codename))
    perms = Permission.objects.select_related("content_type").filter(codename__in={c for _, c in wanted})
    return [p for p in perms if (p.content_type.app_label, p.codename) in wanted]


def sync() -> None:
    """Creates or updates one group per role with exactly the role's permissions."""
    from django.contrib.auth.models import Group

    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.name)
        group.permissions.set(_resolve(role.permissions))


def group_for(code: str):
    from django.contrib.auth.models import Group

    return Group.objects.get(name=ROLE_BY_CODE[code].name)


def holders(permission: str) -> list[str]:
    """Chinese names of the roles holding `permission` ("app.codename"), markers expanded, in
    catalogue order: the answer to "who takes this step"."""
    from fazhi.ledger import registry

    app_label, codename = permission.split(".", 1)
    action, _, model_name = codename.partition("_")
    ledger = next(
        (
            lg
            for lg in registry.all_ledgers()
            if lg.opts.app_label == app_label and lg.opts.model_name == model_name
        ),
        None,
    )
    markers = (
        {
            m
            for m, (sensitive, actions) in MARKERS.items()
            if sensitive == ledger.sensitive and action in actions
        }
        if ledger is not None
        else set()
    )
    return [r.name for r in ROLES if permission in r.permissions or markers & set(r.permissions)]


@dataclass(frozen=True)
class NextStep:
    """What happens next in a workflow and which roles take it."""

    label: str
    roles: tuple[str, ...] = ()

    @classmethod
    def of(cls, label: str, *permissions: str) -> "NextStep":
        names = dict.fromkeys(n for p in permissions for n in holders(p))
        return cls(label, tuple(names))

    def __str__(self) -> str:
        return f"{self.label}（{'、'.join(self.roles)}）" if self.roles else self.label


_PERMISSION_VERBS = {"view": "查看", "add": "新增", "change": "修改", "delete": "删除"}
# Models of libraries that ship no Chinese names.
_MODEL_NAMES = {
    "auth.group": "角色",
    "auth.permission": "权限",
    "axes.accessattempt": "登录尝试",
    "axes.accessattemptexpiration": "登录尝试有效期",
    "axes.accessfailurelog": "登录失败记录",
    "axes.accesslog": "登录记录",
}


def permission_label(permission) -> str:
    """A permission as users read it ("查看社区矫正对象"), never its code name."""
    verb, _, _ = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if (
        verb in _PERMISSION_VERBS
        and model is not None
        and permission.codename == f"{verb}_{model._meta.model_name}"
    ):
        # In the site's language whatever is active: an audit row written by a command keeps
        # the name it was given.
        with translation.override(settings.LANGUAGE_CODE):
            name = str(_MODEL_NAMES.get(model._meta.label_lower, model._meta.verbose_name))
        return f"{_PERMISSION_VERBS[verb]}{name}"
    return permission.name
