"""The maintenance runs in the Django admin: what each run did, and a way to start one now
(the run is queued for the background worker, which answers within a second or two)."""

from django import forms
from django.contrib import admin

from fazhi.lib import maintenance as registry
from fazhi.ops import maintenance
from fazhi.ops.models import MaintenanceRun


class StartRunForm(forms.ModelForm):
    only = forms.ChoiceField(label="仅运行步骤", required=False)

    class Meta:
        model = MaintenanceRun
        fields = ["only"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["only"].choices = [("", "全部步骤")] + [
            (s.name, s.label) for s in registry.STEPS.values()
        ]


@admin.register(MaintenanceRun)
class MaintenanceRunAdmin(admin.ModelAdmin):
    list_display = ["created_at", "trigger", "status", "only", "requested_by", "finished_at", "summary"]
    list_filter = ["status", "trigger"]
    readonly_fields = [
        "trigger",
        "status",
        "only",
        "requested_by",
        "created_at",
        "started_at",
        "finished_at",
        "summary",
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = StartRunForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["only"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    @admin.display(description="结果")
    def summary(self, obj):
        return obj.summary or "—"

    def save_model(self, request, obj, form, change):
        queued = maintenance.enqueue(form.cleaned_data["only"], user=request.user)
        obj.pk = queued.pk
        obj.refresh_from_db()

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
