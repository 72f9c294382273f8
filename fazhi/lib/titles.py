"""Record titles built from labels without saying a word twice ("邻里纠纷" + "纠纷")."""

import re

# Two or more Chinese characters said twice in a row: "纠纷纠纷", "甲一村甲一村".
DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,})\1")


def with_suffix(text: str, suffix: str) -> str:
    return text if text.endswith(suffix) else f"{text}{suffix}"


def with_prefix(prefix: str, text: str) -> str:
    return text if text.startswith(prefix) else f"{prefix}{text}"


def doubled(text: str) -> str | None:
    """The repeated words in a title, or None."""
    match = DOUBLED.search(text)
    return match.group(0) if match else None
