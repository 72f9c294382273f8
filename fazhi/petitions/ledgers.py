from fazhi.ledger import registry
from fazhi.petitions import models, rules


@registry.register
class PetitionLedger(registry.Ledger):
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
