"""Encrypted model field for personal identifiers (身份证号, 电话, 住址)."""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


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
