"""The system administrator keeps the line systems and their column mappings here, and the
locally set procedure periods."""

from django import forms
from django.contrib import admin
from django.utils import timezone

from fazhi.ledger import lines
from fazhi.ledger.models import LineSource, ProcedureSetting


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


@admin.register(ProcedureSetting)
class ProcedureSettingAdmin(admin.ModelAdmin):
    list_display = ["key", "days", "note", "updated_by", "updated_at"]
    search_fields = ["key", "note"]

    def save_model(self, request, obj, form, change):
        obj.updated_by, obj.updated_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
