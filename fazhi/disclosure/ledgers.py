from django.utils import timezone

from fazhi.disclosure import models, rules
from fazhi.ledger import registry


@registry.register
class ProactiveItemLedger(registry.Ledger):
    code = "disclosure-items"
    model = models.ProactiveItem
    description = "主动公开的政府信息：形成、保密审查、20个工作日内公开"
    columns = ["formed_on", "title", "category", "department", "published_on", "channel", "step"]
    filters = ["category", "channel", "step", "department"]
    search = ["title"]
    date_field = "formed_on"
    procedure = rules.ITEM_PROCEDURE

    def deadlines(self, obj):
        return rules.item_deadlines(obj)


@registry.register
class InfoRequestLedger(registry.Ledger):
    code = "disclosure-requests"
    model = models.InfoRequest
    description = "依申请公开：登记、补正、征求第三方意见、延期、答复与归档"
    columns = ["received_on", "number", "applicant_name", "channel", "replied_on", "reply_type", "step"]
    filters = ["channel", "applicant_kind", "reply_type", "step"]
    search = ["number", "applicant_name", "request"]
    date_field = "received_on"
    procedure = rules.REQUEST_PROCEDURE

    def deadlines(self, obj):
        return rules.request_deadlines(obj, timezone.localdate())
