from fazhi.ledger import registry
from fazhi.legal_education import models


@registry.register
class ActivityLedger(registry.Ledger):
    code = "education-activities"
    model = models.Activity
    description = "法治赶场、送法下村、进校园进企业、宪法宣传周与主题日普法活动"
    columns = [
        "held_on",
        "theme",
        "kind",
        "village",
        "organiser",
        "audience",
        "banners",
        "brochures",
        "consultations",
    ]
    filters = ["kind", "village"]
    search = ["theme", "organiser", "place", "notes"]
    date_field = "held_on"


@registry.register
class LegalLiterateLedger(registry.Ledger):
    code = "legal-literates"
    model = models.LegalLiterate
    description = "村（社区）“法律明白人”名册，每个行政村不少于3名"
    columns = ["name", "village", "gender", "phone", "occupation", "appointed_on", "trained_hours", "active"]
    filters = ["village", "gender", "active"]
    search = ["name", "occupation"]


@registry.register
class LiaisonOfficerLedger(registry.Ledger):
    code = "liaison-officers"
    model = models.LiaisonOfficer
    description = "各站所、学校、村（社区）的普法联络员"
    columns = ["name", "unit", "position", "phone", "appointed_on"]
    search = ["name", "unit", "position"]


@registry.register
class ModelHouseholdLedger(registry.Ledger):
    code = "model-households"
    model = models.ModelHousehold
    description = "县级以上命名的学法用法示范户"
    columns = ["head", "village", "members", "level", "recognised_on"]
    filters = ["village", "level"]
    search = ["head", "deeds"]


@registry.register
class CultureVenueLedger(registry.Ledger):
    code = "culture-venues"
    model = models.CultureVenue
    description = "法治文化广场、长廊、步道、书屋等阵地"
    columns = ["name", "kind", "village", "built_on", "area"]
    filters = ["kind", "village"]
    search = ["name"]
