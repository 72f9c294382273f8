"""The legal services area's paragraphs of the annual report (see fazhi.indicators.narrative)."""

from fazhi.indicators import narrative
from fazhi.indicators.narrative import nonzero, tok
from fazhi.legal_services.models import Deliberation
from fazhi.lib.phrasing import Voice


def _examples(org_ids, year) -> dict[int, str]:
    found = narrative.first_of(
        Deliberation.objects.filter(
            org_id__in=org_ids, held_on__year=year, adviser_present=True
        ).select_related("village"),
        "-participants",
        "held_on",
    )
    return {o: _told(d) for o, d in found.items()}


def _example(org, year) -> str:
    """A village deliberation with the adviser present, told by village and topic."""
    return narrative.per_org(_examples, org, year, "")


def _told(d) -> str:
    where = d.village.name if getattr(d, "village_id", None) else "村里"
    topic = d.topic.strip().rstrip("。").strip("“”")
    return (
        f"{d.held_on.month}月{where}就{topic}召开援法议事会，{d.participants}名村民代表参加，"
        "法律顾问现场解读相关法律规定，议定事项依法依规、群众认可。"
    )


@narrative.register("legal_services", "完善公共法律服务体系")
def draft(org, year) -> list[str]:
    f = narrative.figures(org, year, area="legal_services")
    v = Voice(org.code, year, "legal_services")
    paragraphs = []
    if nonzero(f["legal_services.advisers"]):
        text = v.pick(
            "lead",
            ["深化一村（社区）一法律顾问制度，", "用好法律顾问这支专业力量，"],
        )
        text += f"聘请法律顾问{tok('legal_services.advisers')}"
        if nonzero(f["legal_services.villages_covered"]):
            text += (
                f"，为{tok('legal_services.villages_covered')}村（社区）配备法律顾问，"
                f"覆盖率{tok('legal_services.village_coverage_rate')}"
            )
        if nonzero(f["legal_services.services"]):
            text += f"。法律顾问全年提供服务{tok('legal_services.services')}"
            if nonzero(f["legal_services.service_hours"]):
                text += f"、累计{tok('legal_services.service_hours')}"
            if nonzero(f["legal_services.reviews"]):
                text += f"，出具审查意见{tok('legal_services.reviews')}"
        text += "。"
        paragraphs.append(text)
    access = []
    if nonzero(f["legal_services.service_points"]):
        access.append(f"建成法律之家、公共法律服务工作站（室）{tok('legal_services.service_points')}")
    if nonzero(f["legal_services.consultations"]):
        access.append(f"接待群众法律咨询{tok('legal_services.consultations')}")
    if nonzero(f["legal_services.deliberations"]):
        text = f"指导村（社区）开展援法议事{tok('legal_services.deliberations')}"
        if nonzero(f["legal_services.deliberations_with_adviser"]):
            text += f"，其中法律顾问到场{tok('legal_services.deliberations_with_adviser')}"
        access.append(text)
    if access:
        paragraphs.append(
            v.pick("access", ["推动法律服务向村组延伸，", "让群众在家门口找得到法律服务，"])
            + "，".join(access)
            + "。"
            + _example(org, year)
        )
    if paragraphs:
        paragraphs.append(
            v.some(
                "measure",
                [
                    "法律顾问每月定期到村坐班，参与村级重要合同审查和重大事项决策论证，为群众提供免费法律咨询和法律援助指引。",
                    "把公共法律服务点建在群众家门口，公布服务时间和联系方式，困难群众申请法律援助实行绿色通道、应援尽援。",
                ],
            )
        )
    return paragraphs
