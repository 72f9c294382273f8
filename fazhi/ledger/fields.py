"""Encrypted model field for personal identifiers (身份证号, 电话, 住址)."""

import hashlib
import hmac
import unicodedata
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils import timezone
from django.utils.functional import cached_property

from fazhi.lib.masking import id_number_error, phone_error


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in settings.FIELD_ENCRYPTION_KEYS])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


class Sealed(str):
    """An identifier already encrypted (its token): written as it is, not encrypted again."""


def seal(objs, names: list[str]) -> list[tuple]:
    """Encrypts the identifiers of these unsaved records once, in place, so that the record and
    its history row (a bulk write copies the attribute) store the same token instead of each
    encrypting the value again. Returns what `unseal` needs to put the plain values back."""
    if not names:
        return []
    sealed = []
    for obj in objs:
        for name in names:
            plain = obj.__dict__.get(name)
            if plain and not isinstance(plain, Sealed):
                # Straight into __dict__: the blind index was computed from the plain value.
                obj.__dict__[name] = Sealed(encrypt(plain))
                sealed.append((obj, name, plain))
    return sealed


def unseal(sealed: list[tuple]) -> None:
    for obj, name, plain in sealed:
        obj.__dict__[name] = plain


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("个人信息无法解密：密钥与数据不匹配（FAZHI_FIELD_KEY）") from exc


def _checker(check):
    def validate(value):
        if value and (message := check(value)):
            raise ValidationError(message)

    return validate


# Well-formedness of identifiers is checked where they are stored, so every ledger gets it.
_VALIDATORS = {"id_number": [_checker(id_number_error)], "phone": [_checker(phone_error)]}


class EncryptedCharField(models.TextField):
    """Stored as a Fernet token, used as plain text in Python. Cannot be searched or sorted.

    `pii` names the kind of identifier, which decides how it is masked on screen.
    """

    def __init__(self, *args, pii: str = "text", max_chars: int = 100, **kwargs):
        self.pii = pii
        self.max_chars = max_chars
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    @cached_property
    def validators(self):
        return [*super().validators, *_VALIDATORS.get(self.pii, [])]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["pii"] = self.pii
        kwargs["max_chars"] = self.max_chars
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if not value:
            return ""
        return decrypt(value)

    def get_prep_value(self, value):
        if isinstance(value, Sealed):
            return str(value)
        value = super().get_prep_value(value)
        if not value:
            return ""
        return encrypt(value)

    def formfield(self, **kwargs):
        from django import forms

        defaults = {"form_class": forms.CharField, "max_length": self.max_chars, "widget": forms.TextInput}
        defaults.update(kwargs)
        return super().formfield(**defaults)


# -- blind index: identifiers found by their full value without decrypting ------------------------


@cache
def _index_key() -> bytes:
    """The blind-index key: derived from the current field key for this one purpose only, so the
    index reveals nothing to whoever lacks the field key and the field key is never used twice.
    After a field key rotation, `manage.py reindex_identifiers` recomputes the index."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"fazhi blind index of identifiers v1"
    ).derive(settings.FIELD_ENCRYPTION_KEYS[0].encode())


def normalise_identifier(value: str) -> str:
    """As people type an ID number: full-width digits, spaces or dashes inside, a lower-case x."""
    text = unicodedata.normalize("NFKC", value or "")
    return "".join(ch for ch in text if ch.isalnum()).upper()


def blind_index(value: str) -> str:
    """HMAC-SHA256 of the normalised identifier under the index key; "" for an empty value."""
    normalised = normalise_identifier(value)
    if not normalised:
        return ""
    return hmac.new(_index_key(), normalised.encode(), hashlib.sha256).hexdigest()


def looks_like_full_id_number(value: str) -> bool:
    """A whole 18- or 15-character ID number: only these are looked up (no partial search)."""
    normalised = normalise_identifier(value)
    return (
        len(normalised) in (15, 18)
        and normalised[:-1].isdigit()
        and (normalised[-1].isdigit() or normalised[-1] == "X")
    )


class _Stale:
    """The blind index of an identifier just set, computed when it is first read: a record
    loaded from the database sets the identifier and then its stored index, which replaces this
    before anyone reads it (the index of every loaded record was otherwise computed for nothing)."""

    __slots__ = ("plain",)

    def __init__(self, plain: str):
        self.plain = plain


class _IndexedValue(DeferredAttribute):
    """Keeps ``<field>_index`` in step with the identifier whenever the attribute is set, so
    every write path (save, bulk_create, bulk_update of both fields) stores a current index."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value
        if isinstance(value, Sealed):
            return  # a token copied from a sealed record (its history row): the index came with it
        instance.__dict__[self.field.index_name] = _Stale(value) if value else ""


class _IndexAttribute(DeferredAttribute):
    """The index attribute: computes an index left stale by `_IndexedValue` when it is read
    (every write path reads it through the attribute). A data descriptor (it has __set__), so
    reads come here even once the instance holds a value."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance, cls=None):
        if instance is not None:
            value = instance.__dict__.get(self.field.attname)
            if isinstance(value, _Stale):
                value = instance.__dict__[self.field.attname] = blind_index(value.plain)
                return value
        return super().__get__(instance, cls)


class BlindIndexField(models.CharField):
    """The keyed hash of an identifier field (``source``), stored beside its encrypted value.

    Declared next to the identifier as ``<source>_index``; never edited, never shown.
    """

    descriptor_class = _IndexAttribute

    def __init__(self, *args, source: str = "", **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        source = next((f for f in cls._meta.local_fields if f.name == self.source), None)
        if isinstance(source, EncryptedCharField):
            source.index_name = self.attname
            setattr(cls, source.attname, _IndexedValue(source))


def index_fields(model) -> dict[str, str]:
    """{identifier field: its blind index field} of a model."""
    return {f.source: f.name for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)}


def fill_blind_indexes(app_label: str, model_name: str):
    """A data migration's function: computes the index of every existing row of one model."""

    def fill(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        pairs = {f.source: f.name for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)}
        batch = []
        for obj in model._base_manager.only("pk", *pairs).iterator(chunk_size=1000):
            for source, index in pairs.items():
                setattr(obj, index, blind_index(getattr(obj, source)))
            batch.append(obj)
        model._base_manager.bulk_update(batch, list(pairs.values()), batch_size=1000)

    return fill


# Ledgers kept by year rather than by date (plan items, tasks, 述法) share these.
YEAR_RANGE = [MinValueValidator(2000), MaxValueValidator(2100)]


def this_year() -> int:
    return timezone.localdate().year
