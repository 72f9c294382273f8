"""Encrypted model field for personal identifiers (身份证号, 电话, 住址)."""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from fazhi.lib.masking import id_number_error, phone_error


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in settings.FIELD_ENCRYPTION_KEYS])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


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

    @property
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
        value = super().get_prep_value(value)
        if not value:
            return ""
        return encrypt(value)

    def formfield(self, **kwargs):
        from django import forms

        defaults = {"form_class": forms.CharField, "max_length": self.max_chars, "widget": forms.TextInput}
        defaults.update(kwargs)
        return super().formfield(**defaults)


# Ledgers kept by year rather than by date (plan items, tasks, 述法) share these.
YEAR_RANGE = [MinValueValidator(2000), MaxValueValidator(2100)]


def this_year() -> int:
    return timezone.localdate().year
