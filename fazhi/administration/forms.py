from django import forms
from django.core.validators import RegexValidator

from fazhi.ledger import registry
from fazhi.ledger.models import LineSource, LineSystemRecord
from fazhi.orgs import roles
from fazhi.orgs.models import OrgUnit, SecuritySettings, User
from fazhi.workdays.models import DayOverride


class UnitChoiceField(forms.ModelChoiceField):
    """Org units as an indented tree (only enabled ones: a disabled unit leaves the pickers)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", OrgUnit.objects.filter(active=True).order_by("path"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        depth = obj.path.count("/") - 1
        return "　" * depth + obj.name


def _bootstrap(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class StyledModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class ChildUnitForm(StyledForm):
    code = forms.CharField(
        label="编码",
        max_length=32,
        validators=[RegexValidator(r"^[A-Za-z0-9_-]+$", "编码只能由字母、数字、下划线和短横线组成")],
        help_text="全系统唯一，建议沿用上级编码加两位序号",
    )
    name = forms.CharField(label="名称", max_length=64)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if OrgUnit.objects.filter(code=code).exists():
            raise forms.ValidationError(f"编码“{code}”已被其他单位使用")
        return code


class RenameForm(StyledForm):
    name = forms.CharField(label="新名称", max_length=64)


def parent_levels(level: str) -> list[str]:
    from fazhi.administration.orgtree import LEVELS

    index = LEVELS.index(level)
    return [LEVELS[index - 1]] if index else []


class MoveForm(StyledForm):
    parent = UnitChoiceField(label="移到哪个单位之下", empty_label="请选择新的上级单位")

    def __init__(self, *args, unit: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer the units one level up outside the unit's own subtree; a posted other choice is
        # still checked (and refused with its reason) by orgtree.move.
        if not self.is_bound:
            self.fields["parent"].queryset = (
                OrgUnit.objects.filter(active=True, level__in=parent_levels(unit.level))
                .exclude(path__startswith=unit.path)
                .order_by("path")
            )


class DisableForm(StyledForm):
    reason = forms.CharField(label="停用原因", max_length=200, help_text="如：撤并到某村")


class AccountForm(StyledModelForm):
    org = UnitChoiceField(label="所属单位")

    class Meta:
        model = User
        fields = ["username", "full_name", "title", "org", "email"]
        help_texts = {"username": "登录用的账号名：字母、数字和 @/./+/-/_，150 个字符以内"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        instance = self.instance
        if instance.pk and instance.org_id and not instance.org.active:
            # An account of a disabled unit keeps its unit until someone moves it.
            self.fields["org"].queryset = OrgUnit.objects.filter(pk=instance.org_id) | OrgUnit.objects.filter(
                active=True
            )


STATUS_CHOICES = [("", "全部状态"), ("active", "在用"), ("disabled", "已停用"), ("must_change", "须修改密码")]


class UserFilterForm(StyledForm):
    org = UnitChoiceField(label="单位", required=False, empty_label="全部单位")
    role = forms.ChoiceField(label="角色", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_CHOICES)
    q = forms.CharField(label="搜索", required=False, max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = OrgUnit.objects.order_by("path")
        self.fields["role"].choices = [("", "全部角色"), ("none", "未分配角色")] + [
            (r.code, r.name) for r in roles.ROLES
        ]
        self.fields["q"].widget.attrs["placeholder"] = "账号或姓名"


class RoleAssignForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="角色",
        required=False,
        choices=[(r.code, f"{r.name}：{r.description}") for r in roles.ROLES],
        widget=forms.CheckboxSelectMultiple,
    )


def line_ledgers() -> list[registry.Ledger]:
    return [lg for lg in registry.all_ledgers() if issubclass(lg.model, LineSystemRecord)]


class LineSourceForm(StyledModelForm):
    ledger = forms.ChoiceField(label="对应台账")

    class Meta:
        model = LineSource
        fields = ["name", "code", "ledger", "key_column", "active"]
        help_texts = {"code": "字母、数字、短横线，导入地址中使用，如 zhjz"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ledger"].choices = [("", "请选择")] + [(lg.code, lg.title) for lg in line_ledgers()]
        self.fields["ledger"].widget.attrs["class"] = "form-select"


class PeriodForm(StyledForm):
    days = forms.IntegerField(label="天数", min_value=1, max_value=3650)
    note = forms.CharField(
        label="依据（本地规定）", max_length=200, required=False, help_text="如：某省某规定第几条"
    )


class SecuritySettingsForm(StyledModelForm):
    class Meta:
        model = SecuritySettings
        fields = [
            "password_min_length",
            "password_min_classes",
            "password_expiry_days",
            "lockout_failures",
            "lockout_minutes",
            "lockout_failures_username",
            "idle_timeout_minutes",
            "session_max_hours",
            "second_factor_for_all",
            "idle_account_days",
        ]


class DayOverrideForm(StyledModelForm):
    class Meta:
        model = DayOverride
        fields = ["date", "is_workday", "name", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def department_units():
    from fazhi.administration.departments import LEVELS

    return OrgUnit.objects.filter(active=True, level__in=LEVELS).order_by("path")


class DepartmentForm(StyledForm):
    org = UnitChoiceField(label="所属单位", empty_label="请选择乡镇（街道）或县级单位")
    name = forms.CharField(label="部门名称", max_length=64, help_text="如：党政办、司法所、综合行政执法大队")
    head = forms.CharField(label="负责人", max_length=32, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = department_units()


class DepartmentEditForm(StyledForm):
    name = forms.CharField(label="部门名称", max_length=64)
    head = forms.CharField(label="负责人", max_length=32, required=False)


DEPARTMENT_STATUS = [("", "全部状态"), ("active", "在用"), ("disabled", "已停用")]


class DepartmentFilterForm(StyledForm):
    org = UnitChoiceField(label="单位", required=False, empty_label="全部单位")
    status = forms.ChoiceField(label="状态", required=False, choices=DEPARTMENT_STATUS)
    q = forms.CharField(label="搜索", required=False, max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from fazhi.administration.departments import LEVELS

        self.fields["org"].queryset = OrgUnit.objects.filter(level__in=LEVELS).order_by("path")
        self.fields["q"].widget.attrs["placeholder"] = "部门名称或负责人"
