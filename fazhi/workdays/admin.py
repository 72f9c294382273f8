from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from fazhi.workdays.models import DayOverride


@admin.register(DayOverride)
class DayOverrideAdmin(SimpleHistoryAdmin):
    list_display = ["date", "weekday", "is_workday", "name", "note", "created_by", "created_at"]
    list_filter = ["is_workday", "name"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
    ordering = ["-date"]

    @admin.display(description="星期")
    def weekday(self, obj: DayOverride) -> str:
        return "一二三四五六日"[obj.date.weekday()]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
