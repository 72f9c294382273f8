"""Ledger declarations. A ledger is declared once, like a ModelAdmin, and gets its pages,
Excel template, import, export and API from the framework."""

from django.db import models

from fazhi.ledger.duedates import due_fields
from fazhi.ledger.fields import EncryptedCharField, index_fields

_REGISTRY: dict[str, "Ledger"] = {}
# Areas in the order of domain.md §2, with their Chinese names and menu icons.
AREAS: dict[str, tuple[str, str]] = {
    "leadership": ("组织领导", "flag"),
    "study": ("学法用法", "book"),
    "legal_education": ("普法宣传", "megaphone"),
    "mediation": ("矛盾纠纷化解", "people"),
    "enforcement": ("行政执法", "shield-check"),
    "decisions": ("重大行政决策", "diagram-3"),
    "legality": ("合法性审核", "file-earmark-check"),
    "disclosure": ("政务公开", "broadcast"),
    "petitions": ("信访", "envelope-paper"),
    "corrections": ("社区矫正", "person-lock"),
    "legal_services": ("法律服务", "briefcase"),
    "litigation": ("复议与应诉", "bank"),
    "rectification": ("问题整改", "check2-square"),
}

BASE_FIELDS = {
    "id",
    "org",
    "created_by",
    "created_at",
    "updated_by",
    "updated_at",
    "import_source",
    "version",
}


class Ledger:
    code: str = ""
    model: type[models.Model]
    title: str = ""
    description: str = ""
    columns: list[str] = []
    filters: list[str] = []
    search: list[str] = []
    # The event date: drives the year switch, sorting and the monthly nil returns.
    date_field: str | None = None
    # A ledger of items planned for a year (a year number, no event date): the year switch filters
    # on this field, and there are no monthly nil returns.
    year_field: str | None = None
    # Editable fields in form order; defaults to every editable field of the model.
    fields: list[str] | None = None
    ordering: list[str] | None = None
    # A statutory procedure (fazhi.ledger.procedures.Procedure) the records go through.
    procedure = None
    # Visible only to roles granted it by name (e.g. community correction), never by default.
    sensitive = False
    # Fields the model computes itself on clean() (not in forms): an import's update writes them too.
    derived: list[str] = []
    # Fields that identify a person: left out of lists, exports and API lists for a record
    # whose identity is protected (protected(obj), e.g. minors under community correction).
    identity_fields: list[str] = []

    def __init__(self) -> None:
        self.opts = self.model._meta
        self.area = self.opts.app_label
        self.title = self.title or str(self.opts.verbose_name)
        if self.fields is None:
            self.fields = [
                f.name
                for f in self.opts.get_fields()
                if getattr(f, "editable", False)
                and f.concrete
                and not f.auto_created
                and f.name not in BASE_FIELDS
            ]
        # Stored due dates follow the record's other fields: an import's update writes them too.
        self.derived = [
            *self.derived,
            *(f.name for f in due_fields(self.model) if f.name not in self.derived),
        ]
        if self.ordering is None:
            by = self.date_field or self.year_field
            self.ordering = [f"-{by}", "-id"] if by else ["-id"]

    def editable_fields(self, obj=None) -> list[str]:
        """Fields on the edit page and in the API: for a procedure, a step's own fields appear
        only once the record has reached that step (they are filled by taking the step)."""
        if self.procedure is None:
            return list(self.fields)
        step_fields = {f for s in self.procedure.steps for f in s.fields}
        current = getattr(obj, self.procedure.field, None) if obj is not None else None
        open_fields = self.procedure.fields_reaching(current or self.procedure.initial)
        return [f for f in self.fields if f not in step_fields or f in open_fields]

    def deadlines(self, obj) -> list:
        """Dates the record must meet (DueItem list) with their explanations; areas override."""
        return []

    @property
    def monthly(self) -> bool:
        """Event ledgers are filled month by month and can declare a month empty."""
        return self.date_field is not None

    @property
    def yearly(self) -> bool:
        """Whether the list has a year switch."""
        return bool(self.date_field or self.year_field)

    def in_year(self, year: int) -> dict:
        """The queryset filter of the year switch."""
        if self.date_field:
            return {f"{self.date_field}__year": year}
        return {self.year_field: year} if self.year_field else {}

    @property
    def area_name(self) -> str:
        return AREAS[self.area][0]

    def field(self, name: str) -> models.Field:
        return self.opts.get_field(name)

    def label(self, name: str) -> str:
        if name == "id":
            return "系统编号"
        return str(self.field(name).verbose_name)

    @property
    def pii_fields(self) -> list[str]:
        return [f.name for f in self.opts.concrete_fields if isinstance(f, EncryptedCharField)]

    @property
    def identifier_indexes(self) -> dict[str, str]:
        """{identifier field: its blind index}: found by the full number only, never by a part."""
        return index_fields(self.model)

    def protected(self, obj) -> bool:
        """Whether this record's identity is withheld from lists, exports and the API lists."""
        return False

    def withheld(self, obj) -> set[str]:
        return set(self.identity_fields) if self.protected(obj) else set()

    def may_open(self, user, obj) -> bool:
        """Beyond scope and role: whether this user may open this record's own page."""
        return True

    def queryset(self, user):
        """Everything a list, export or API read goes through: scope first, then joins."""
        related = [f for f in self.columns if isinstance(self.opts.get_field(f), models.ForeignKey)]
        return self.model.objects.visible_to(user).select_related("org", *related)

    def can(self, user, action: str) -> bool:
        return user.has_perm(f"{self.opts.app_label}.{action}_{self.opts.model_name}")

    def __str__(self) -> str:
        return self.title


def register(cls: type[Ledger]) -> type[Ledger]:
    instance = cls()
    if not instance.code:
        raise ValueError(f"{cls.__name__} needs a code")
    if instance.code in _REGISTRY:
        raise ValueError(f"ledger code {instance.code} registered twice")
    _REGISTRY[instance.code] = instance
    return cls


def get(code: str) -> Ledger | None:
    return _REGISTRY.get(code)


def all_ledgers() -> list[Ledger]:
    order = list(AREAS)
    return sorted(_REGISTRY.values(), key=lambda lg: order.index(lg.area))


def by_area() -> list[tuple[str, str, str, list[Ledger]]]:
    """(area code, Chinese name, icon, ledgers) for areas that have ledgers, in domain order."""
    result = []
    for area, (name, icon) in AREAS.items():
        ledgers = [lg for lg in _REGISTRY.values() if lg.area == area]
        if ledgers:
            result.append((area, name, icon, ledgers))
    return result


def for_model(model) -> Ledger | None:
    return next((lg for lg in _REGISTRY.values() if lg.model is model), None)
