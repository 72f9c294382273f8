"""Password policy and lockout limits, read from the editable SecuritySettings."""

from datetime import timedelta

from django.core.exceptions import ValidationError

from fazhi.orgs.models import SecuritySettings


def character_classes(password: str) -> int:
    return sum(
        [
            any(c.islower() and c.isascii() for c in password),
            any(c.isupper() and c.isascii() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )


class PolicyPasswordValidator:
    def validate(self, password, user=None):
        policy = SecuritySettings.current()
        errors = []
        if len(password) < policy.password_min_length:
            errors.append(f"密码长度至少 {policy.password_min_length} 位")
        if character_classes(password) < policy.password_min_classes:
            errors.append(f"密码须包含大写字母、小写字母、数字、符号中至少 {policy.password_min_classes} 类")
        if errors:
            raise ValidationError(errors)

    def get_help_text(self):
        policy = SecuritySettings.current()
        return f"至少 {policy.password_min_length} 位，包含大写字母、小写字母、数字、符号中至少 {policy.password_min_classes} 类。"


def axes_failure_limit(request, credentials) -> int:
    return SecuritySettings.current().lockout_failures


def axes_cooloff(request) -> timedelta:
    return timedelta(minutes=SecuritySettings.current().lockout_minutes)
