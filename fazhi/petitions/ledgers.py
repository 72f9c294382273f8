from fazhi.ledger import registry
from fazhi.petitions import models, rules


def fields_on_paths_to(procedure, current: str) -> set[str]:
    """Fields of every step lying on some path to `current`: with branches (an optional review,
    a petition transferred instead of handled) the shortest path misses the branch taken."""
    reaches: dict[str, set[str]] = {}

    def descendants(code: str) -> set[str]:
        if code not in reaches:
            reaches[code] = set()
            for nxt in procedure.transitions.get(code, []):
                reaches[code] |= {nxt, *descendants(nxt)}
        return reaches[code]

    return {
        f for s in procedure.steps if s.code == current or current in descendants(s.code) for f in s.fields
    }


class BranchingLedger(registry.Ledger):
    def editable_fields(self, obj=None) -> list[str]:
        step_fields = {f for s in self.procedure.steps for f in s.fields}
        current = getattr(obj, self.procedure.field, None) or self.procedure.initial
        open_fields = fields_on_paths_to(self.procedure, current)
        return [f for f in self.fields if f not in step_fields or f in open_fields]


@registry.register
class PetitionLedger(BranchingLedger):
    code = "petitions"
    model = models.Petition
    description = "信访事项登记、受理告知、办理、处理意见、复查复核与办结（可导入省信访信息系统导出表）"
    procedure = rules.PETITION
    columns = [
        "received_on",
        "number",
        "channel",
        "petitioner",
        "petitioner_phone",
        "category",
        "village",
        "step",
    ]
    filters = ["step", "channel", "category", "nature", "route", "result", "village"]
    search = ["number", "petitioner", "subject", "opinion", "dispute_ref"]
    date_field = "received_on"

    def deadlines(self, obj):
        return rules.deadlines(obj)


@registry.register
class ReceptionDayLedger(registry.Ledger):
    code = "reception-days"
    model = models.ReceptionDay
    description = "党政领导定期接访：接访领导、接待批次与人次、反映问题及解决情况"
    columns = ["held_on", "leader", "position", "place", "batches", "visitors", "resolved"]
    filters = ["leader"]
    search = ["leader", "issues", "follow_up"]
    date_field = "held_on"
