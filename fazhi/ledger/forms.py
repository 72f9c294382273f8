from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from fazhi.ledger.models import Record
from fazhi.orgs.models import OrgUnit


class LedgerForm(forms.ModelForm):
    """The one validation path for a record: pages, the API and imports all bind this form.

    Choices of related rows are limited to the township the record belongs to. An import passes
    `preloaded` maps (pk -> object) so that validating ten thousand rows costs no query per row.
    """

    def __init__(self, *args, org: OrgUnit, preloaded: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        self.preloaded = preloaded
        for name, field in self.fields.items():
            model_field = self._meta.model._meta.get_field(name)
            if isinstance(model_field, models.ForeignKey):
                if preloaded is not None:
                    field.to_python = _preloaded_lookup(field, preloaded[name])
                else:
                    field.queryset = related_choices(model_field, org)
            widget = field.widget
            if isinstance(model_field, models.DateField):
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
                widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 3)

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        if self.preloaded is not None:
            # The preloaded lookup has proved each related row exists within the township;
            # the model's own check would cost one query per row.
            exclude.update(self.preloaded)
        return exclude


def related_choices(model_field: models.ForeignKey, org: OrgUnit):
    related = model_field.related_model
    limit = model_field.get_limit_choices_to()
    if related is OrgUnit:
        return OrgUnit.objects.filter(path__startswith=org.path).complex_filter(limit)
    if issubclass(related, Record):
        return related.objects.filter(org=org).complex_filter(limit)
    return related.objects.complex_filter(limit)


def _preloaded_lookup(field: forms.ModelChoiceField, objects: dict):
    def to_python(value):
        if value in field.empty_values:
            return None
        try:
            return objects[str(value)]
        except KeyError:
            raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice") from None

    return to_python


def fill_defaults(ledger, values: dict) -> dict:
    """For a new record from a sheet or JSON: empty or absent values of fields that have a
    model default take the default, as the blank page form shows it pre-filled."""
    for name in ledger.fields:
        f = ledger.field(name)
        if f.has_default() and values.get(name) in (None, "") and not isinstance(f, models.BooleanField):
            default = f.get_default()
            values[name] = "" if default is None else default
    return values


@cache
def form_class(ledger) -> type[LedgerForm]:
    return forms.modelform_factory(ledger.model, form=LedgerForm, fields=ledger.fields)
