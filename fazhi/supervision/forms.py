from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from fazhi.indicators import registry as indicators
from fazhi.supervision import facts, scoring
from fazhi.supervision.models import Assignment, Inspection, Scheme, SchemeItem


class BootstrapMixin:
    def _style(self):
        for f in self.fields.values():
            widget = f.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class NewSchemeForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label="考核年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="方案名称", max_length=120)
    copy_from = forms.ModelChoiceField(
        label="复制方案", queryset=Scheme.objects.none(), required=False, empty_label="不复制，从空白开始"
    )

    def __init__(self, *args, schemes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schemes is not None:
            self.fields["copy_from"].queryset = schemes
        self._style()


class SchemeSettingsForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Scheme
        fields = ["title", "excellent_min", "good_min", "pass_min", "bonus_cap", "objection_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self):
        data = super().clean()
        e, g, p = data.get("excellent_min"), data.get("good_min"), data.get("pass_min")
        if None not in (e, g, p) and not (e > g > p):
            raise ValidationError("等次分数线应为：优秀 > 良好 > 合格")
        return data


def _parse_bands(text: str) -> list[list]:
    """ "100:10, 90:8" → [[100, 10], [90, 8]] (full-width colons and commas accepted)."""
    bands = []
    for part in text.replace("，", ",").replace("；", ",").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        low, sep, pts = part.replace("：", ":").partition(":")
        try:
            if not sep:
                raise InvalidOperation
            bands.append([float(Decimal(low.strip())), float(Decimal(pts.strip()))])
        except InvalidOperation:
            raise ValidationError(f"分档“{part}”应写成“数值:得分”，如 100:10") from None
    return bands


class SchemeItemForm(BootstrapMixin, forms.ModelForm):
    indicator = forms.ChoiceField(label="指标", required=False)
    fact = forms.ChoiceField(label="扣分事实", required=False)
    bands = forms.CharField(
        label="分档",
        required=False,
        help_text="按指标分档计分时填写，“数值:得分”，逗号分隔，如 100:10, 90:8, 80:5（达到的最高一档得分）",
    )

    class Meta:
        model = SchemeItem
        fields = [
            "parent",
            "order",
            "title",
            "criteria",
            "points",
            "method",
            "bonus",
            "indicator",
            "rule",
            "bands",
            "full_at",
            "deduct_per_unit",
            "fact",
            "per_occurrence",
            "cap",
        ]
        widgets = {"criteria": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.scheme = scheme
        below = [it.pk for it, _, level in scoring.tree(scheme) if level < scoring.MAX_LEVEL]
        parents = scheme.items.filter(pk__in=below)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = "（一级项目）"
        self.fields["indicator"].choices = [("", "—")] + [
            (i.code, f"{i.name}（{i.unit}）") for i in indicators.all_indicators() if not i.above_township
        ]
        self.fields["fact"].choices = [("", "—"), *facts.choices()]
        if self.instance.thresholds:
            self.initial["bands"] = ", ".join(f"{low:g}:{pts:g}" for low, pts in self.instance.thresholds)
        self._style()

    def clean_bands(self):
        return _parse_bands(self.cleaned_data.get("bands") or "")

    def clean(self):
        data = super().clean()
        self.instance.thresholds = data.get("bands") or []
        return data

    def _post_clean(self):
        super()._post_clean()
        try:
            scoring.check_item(self.instance)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                name = "bands" if name == "thresholds" else name
                for m in messages:
                    self.add_error(name if name in self.fields else None, m)


class InspectionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Inspection
        fields = ["title", "held_on", "team", "scope"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "scope": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class AssignmentForm(BootstrapMixin, forms.ModelForm):
    townships = forms.MultipleChoiceField(label="派发给", widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Assignment
        fields = ["title", "text", "due_on", "reply_kind", "figure_label", "figure_unit"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "text": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, townships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["townships"].choices = [(t.code, t.name) for t in townships]
        self.fields["townships"].initial = [t.code for t in townships]  # all, unless narrowed
        self._style()
        self.fields["townships"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        if data.get("reply_kind") == Assignment.ReplyKind.FIGURE and not data.get("figure_label"):
            self.add_error("figure_label", "回复形式为数字时，请写明报送什么数字")
        return data
