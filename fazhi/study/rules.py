"""Checks of the study-of-law ledgers (domain.md §2.2): the figures of an exam must add up, and a
constitutional oath names at least as many people as the ceremony counts."""

from django.core.exceptions import ValidationError


def listed_names(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def check_oath(oath) -> None:
    """The list of those sworn, when given, must not list more people than were sworn."""
    names = listed_names(oath.names)
    if names and oath.sworn is not None and len(names) > oath.sworn:
        raise ValidationError({"names": f"名单列出{len(names)}人，多于宣誓人数（{oath.sworn}）"})
