import datetime as dt
from decimal import Decimal
from functools import cache

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models

from fazhi.dicts import store
from fazhi.dicts.fields import DictField
from fazhi.ledger.fields import EncryptedCharField
from fazhi.ledger.models import Record
from fazhi.lib.masking import mask
from fazhi.orgs.models import Department, OrgUnit

# Rows the system administrator can disable: they leave the pickers, stay on old records.
DISABLEABLE = (OrgUnit, Department)
# The empty option of a select, instead of Django's dashes.
CHOOSE = "请选择"
PERSONAL_HELP = "为保护个人信息仅显示脱敏值；不修改则保持原值，输入新值即替换。"


class LedgerForm(forms.ModelForm):
    """The one validation path for a record: pages, the API and imports all bind this form.

    Choices of related rows are limited to the township the record belongs to. An import passes
    `preloaded` maps (pk -> object) so that validating ten thousand rows costs no query per row.
    """

    def __init__(self, *args, org: OrgUnit, preloaded: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        self.preloaded = preloaded
        if getattr(self.instance, "org_id", False) is None and org is not None:
            # A new record belongs to the writer's township: constraints naming org (one
            # catalogue per township and year) are checked here, not left to the database.
            self.instance.org = org
        for name, field in self.fields.items():
            model_field = self._meta.model._meta.get_field(name)
            if isinstance(model_field, models.ForeignKey):
                if preloaded is not None:
                    field.to_python = _preloaded_lookup(field, preloaded[name])
                else:
                    field.queryset = related_choices(model_field, org)
                    if model_field.related_model in DISABLEABLE:
                        # A disabled unit or department leaves the picker but stays on the
                        # record that names it.
                        current = getattr(self.instance, model_field.attname, None)
                        field.queryset = field.queryset.filter(models.Q(active=True) | models.Q(pk=current))
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
            if isinstance(model_field, EncryptedCharField):
                self._mask_initial(name, model_field)
            if isinstance(model_field, DictField):
                self._offer_entries(name, model_field)
            elif isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
                field.empty_label = CHOOSE
            elif isinstance(field, forms.ChoiceField) and preloaded is None:
                field.choices = [(v, CHOOSE if v == "" else label) for v, label in field.choices]
            if preloaded is not None and isinstance(field, forms.ChoiceField):
                # One import validates every row against the choices of its start: a dictionary's
                # callable choices would otherwise be read and normalised again for each row.
                field.choices = list(field.choices)

    def _offer_entries(self, name: str, model_field: DictField) -> None:
        # The page offers the enabled entries, plus a disabled one the record already holds.
        current = getattr(self.instance, name, "") if self.instance is not None else ""
        offered = store.offered(model_field.dictionary)
        kept = store.find(model_field.dictionary, current) if current else None
        if kept is not None and not kept.active:
            offered = [*offered, (kept.code, f"{kept.label}（已停用）")]
        field = self.fields[name]
        blank = [("", CHOOSE)] if any(c[0] == "" for c in field.choices) else []
        field.widget.choices = [*blank, *offered]

    def _mask_initial(self, name: str, model_field: EncryptedCharField) -> None:
        # Personal identifiers are write-only: the page shows the masked value, never the
        # decrypted one (revealing stays a separate, audited action).
        current = getattr(self.instance, name, "") if self.instance is not None else ""
        if current:
            self.initial[name] = mask(current, model_field.pii)
            field = self.fields[name]
            field.help_text = " ".join(filter(None, [str(field.help_text or ""), PERSONAL_HELP]))
            field.widget.attrs["autocomplete"] = "off"

    def _fields_of(self, kind: type) -> list[tuple[str, models.Field]]:
        """This form's fields whose model field is a `kind` (listed once per form: an import
        validates every row with one form)."""
        kinds = self.__dict__.setdefault("_kinds", {})
        found = kinds.get(kind)
        if found is None:
            get = self._meta.model._meta.get_field
            found = kinds[kind] = [(n, get(n)) for n in self.fields if isinstance(get(n), kind)]
        return found

    def clean(self):
        cleaned = super().clean()
        for name, model_field in self._fields_of(DictField):
            self._refuse_disabled(name, model_field, cleaned.get(name))
        # The masked value coming back (an untouched edit field, an API client sending back
        # what it read, a re-imported export) means "unchanged".
        for name, model_field in self._fields_of(EncryptedCharField):
            if self.instance is None:
                continue
            current = getattr(self.instance, name, "")
            if current and cleaned.get(name) == mask(current, model_field.pii):
                cleaned[name] = current
        return cleaned

    def _refuse_disabled(self, name: str, model_field: DictField, value) -> None:
        stored = getattr(self.instance, name, None) if self.instance.pk is not None else None
        if not value or value == stored:
            return  # unchanged: a disabled entry stays on the records that have it
        entry = store.find(model_field.dictionary, value)
        if entry is not None and not entry.active:
            self.add_error(
                name,
                f"“{entry.label}”已停用，只保留在原有记录上，请选用“{model_field.verbose_name}”的其他选项",
            )

    def rebind(self, data: dict, instance) -> "LedgerForm":
        """Validates another row with this same form. Building a form (copying every field and
        its widget) costs more than validating a row, so an import builds one and rebinds it."""
        self.data, self.instance, self.is_bound = data, instance, True
        self._errors = None
        self._bound_fields_cache = {}
        return self

    def _clean_fields(self):
        if self.preloaded is None:
            return super()._clean_fields()
        # An import binds values already read from cells (dates, 是/否 as booleans, codes), not
        # a browser's POST: each field's own clean() runs on them directly, without the bound
        # field and widget a page needs to read its request (most of the cost of a row).
        # A field whose cleaning depends on the value alone is cleaned once per distinct value
        # (a sheet repeats its dates, categories, villages and 是/否): the same field.clean, its
        # result kept for the rows that follow. Of a text column, mostly distinct, only the empty
        # value is kept (a column the sheet lacks is empty on every row).
        plan = self.__dict__.get("_clean_plan")
        if plan is None:
            plan = self._clean_plan = [
                (
                    name,
                    field,
                    {},
                    isinstance(field, forms.CharField),
                    field.widget.value_from_datadict
                    if isinstance(field.widget, forms.CheckboxInput)
                    else None,
                )
                for name, field in self.fields.items()
            ]
        data, cleaned = self.data, self.cleaned_data
        for name, field, memo, text, from_data in plan:
            value = data.get(name) if from_data is None else from_data(data, None, name)
            try:
                cleaned[name] = _memoised(None if text and value else memo, field.clean, value)
            except ValidationError as e:
                self.add_error(name, e)
        return None

    def _post_clean_import(self):
        """ModelForm._post_clean for an import's rows: the same steps (the instance built from
        the cleaned values, the model's full_clean, the unique checks), with the model fields to
        copy listed once per form instead of Django building a bound field per field and row to
        ask whether its value was omitted."""
        exclude = self._get_validation_exclusions()
        try:
            self._construct_instance()
        except ValidationError as e:
            self._update_errors(e)
        try:
            self._full_clean_instance(exclude)
        except ValidationError as e:
            self._update_errors(e)
        if self._validate_unique:
            self.validate_unique()

    def _full_clean_instance(self, exclude: set) -> None:
        """`instance.full_clean(exclude=exclude, validate_unique=False)`, with each model field
        cleaned once per distinct value as in _clean_fields (the same Field.clean; Django's
        clean_fields, clean and validate_constraints steps in Django's order). A model that
        overrides full_clean or clean_fields gets its own."""
        instance = self.instance
        model = type(instance)
        if (
            model.full_clean is not models.Model.full_clean
            or model.clean_fields is not models.Model.clean_fields
        ):
            instance.full_clean(exclude=exclude, validate_unique=False)
            return
        plan = self.__dict__.get("_model_plan")
        if plan is None:
            # Fields every row excludes (_get_validation_exclusions, run first) are left out.
            always = self._exclusion_plan[0]
            plan = self._model_plan = [
                (
                    f.name,
                    f.attname,
                    f.clean,
                    f.empty_values if f.blank else (),
                    {}
                    if not f.is_relation
                    and (f.choices or not isinstance(f, models.CharField | models.TextField))
                    else None,
                )
                for f in model._meta.fields
                if not f.generated and f.name not in always
            ]
        errors: dict = {}
        failed: dict = {}
        for name, attname, clean, blank_values, memo in plan:
            if name in exclude:
                continue
            raw_value = getattr(instance, attname)
            if raw_value in blank_values or isinstance(raw_value, models.expressions.DatabaseDefault):
                continue
            try:
                setattr(instance, attname, _memoised(memo, clean, raw_value, instance))
            except ValidationError as e:
                failed[name] = e.error_list
        if failed:
            errors = ValidationError(failed).update_error_dict(errors)
        try:
            instance.clean()
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        exclude = exclude | {name for name in errors if name != NON_FIELD_ERRORS}
        try:
            instance.validate_constraints(exclude=exclude)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _construct_instance(self) -> None:
        """django.forms.models.construct_instance, with its per-field decisions made once."""
        writers = self.__dict__.get("_writers")
        if writers is None:
            opts, names = self.instance._meta, self._meta.fields
            writers = self._writers = [
                (
                    f,
                    f.name,
                    # Whether the field keeps its default when absent from the data (checkboxes
                    # are never absent): the widget's test and the empty values, else None.
                    (
                        self.fields[f.name].widget.value_omitted_from_data,
                        self.add_prefix(f.name),
                        self.fields[f.name].empty_values,
                    )
                    if f.has_default()
                    else None,
                    isinstance(f, models.FileField),
                )
                for f in opts.fields
                if f.editable
                and not isinstance(f, models.AutoField)
                and f.name in self.fields
                and (names is None or f.name in names)
                and not (self._meta.exclude and f.name in self._meta.exclude)
            ]
        cleaned, instance, data, files = self.cleaned_data, self.instance, self.data, []
        for f, name, default, is_file in writers:
            if name not in cleaned:
                continue
            value = cleaned[name]
            if default is not None:
                omitted, key, empty_values = default
                if value in empty_values and omitted(data, self.files, key):
                    continue
            if is_file:
                files.append(f)
            else:
                f.save_form_data(instance, value)
        for f in files:
            f.save_form_data(instance, cleaned[f.name])

    def _update_errors(self, errors):
        # A model rule may name a field this form does not carry (a step's form, an edit form
        # before a step): Django would raise; show it as a form-wide message with the field's label.
        if hasattr(errors, "error_dict"):
            remapped: dict[str, list] = {}
            for name, errs in errors.error_dict.items():
                if name != NON_FIELD_ERRORS and name not in self.fields:
                    label = self._meta.model._meta.get_field(name).verbose_name
                    remapped.setdefault(NON_FIELD_ERRORS, []).extend(
                        f"{label}：{m}" for m in ValidationError(errs).messages
                    )
                else:
                    remapped.setdefault(name, []).extend(errs)
            errors = ValidationError(remapped)
        super()._update_errors(errors)

    def _post_clean(self):
        if self.preloaded is None:
            super()._post_clean()
        else:
            self._post_clean_import()
        # A record inside a statutory procedure must keep every gate it has passed, whatever
        # is edited afterwards (and an imported record must hold the gates of its step).
        from fazhi.ledger import registry

        ledger = registry.for_model(self._meta.model)
        if ledger is not None and ledger.procedure is not None:
            for message in ledger.procedure.check_state(self.instance):
                self.add_error(None, message)

    def validate_unique(self):
        if self.preloaded is None:
            super().validate_unique()
        else:
            self._validate_unique_import()
        # The township is not a form field, so Django skips constraints naming it (one catalogue
        # per township and year): check them here rather than let the database refuse the save.
        if (
            self._errors
            or getattr(self.instance, "org_id", None) is None
            or not _constraints_name_org(self._meta.model)
        ):
            return
        exclude = self._get_validation_exclusions()
        exclude.discard("org")
        try:
            self.instance.validate_unique(exclude=exclude)
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as e:
            self._update_errors(e)

    def _validate_unique_import(self) -> None:
        """ModelForm.validate_unique for an import's rows: Model.validate_unique's steps, with
        the checks to make (which depend on the model and the excluded fields, not on the row's
        values) listed once per set of exclusions instead of once per row."""
        instance = self.instance
        model = type(instance)
        exclude = self._get_validation_exclusions()
        if (
            model.validate_unique is not models.Model.validate_unique
            or model._get_unique_checks is not models.Model._get_unique_checks
        ):
            try:
                instance.validate_unique(exclude=exclude)
            except ValidationError as e:
                self._update_errors(e)
            return
        found = self.__dict__.setdefault("_unique_checks", {})
        key = frozenset(exclude)
        checks = found.get(key)
        if checks is None:
            checks = found[key] = instance._get_unique_checks(exclude=exclude)
        unique_checks, date_checks = checks
        errors = instance._perform_unique_checks(unique_checks)
        for k, v in instance._perform_date_checks(date_checks).items():
            errors.setdefault(k, []).extend(v)
        if errors:
            self._update_errors(ValidationError(errors))

    def _get_validation_exclusions(self):
        if self.preloaded is None:
            return super()._get_validation_exclusions()
        # ModelForm._get_validation_exclusions with the decisions that do not depend on the row
        # made once per form: the fields the form does not carry, and the preloaded related
        # fields (the preloaded lookup has proved each related row exists within the township;
        # the model's own check would cost one query per row).
        plan = self.__dict__.get("_exclusion_plan")
        if plan is None:
            always, per_row = set(self.preloaded), []
            for f in self.instance._meta.fields:
                name = f.name
                if (
                    name not in self.fields
                    or (self._meta.fields and name not in self._meta.fields)
                    or (self._meta.exclude and name in self._meta.exclude)
                ):
                    always.add(name)
                else:
                    form_field = self.fields[name]
                    per_row.append((name, not f.blank and not form_field.required, form_field.empty_values))
            plan = self._exclusion_plan = (frozenset(always), per_row)
        always, per_row = plan
        exclude = set(always)
        errors, cleaned = self._errors, self.cleaned_data
        for name, empty_excluded, empty_values in per_row:
            if name in errors or (empty_excluded and cleaned.get(name) in empty_values):
                exclude.add(name)
        return exclude


# A field's kept cleanings (one import form's) are dropped past this many distinct values.
MEMO_LIMIT = 4096
# Values kept by equality of their type and value; a Decimal or float by its text (1.10 and
# 1.1 are equal but not equally valid: decimal places are counted as written).
_KEYED_BY_VALUE = frozenset({str, bool, int, dt.date, type(None)})
_KEYED_BY_TEXT = frozenset({Decimal, float})


def _memoised(memo: dict | None, clean, value, *args):
    """`clean(value, *args)`, taken from `memo` when this value was cleaned before. Only a value
    that cleaned without error is kept (an error is raised afresh, with its own message)."""
    if memo is None:
        return clean(value, *args)
    kind = type(value)
    if kind in _KEYED_BY_VALUE:
        key = (kind, value)
    elif kind in _KEYED_BY_TEXT:
        key = (kind, str(value))
    else:
        return clean(value, *args)
    try:
        return memo[key]
    except KeyError:
        pass
    cleaned = clean(value, *args)
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    memo[key] = cleaned
    return cleaned


@cache
def _constraints_name_org(model) -> bool:
    opts = model._meta
    return any("org" in fields for fields in opts.unique_together) or any(
        "org" in getattr(c, "fields", ()) for c in opts.constraints
    )


def related_choices(model_field: models.ForeignKey, org: OrgUnit):
    related = model_field.related_model
    limit = model_field.get_limit_choices_to()
    if related is OrgUnit:
        return OrgUnit.objects.filter(path__startswith=org.path).complex_filter(limit)
    if issubclass(related, Record):
        return related.objects.filter(org=org).complex_filter(limit)
    if _belongs_to_org(related):
        # Rows kept per org unit (a township's departments): only those of the record's township.
        return related.objects.filter(org__path__startswith=org.path).complex_filter(limit)
    return related.objects.complex_filter(limit)


def _belongs_to_org(model) -> bool:
    try:
        field = model._meta.get_field("org")
    except FieldDoesNotExist:
        return False
    return isinstance(field, models.ForeignKey) and field.related_model is OrgUnit


def _preloaded_lookup(field: forms.ModelChoiceField, objects: dict):
    def to_python(value):
        if value in field.empty_values:
            return None
        try:
            return objects[str(value)]
        except KeyError:
            raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice") from None

    return to_python


def fill_defaults(ledger, values: dict, defaulted: list | None = None) -> dict:
    """For a new record from a sheet or JSON: empty or absent values of fields that have a
    model default take the default, as the blank page form shows it pre-filled. `defaulted`
    (defaulted_fields of the ledger) saves an import looking the fields up for every row."""
    for name, f in defaulted if defaulted is not None else defaulted_fields(ledger):
        if values.get(name) in (None, ""):
            default = f.get_default()
            values[name] = "" if default is None else default
    return values


def defaulted_fields(ledger) -> list[tuple[str, models.Field]]:
    """The ledger's fields whose empty value fill_defaults replaces by the model default."""
    return [
        (name, f)
        for name in ledger.fields
        if (f := ledger.field(name)).has_default() and not isinstance(f, models.BooleanField)
    ]


@cache
def form_class(ledger, fields: tuple[str, ...] | None = None) -> type[LedgerForm]:
    return forms.modelform_factory(
        ledger.model, form=LedgerForm, fields=list(fields if fields is not None else ledger.fields)
    )


def step_form_class(ledger, step) -> type[LedgerForm]:
    """The form of one procedure step: just the fields that step fills in."""
    return form_class(ledger, tuple(step.fields))
