"""The system administrator keeps the line systems and their column mappings here, and the
locally set procedure periods."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from fazhi.ledger import lines, procedures
from fazhi.ledger.models import LineSource, ProcedureSetting
from fazhi.orgs.models import AuditLog, audit


class LineSourceForm(forms.ModelForm):
    class Meta:
        model = LineSource
        fields = ["code", "name", "ledger", "key_column", "mapping", "active"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            probe = LineSource(**{k: cleaned.get(k) for k in ("ledger", "mapping", "key_column")})
            for problem in lines.check_mapping(probe):
                self.add_error("mapping", problem)
        return cleaned


@admin.register(LineSource)
class LineSourceAdmin(admin.ModelAdmin):
    form = LineSourceForm
    list_display = ["name", "code", "ledger", "key_column", "active"]
    list_filter = ["active"]

    def has_delete_permission(self, request, obj=None):
        # Imported records point at their batches, and batches at their source: deactivate instead.
        return False


def _period_choices():
    return [
        (
            p.key,
            f"{p.label}（默认 {p.days} {'个工作日' if p.working else '日'}{'；' + p.source if p.source else ''}）",
        )
        for p in procedures.all_periods()
        if p.configurable
    ]


def _declared(key: str):
    return next((p for p in procedures.all_periods() if p.key == key), None)


class ProcedureSettingForm(forms.ModelForm):
    key = forms.ChoiceField(label="期限", choices=_period_choices)

    class Meta:
        model = ProcedureSetting
        fields = ["key", "days", "note"]


@admin.register(ProcedureSetting)
class ProcedureSettingAdmin(SimpleHistoryAdmin):
    """Provincial or county rules that set a period differently from domain.md's default."""

    form = ProcedureSettingForm
    list_display = ["label", "days", "default", "note", "updated_by", "updated_at"]
    search_fields = ["key", "note"]

    @admin.display(description="期限")
    def label(self, obj):
        found = _declared(obj.key)
        return found.label if found else obj.key

    @admin.display(description="默认天数")
    def default(self, obj):
        found = _declared(obj.key)
        return found.days if found else "—"

    def save_model(self, request, obj, form, change):
        obj.updated_by, obj.updated_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
        found = _declared(obj.key)
        audit(
            request,
            AuditLog.Action.PERIOD_SETTINGS,
            target=f"期限设置：{found.label if found else obj.key}",
            detail=f"{'修改' if change else '新增'}：{obj.days} 天"
            + (f"（依据：{obj.note}）" if obj.note else ""),
        )

    def delete_model(self, request, obj):
        found = _declared(obj.key)
        super().delete_model(request, obj)
        audit(
            request,
            AuditLog.Action.PERIOD_SETTINGS,
            target=f"期限设置：{found.label if found else obj.key}",
            detail="删除，恢复默认天数",
        )
