from functools import partial, partialmethod

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.encoding import force_str

from fazhi.dicts import store


class DictField(models.CharField):
    """A category kept in a dictionary the system administrator maintains: the record stores
    the entry's code, pages, exports, imports and the API use its label.

    `seed` is the list installed with the dictionary (and the codes demo data and indicators may
    name); the live list is the dictionary's."""

    def __init__(self, *args, dictionary: str, seed=(), title: str = "", **kwargs):
        self.dictionary = dictionary
        self.dictionary_title = title
        self.seed = list(getattr(seed, "choices", seed))
        kwargs.setdefault("max_length", 16)
        kwargs["choices"] = partial(store.choices, dictionary)
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        display = f"get_{self.name}_display"
        if isinstance(cls.__dict__.get(display), partialmethod):
            # Django's get_<field>_display builds a dict of every choice on each call.
            setattr(cls, display, partialmethod(_label_of, field=self))
        if not cls._meta.abstract:
            store.declare(
                self.dictionary,
                self.dictionary_title or str(self.verbose_name),
                self.seed,
                self.max_length,
                f"{cls._meta.label}.{name}",
            )

    def validate(self, value, model_instance):
        # Field.validate with the dictionary's codes as a set: Django would normalise the callable
        # choices again for every value, which dominated validating a large import.
        if not self.editable:
            return
        if value not in self.empty_values:
            if value not in store.codes(self.dictionary):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
                )
            return
        if value is None and not self.null:
            raise ValidationError(self.error_messages["null"], code="null")
        if not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")

    @property
    def flatchoices(self):
        # The dictionary's entries as they are: Django would normalise the callable choices again
        # on every read (each get_<field>_display, each record named in a to-do reason).
        return store.choices(self.dictionary)

    def _check_choices(self):
        # The options live in the database: nothing to check before it exists.
        return []

    def deconstruct(self):
        # Options and seeds are data (kept by the dictionary), not schema: migrations carry the
        # dictionary's name only.
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        kwargs["dictionary"] = self.dictionary
        return name, path, args, kwargs


def _label_of(instance, field: DictField):
    """Model._get_FIELD_display for a dictionary field: the entry's label, else the value itself."""
    value = getattr(instance, field.attname)
    return force_str(store.labels(field.dictionary).get(value, value), strings_only=True)
