"""Varied wording chosen deterministically: the same township and year always get the same text,
two townships (or two years) read differently. Used by the report's drafting functions."""

import hashlib
from collections.abc import Sequence


class Voice:
    """Picks among equivalent wordings by a hash of (township, year, area, key)."""

    def __init__(self, *seed: object) -> None:
        self.seed = ":".join(str(s) for s in seed)

    def _n(self, key: str) -> int:
        return int(hashlib.sha256(f"{self.seed}:{key}".encode()).hexdigest()[:12], 16)

    def pick(self, key: str, options: Sequence[str]) -> str:
        return options[self._n(key) % len(options)]

    def order(self, key: str, options: Sequence[str]) -> list[str]:
        """All options in a stable shuffled order (for giving several items distinct wordings)."""
        return sorted(options, key=lambda o: self._n(f"{key}:{o}"))

    def some(self, key: str, options: Sequence[str], n: int = 2) -> str:
        """n of the options (whole sentences), in a stable shuffled order, joined."""
        return "".join(self.order(key, options)[:n])


def month_day(day) -> str:
    return f"{day.month}月{day.day}日"
