from fazhi.ledger import registry
from fazhi.litigation import models, rules


def fields_on_paths_to(procedure, current: str) -> set[str]:
    """Fields of every step lying on some path to `current`: a case closed after a hearing keeps
    the hearing's fields editable, though the shortest path (answered → closed) skips it."""
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


@registry.register
class CaseLedger(registry.Ledger):
    code = "litigation-cases"
    model = models.Case
    description = "行政复议、行政诉讼案件：答复答辩、负责人出庭、结果、司法建议与纠错整改"
    procedure = rules.CASE
    columns = ["received_on", "number", "kind", "claimant", "act_kind", "hearing_on", "result", "step"]
    filters = ["step", "kind", "act_kind", "result", "attended_role"]
    search = ["number", "claimant", "act", "organ", "attended_by"]
    date_field = "received_on"

    def editable_fields(self, obj=None) -> list[str]:
        step_fields = {f for s in self.procedure.steps for f in s.fields}
        current = getattr(obj, self.procedure.field, None) or self.procedure.initial
        open_fields = fields_on_paths_to(self.procedure, current)
        return [f for f in self.fields if f not in step_fields or f in open_fields]

    def deadlines(self, obj):
        return rules.deadlines(obj)
