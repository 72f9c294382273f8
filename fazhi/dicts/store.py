"""The dictionaries declared by DictField and their entries as the pages read them.

Entries are read once per request (all dictionaries in one query: the table is small) and kept
for a few seconds outside requests (commands, the background worker)."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q

# Outside a request, how long entries read from the database stay in use.
TTL_SECONDS = 10.0


@dataclass
class Dictionary:
    name: str  # "<area app>.<what>", e.g. "mediation.dispute_kind"
    title: str
    seed: list[tuple[str, str]]
    max_length: int
    used_by: list[str] = field(default_factory=list)
    # Figures that count only some seeded entries: (figure's Chinese name, those codes).
    splits: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    @property
    def seed_codes(self) -> set[str]:
        return {code for code, _label in self.seed}

    @property
    def split_codes(self) -> set[str]:
        """Seeded codes some figure counts apart: the categories a new entry may be filed under."""
        return {code for _name, codes in self.splits for code in codes}

    @property
    def area(self) -> str:
        return self.name.split(".", 1)[0]


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    active: bool
    counts_as: str = ""


DICTIONARIES: dict[str, Dictionary] = {}
_loaded: dict = {"at": 0.0, "data": None}


def declare(name: str, title: str, seed, max_length: int, used_by: str) -> None:
    known = DICTIONARIES.get(name)
    if known is None:
        DICTIONARIES[name] = Dictionary(name, title, [(str(c), str(lb)) for c, lb in seed], max_length)
        known = DICTIONARIES[name]
    if seed and not known.seed:
        known.seed = [(str(c), str(lb)) for c, lb in seed]
    known.max_length = min(known.max_length, max_length)
    # History models (HistoricalX, and simple-history's NewHistoricalX while migrations render
    # their states) are not where a dictionary is "used".
    if used_by not in known.used_by and "Historical" not in used_by.split(".")[-2]:
        known.used_by.append(used_by)


def forget(**kwargs) -> None:
    _loaded["data"] = None


def _data() -> dict[str, list[Option]]:
    now = time.monotonic()
    if _loaded["data"] is None or now - _loaded["at"] > TTL_SECONDS:
        from fazhi.dicts.models import Entry

        data: dict[str, list[Option]] = {}
        rows = Entry.objects.order_by("dictionary", "position", "id").values_list(
            "dictionary", "code", "label", "active", "counts_as"
        )
        for name, code, label, active, counts_as in rows:
            data.setdefault(name, []).append(Option(code, label, active, counts_as))
        _loaded.update(at=now, data=data, labels={}, entries={})
    return _loaded["data"]


def options(name: str) -> list[Option]:
    """Every entry, disabled ones included (old records keep showing their label)."""
    return _data().get(name, [])


def choices(name: str) -> list[tuple[str, str]]:
    return [(o.code, o.label) for o in options(name)]


def labels(name: str) -> dict[str, str]:
    """{code: label} of every entry, made once per load of the dictionaries (a record's
    get_<field>_display, read for every record a list or a to-do reason names)."""
    data = _data()
    made = _loaded["labels"].get(name)
    if made is None:
        made = _loaded["labels"][name] = {o.code: o.label for o in data.get(name, [])}
    return made


def codes(name: str) -> set[str]:
    return {o.code for o in options(name)}


def offered(name: str) -> list[tuple[str, str]]:
    """The entries a new record may take."""
    return [(o.code, o.label) for o in options(name) if o.active]


def find(name: str, code: str) -> Option | None:
    """The entry of this code (the first, as a scan would find it), or None."""
    data = _data()
    entries = _loaded["entries"].get(name)
    if entries is None:
        entries = _loaded["entries"][name] = {}
        for o in data.get(name, []):
            entries.setdefault(o.code, o)
    return entries.get(code)


def counted_codes(name: str, codes) -> list[str]:
    """The seeded `codes` and the codes of the entries the administrator filed under one of them."""
    wanted = set(codes)
    return sorted(wanted | {o.code for o in options(name) if o.counts_as in wanted})


def category_filter(field_name: str, name: str, codes, figure: str) -> Callable[[], Q]:
    """For an indicator that counts only some categories of a dictionary: a filter built at query
    time, so that an entry added later counts once it is filed under one of `codes` (and only
    then: whether a new local category belongs to a figure is the administrator's call, never a
    guess). Records the split, so the dictionary's page can offer the filing."""
    dictionary = DICTIONARIES[name]
    codes = tuple(codes)
    unknown = set(codes) - dictionary.seed_codes
    if unknown:
        raise ValueError(f"{name}: {sorted(unknown)} are not seeded codes")
    if (figure, codes) not in dictionary.splits:
        dictionary.splits.append((figure, codes))

    def where() -> Q:
        return Q(**{f"{field_name}__in": counted_codes(name, codes)})

    return where


def seed(entry_model=None, using: str = "default") -> int:
    """Creates the entries of the declared seeds that are missing (by code, or by label when the
    administrator already has an entry of that name). Never renames, reorders or re-enables."""
    if entry_model is None:
        from fazhi.dicts.models import Entry as entry_model
    manager = entry_model._default_manager.using(using)
    codes = set(manager.values_list("dictionary", "code"))
    labels = set(manager.values_list("dictionary", "label"))
    new = []
    for d in DICTIONARIES.values():
        for i, (code, label) in enumerate(d.seed, start=1):
            if (d.name, code) in codes or (d.name, label) in labels:
                continue
            new.append(entry_model(dictionary=d.name, code=code, label=label, position=i * 10))
    manager.bulk_create(new)
    forget()
    return len(new)


def seed_after_migrate(sender, using="default", **kwargs) -> None:
    # After every migrate, and after the flush between transactional tests: seeds declared by a
    # newly added DictField appear without a migration of their own.
    if sender.name != "fazhi.dicts":
        return
    from django.db import connections

    from fazhi.dicts.models import Entry

    if Entry._meta.db_table in connections[using].introspection.table_names():
        seed(using=using)
