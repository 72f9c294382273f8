"""The legal education area's paragraphs of the annual report (see fazhi.indicators.narrative)."""

from fazhi.indicators import narrative
from fazhi.indicators.narrative import listing, nonzero, tok
from fazhi.legal_education.models import Activity
from fazhi.legal_education.rules import TARGET_PER_VILLAGE
from fazhi.lib.phrasing import Voice

THEME_DAYS = ["constitution_day", "consumer_day", "security_day", "anti_drug_day"]


def _organisers(org_ids, year) -> dict[int, list[str]]:
    """The units that organised activities, in order of name."""
    found: dict[int, list[str]] = {}
    rows = (
        Activity.objects.filter(org_id__in=org_ids, held_on__year=year)
        .exclude(organiser="")
        .values_list("org_id", "organiser")
        .distinct()
        .order_by("org_id", "organiser")
    )
    for org_id, organiser in rows:
        found.setdefault(org_id, []).append(organiser)
    return found


def _largest(org_ids, year) -> dict[int, Activity]:
    return narrative.first_of(
        Activity.objects.filter(org_id__in=org_ids, held_on__year=year).select_related("village"),
        "-audience",
        "held_on",
    )


def _themed(org_ids, year) -> dict[int, list[Activity]]:
    """The two best attended activities of a theme day with a theme of their own."""
    return narrative.first_per_org(
        Activity.objects.filter(org_id__in=org_ids, held_on__year=year, kind__in=THEME_DAYS).exclude(
            theme=""
        ),
        "-audience",
        n=2,
    )


@narrative.register("legal_education", "深入开展普法宣传教育")
def draft(org, year) -> list[str]:
    f = narrative.figures(org, year, area="legal_education")
    v = Voice(org.code, year, "legal_education")
    paragraphs = []
    if nonzero(f["legal_education.activities"]):
        kinds = listing(
            f,
            [
                ("送法下村和法治赶场", "legal_education.village_activities"),
                ("宪法宣传周和主题日活动", "legal_education.theme_day_activities"),
            ],
            sep="、",
        )
        text = v.pick(
            "lead",
            ["落实“谁执法谁普法”普法责任制，", "围绕“八五”普法规划目标，", "以群众需求为导向创新普法方式，"],
        )
        text += f"全年开展普法活动{tok('legal_education.activities')}"
        if kinds:
            text += f"，其中{kinds}"
        reach = listing(
            f,
            [
                ("覆盖群众", "legal_education.audience"),
                ("悬挂横幅", "legal_education.banners"),
                ("发放宣传资料", "legal_education.brochures"),
                ("现场解答法律咨询", "legal_education.consultations"),
            ],
        )
        if reach:
            text += f"，{reach}"
        paragraphs.append(text + "。")
        organisers = narrative.per_org(_organisers, org, year, [])
        largest = narrative.per_org(_largest, org, year, None)
        notable = []
        if len(organisers) > 1:
            notable.append(f"{'、'.join(organisers[:5])}等单位结合各自职责开展宣传")
        if largest is not None and largest.theme:
            where = largest.place or (largest.village.name if largest.village_id else "")
            notable.append(
                f"{largest.held_on.month}月{f'在{where}' if where else ''}开展的“{largest.theme}”活动群众参与较多"
            )
        themed = next(
            (a for a in narrative.per_org(_themed, org, year, []) if largest is None or a.pk != largest.pk),
            None,
        )
        if themed is not None:
            notable.append(
                f"{themed.held_on.month}月{themed.held_on.day}日结合{themed.get_kind_display()}开展{themed.theme.strip('“”')}主题宣传"
            )
        if notable:
            paragraphs.append("，".join(notable) + "。")
    paragraphs.append(
        v.some(
            "measure",
            [
                "抓住赶集日、农闲时节和传统节日群众集中的时机，把法律咨询台摆到集市和村口，用群众听得懂的方言和身边案例讲清法律规定。",
                "针对青少年、老年人、外出务工人员等不同群体，分别开展法治进校园、防范养老诈骗、劳动维权等专题宣传，增强普法的针对性。",
                "推动普法与依法治理相结合，把法治宣传融入乡村振兴、人居环境整治和移风易俗，引导群众遇事找法、解决问题靠法。",
            ],
        )
    )
    team = listing(
        f,
        [
            ("在岗法律明白人", "legal_education.legal_literates"),
            ("普法联络员", "legal_education.liaison_officers"),
            ("学法用法示范户", "legal_education.model_households"),
            ("法治文化阵地", "legal_education.culture_venues"),
        ],
    )
    if team:
        whole = "全街道" if org.name.endswith("街道") else ("全乡" if org.name.endswith("乡") else "全镇")
        text = f"加强基层普法队伍和阵地建设，{whole}现有{team}。"
        if nonzero(f["legal_education.villages"]):
            text += (
                f"{tok('legal_education.villages')}村（社区）中有{tok('legal_education.villages_meeting_target')}"
                f"达到每村不少于{TARGET_PER_VILLAGE}名法律明白人的要求，达标率{tok('legal_education.villages_meeting_target_rate')}。"
                if nonzero(f["legal_education.villages_meeting_target"])
                else f"各村（社区）尚未达到每村不少于{TARGET_PER_VILLAGE}名法律明白人的要求。"
            )
        paragraphs.append(text)
    return paragraphs
