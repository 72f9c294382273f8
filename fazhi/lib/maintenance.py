"""The steps of the scheduled maintenance run, registered by the apps that own them.

An app registers a step with ``@maintenance_step("名称")`` in a module its AppConfig.ready()
imports; the maintenance command runs every registered step in registration order, each in its
own transaction, and reports what each did. A step returns a short Chinese summary of what it
did (e.g. "删除过期导入文件 3 个"). A step that writes nothing to the database and reads a
snapshot of its own (the backup) registers with ``atomic=False``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    run: Callable[[], str]
    atomic: bool = True


STEPS: dict[str, Step] = {}


def maintenance_step(
    name: str, label: str, *, atomic: bool = True
) -> Callable[[Callable[[], str]], Callable[[], str]]:
    """Registers ``func`` as the maintenance step ``name`` (an English slug) shown as ``label``."""

    def register(func: Callable[[], str]) -> Callable[[], str]:
        STEPS[name] = Step(name, label, func, atomic)
        return func

    return register
