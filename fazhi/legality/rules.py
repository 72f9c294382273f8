"""Rules of legality review, normative documents and 村规民约 (domain.md §2.7); the sources are in
shared/rules-sources.md §3 and §5. Periods that provinces set differently are configurable, and
rules not found in a verified national text say "（依本省规定）" instead of an article."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.ledger import todo
from fazhi.ledger.procedures import DueItem, Procedure, Step, days, period
from fazhi.workdays.deadlines import add, workdays_between

LOCAL = "（依本省规定）"
ORG_LAW = "地方组织法第七十五条"
INDICATOR = "《市县法治政府建设示范指标体系》第24项"
DECISION_LAW = "《重大行政决策程序暂行条例》第二十六条"
GBT = "GB/T 9704-2012 第7.2.5条"
VILLAGE_LAW = "村民委员会组织法第二十七条"

REVIEW_MIN = period(
    "legality.review_min", "规范性文件合法性审核时间（不少于，工作日）", 5, working=True, source=LOCAL
)
REVIEW_MAX = period("legality.review_max", "合法性审核期限（不超过，工作日）", 15, working=True, source=LOCAL)
REVIEW_DECISION_MIN = period(
    "legality.review_decision_min",
    "重大行政决策合法性审查时间（不少于，工作日）",
    7,
    working=True,
    source=DECISION_LAW,
    configurable=False,
)
COMMENT = period(
    "legality.comment",
    "规范性文件公开征求意见（不少于，工作日）",
    7,
    working=True,
    source=INDICATOR,
    configurable=False,
)
COMMENT_BUSINESS = period(
    "legality.comment_business",
    "涉及市场主体的规范性文件公开征求意见（不少于）",
    30,
    working=False,
    source=INDICATOR,
    configurable=False,
)
FILING = period("legality.filing", "规范性文件公布后报送县政府备案期限", 30, working=False, source=LOCAL)

PASSED = ("lawful", "amended")


def _today() -> dt.date:
    return timezone.localdate()


# ------------------------------------------------------------------------- document numbers

NUMBER = re.compile(r"^(?P<prefix>[^〔〕]*)〔(?P<year>\d+)〕(?P<serial>\d+)号$")
WRONG_BRACKETS = re.compile(r"[\[\]［］()（）【】{}]")


def number_problems(text: str) -> list[str]:
    """What is wrong with a 发文字号 such as 青石府规〔2025〕3号 (GB/T 9704-2012 7.2.5)."""
    text = (text or "").strip()
    if not text:
        return []
    problems = []
    if "第" in text:
        problems.append(f"文号中不加“第”字（{GBT}）")
    if WRONG_BRACKETS.search(text):
        problems.append(f"年份应使用六角括号〔〕括入（{GBT}）")
    m = NUMBER.match(text.replace("第", ""))
    if m is None:
        if not problems:
            problems.append(f"文号应写作“机关代字〔年份〕序号号”，如“青石府规〔2025〕3号”（{GBT}）")
        return problems
    if len(m["year"]) != 4:
        problems.append(f"年份应标全称（四位数字），如〔2025〕（{GBT}）")
    if m["serial"].startswith("0"):
        problems.append(f"序号不编虚位（不加前导零），如“3号”而非“03号”（{GBT}）")
    return problems


def validate_number(value: str) -> None:
    problems = number_problems(value)
    if problems:
        raise ValidationError(problems)


# --------------------------------------------------------------------------- review requests


def review_start(r) -> dt.date:
    """The review clock starts when the materials are complete: a supplement restarts it."""
    return r.supplement_received_on or r.submitted_on


def review_due(r):
    restarted = "；补充材料的，自材料补齐之日起重新计算" if r.supplement_received_on else ""
    return add(
        review_start(r),
        days(REVIEW_MAX),
        working=True,
        rule=f"合法性审核一般不超过{days(REVIEW_MAX)}个工作日{LOCAL}{restarted}",
    )


def review_min_days(r) -> tuple[int, str] | None:
    """The shortest review the kind allows, with its source; None when there is no minimum."""
    if r.kind == "decision":
        return days(REVIEW_DECISION_MIN), DECISION_LAW
    if r.kind == "normative" and not (r.urgent and r.urgent_reason.strip()):
        return days(REVIEW_MIN), LOCAL
    return None


def _supplement(r) -> list[str]:
    if r.supplement_requested_on and r.supplement_reason.strip():
        return []
    return ["未填写要求补充材料的日期和需补充的材料（送审材料不齐全的，可以退回或要求补充）"]


def _resumed(r) -> list[str]:
    if not r.supplement_received_on:
        return ["未填写材料补齐日期"]
    if r.supplement_requested_on and r.supplement_received_on < r.supplement_requested_on:
        return ["材料补齐日期早于要求补充材料日期"]
    return []


def _concluded(r) -> list[str]:
    unmet = []
    if not (r.completed_on and r.result and r.opinion.strip()):
        unmet.append("未填写出具意见日期、审核结论和审核意见")
        return unmet
    minimum = review_min_days(r)
    if minimum:
        n, source = minimum
        spent = workdays_between(review_start(r), r.completed_on)
        if spent < n:
            unmet.append(
                f"审核自{review_start(r):%Y-%m-%d}起至{r.completed_on:%Y-%m-%d}仅{spent}个工作日，"
                f"{r.get_kind_display()}的合法性审核时间不得少于{n}个工作日（{source.strip('（）')}）"
            )
    return unmet


def _withdrawn(r) -> list[str]:
    return [] if r.withdrawn_reason.strip() else ["未填写撤回理由"]


REVIEW_PROCEDURE = Procedure(
    name="合法性审核",
    steps=[
        Step("received", "受理审核"),
        Step(
            "supplement",
            "要求补充材料",
            fields=("supplement_requested_on", "supplement_reason"),
            gate=_supplement,
            help="材料补齐后审核期限重新计算",
        ),
        Step("resumed", "材料补齐", fields=("supplement_received_on",), gate=_resumed),
        Step(
            "concluded",
            "出具审核意见",
            fields=("completed_on", "result", "opinion", "reviewer_name"),
            gate=_concluded,
            help=f"规范性文件审核一般不少于5个、不超过15个工作日{LOCAL}；重大行政决策不少于7个工作日（{DECISION_LAW}）",
        ),
        Step("withdrawn", "撤回", fields=("withdrawn_reason",), gate=_withdrawn),
    ],
    transitions={
        "received": ["supplement", "concluded", "withdrawn"],
        "supplement": ["resumed", "withdrawn"],
        "resumed": ["supplement", "concluded", "withdrawn"],
    },
)


def check_review(r) -> None:
    errors: dict[str, str] = {}
    if r.urgent and not r.urgent_reason.strip():
        errors["urgent_reason"] = "紧急审核须填写理由"
    if r.completed_on and r.submitted_on and r.completed_on < r.submitted_on:
        errors["completed_on"] = "出具意见日期早于送审日期"
    if r.supplement_requested_on and r.submitted_on and r.supplement_requested_on < r.submitted_on:
        errors["supplement_requested_on"] = "要求补充材料日期早于送审日期"
    r.raise_errors(errors)


# ------------------------------------------------------------------------ normative documents


def comment_min_end(doc) -> dt.date | None:
    """The earliest lawful end of public comment: 7 working days, or 30 days for business."""
    if not doc.comment_from:
        return None
    if doc.concerns_business:
        return doc.comment_from + dt.timedelta(days=days(COMMENT_BUSINESS))
    return add(doc.comment_from, days(COMMENT), working=True).date


def _assessed(doc) -> list[str]:
    if doc.assessed_on and doc.assessment.strip():
        return []
    return [f"未填写评估论证日期和评估论证情况（参照{ORG_LAW}）"]


def _comment(doc) -> list[str]:
    if not (doc.comment_from and doc.comment_to):
        return [f"未填写公开征求意见的起止日期（参照{ORG_LAW}）"]
    if doc.comment_to < comment_min_end(doc):
        need = (
            f"不少于{days(COMMENT_BUSINESS)}日" if doc.concerns_business else f"不少于{days(COMMENT)}个工作日"
        )
        what = "涉及市场主体生产经营的，" if doc.concerns_business else ""
        return [
            f"公开征求意见自{doc.comment_from:%Y-%m-%d}至{doc.comment_to:%Y-%m-%d}，{what}征求意见期限应{need}"
            f"（应至少至{comment_min_end(doc):%Y-%m-%d}）（{INDICATOR}）"
        ]
    return []


def _review_submitted(doc) -> list[str]:
    return [] if doc.review_submitted_on else ["未填写送合法性审核的日期"]


def review_passed(doc) -> list[str]:
    """The gate before deliberation and issue: a passed legality review of the required length."""
    if not (doc.review_submitted_on and doc.review_completed_on and doc.review_result):
        return [
            f"未经合法性审核（未出具审核结论）的规范性文件，不得提交集体审议或印发（参照{ORG_LAW}）{LOCAL}"
        ]
    unmet = []
    if doc.review_result not in PASSED:
        unmet.append(f"经合法性审核不合法的规范性文件，不得提交集体审议或印发{LOCAL}")
    if not doc.review_opinion.strip():
        unmet.append("未填写合法性审核意见")
    if not (doc.urgent and doc.urgent_reason.strip()):
        spent = workdays_between(doc.review_submitted_on, doc.review_completed_on)
        if spent < days(REVIEW_MIN):
            unmet.append(
                f"合法性审核自{doc.review_submitted_on:%Y-%m-%d}送审至{doc.review_completed_on:%Y-%m-%d}仅{spent}个工作日，"
                f"一般不得少于{days(REVIEW_MIN)}个工作日{LOCAL}"
            )
    return unmet


def _deliberation(doc) -> list[str]:
    unmet = review_passed(doc)
    if not (doc.deliberated_on and doc.meeting.strip()):
        unmet.append(f"未填写集体审议日期和审议会议（参照{ORG_LAW}）")
    elif doc.review_completed_on and doc.deliberated_on < doc.review_completed_on:
        unmet.append("集体审议日期早于合法性审核完成日期")
    return unmet


def _numbered(doc) -> list[str]:
    if not (doc.number.strip() and doc.registered_on):
        return ["未填写文号和登记日期：规范性文件实行统一登记、统一编号、统一印发（国办发〔2018〕37号）"]
    return number_problems(doc.number)


def _published(doc) -> list[str]:
    unmet = review_passed(doc)
    if not (doc.published_on and doc.publish_channel.strip()):
        unmet.append(f"未填写公布日期和公布渠道：未经公布的规范性文件不得作为行政管理依据（参照{ORG_LAW}）")
    elif doc.deliberated_on and doc.published_on < doc.deliberated_on:
        unmet.append("公布日期早于集体审议日期")
    return unmet


def _filed(doc) -> list[str]:
    if not doc.filed_on:
        return [f"未填写报送县政府备案的日期{LOCAL}"]
    if doc.published_on and doc.filed_on < doc.published_on:
        return ["报送备案日期早于公布日期"]
    return []


def _revised(doc) -> list[str]:
    return [] if doc.revised_on and doc.cleanup_note.strip() else ["未填写修订日期和清理说明"]


def _repealed(doc) -> list[str]:
    return [] if doc.repealed_on and doc.cleanup_note.strip() else ["未填写废止日期和清理说明"]


def _abandoned(doc) -> list[str]:
    return [] if doc.abandoned_reason.strip() else ["未填写终止制定的理由"]


DOCUMENT_PROCEDURE = Procedure(
    name="行政规范性文件",
    steps=[
        Step("drafting", "起草"),
        Step("assessed", "评估论证", fields=("assessed_on", "assessment"), gate=_assessed),
        Step(
            "comment",
            "公开征求意见",
            fields=("comment_from", "comment_to"),
            gate=_comment,
            help=f"一般不少于7个工作日，涉及市场主体生产经营的不少于30日（{INDICATOR}）",
        ),
        Step(
            "review",
            "合法性审核",
            fields=(
                "review_submitted_on",
                "reviewer",
                "review_completed_on",
                "review_result",
                "review_opinion",
            ),
            gate=_review_submitted,
            help=f"一般不少于5个、不超过15个工作日{LOCAL}",
        ),
        Step(
            "deliberation",
            "集体审议",
            fields=("deliberated_on", "meeting", "deliberation"),
            gate=_deliberation,
            help="未经合法性审核或经审核不合法的，不得提交集体审议",
        ),
        Step(
            "numbered",
            "登记编号",
            fields=("number", "registered_on"),
            gate=_numbered,
            help=f"文号如“青石府规〔2025〕3号”（{GBT}）",
        ),
        Step("published", "公布", fields=("published_on", "publish_channel"), gate=_published),
        Step(
            "filed",
            "报送备案",
            fields=("filed_on", "filing_ref"),
            gate=_filed,
            help=f"自公布之日起30日内报送县政府备案{LOCAL}",
        ),
        Step("revised", "已修订", fields=("revised_on", "cleanup_note"), gate=_revised),
        Step("repealed", "已废止", fields=("repealed_on", "cleanup_note"), gate=_repealed),
        Step("abandoned", "终止制定", fields=("abandoned_reason",), gate=_abandoned),
    ],
    transitions={
        "drafting": ["assessed", "abandoned"],
        "assessed": ["comment", "abandoned"],
        "comment": ["review", "abandoned"],
        "review": ["deliberation", "abandoned"],
        "deliberation": ["numbered", "abandoned"],
        "numbered": ["published"],
        "published": ["filed", "repealed"],
        "filed": ["revised", "repealed"],
        "revised": ["repealed"],
    },
)

IN_FORCE = ("published", "filed")
ISSUED = ("published", "filed", "revised", "repealed")


def filing_due(doc):
    if not doc.published_on:
        return None
    return add(
        doc.published_on,
        days(FILING),
        working=False,
        rule=f"规范性文件自公布之日起{days(FILING)}日内报送县政府备案{LOCAL}",
    )


def document_review_due(doc):
    if not doc.review_submitted_on:
        return None
    return add(
        doc.review_submitted_on,
        days(REVIEW_MAX),
        working=True,
        rule=f"合法性审核一般不超过{days(REVIEW_MAX)}个工作日{LOCAL}",
    )


def validity(doc) -> str:
    if doc.step == "repealed":
        return "已废止"
    if doc.step == "revised":
        return "已修订"
    if doc.step in IN_FORCE:
        if doc.valid_until and doc.valid_until < _today():
            return "已失效（有效期届满）"
        return "有效"
    return "未生效"


def check_document(doc) -> None:
    errors: dict[str, str] = {}
    if doc.urgent and not doc.urgent_reason.strip():
        errors["urgent_reason"] = "紧急文件须填写理由"
    if doc.comment_from and doc.comment_to and doc.comment_to < doc.comment_from:
        errors["comment_to"] = "征求意见截止日期早于开始日期"
    if (
        doc.review_submitted_on
        and doc.review_completed_on
        and doc.review_completed_on < doc.review_submitted_on
    ):
        errors["review_completed_on"] = "审核完成日期早于送审日期"
    if doc.valid_until and doc.published_on and doc.valid_until < doc.published_on:
        errors["valid_until"] = "有效期届满日早于公布日期"
    doc.raise_errors(errors)


def document_deadlines(doc) -> list[DueItem]:
    items = []
    if doc.review_submitted_on:
        items.append(DueItem("合法性审核期限", document_review_due(doc), done=bool(doc.review_completed_on)))
    if doc.published_on:
        items.append(DueItem("报送备案期限", filing_due(doc), done=bool(doc.filed_on)))
    return items


def review_deadlines(r) -> list[DueItem]:
    return [DueItem("审核期限", review_due(r), done=r.step in ("concluded", "withdrawn"))]


# -------------------------------------------------------------------------------- 村规民约


def _village_reviewed(v) -> list[str]:
    unmet = []
    if not (v.reviewed_on and v.review_result):
        unmet.append(f"未填写审查日期和审查结论（{VILLAGE_LAW}）")
    elif v.review_result == "correct" and not v.problems.strip():
        unmet.append(f"须责令改正的，应写明违法或侵犯村民权利的内容（{VILLAGE_LAW}）")
    return unmet


def _correction(v) -> list[str]:
    unmet = []
    if v.review_result != "correct":
        unmet.append(f"审查未发现与法律相抵触或侵犯村民权利的内容，无需责令改正（{VILLAGE_LAW}）")
    if not (v.correction_ordered_on and v.correction_due_on):
        unmet.append(f"未填写责令改正日期和改正期限（{VILLAGE_LAW}）")
    return unmet


def _corrected(v) -> list[str]:
    if not v.corrected_on:
        return ["未填写改正完成日期"]
    if v.correction_ordered_on and v.corrected_on < v.correction_ordered_on:
        return ["改正完成日期早于责令改正日期"]
    return []


VILLAGE_RULE_PROCEDURE = Procedure(
    name="村规民约备案审查",
    steps=[
        Step("filed", "已备案"),
        Step(
            "reviewed",
            "审查",
            fields=("reviewed_on", "reviewer", "review_result", "problems"),
            gate=_village_reviewed,
            help=f"与宪法、法律、法规和国家政策相抵触或侵犯村民权利的，由乡镇政府责令改正（{VILLAGE_LAW}）",
        ),
        Step(
            "correction", "责令改正", fields=("correction_ordered_on", "correction_due_on"), gate=_correction
        ),
        Step("corrected", "已改正", fields=("corrected_on",), gate=_corrected),
    ],
    transitions={"filed": ["reviewed"], "reviewed": ["correction"], "correction": ["corrected"]},
)


def check_village_rule(v) -> None:
    errors: dict[str, str] = {}
    if v.adopted_on and v.filed_on and v.filed_on < v.adopted_on:
        errors["filed_on"] = "备案日期早于村（居）民会议通过日期"
    if v.reviewed_on and v.filed_on and v.reviewed_on < v.filed_on:
        errors["reviewed_on"] = "审查日期早于备案日期"
    if v.correction_ordered_on and v.correction_due_on and v.correction_due_on < v.correction_ordered_on:
        errors["correction_due_on"] = "改正期限早于责令改正日期"
    v.raise_errors(errors)


# ---------------------------------------------------------------------------------- to-do

EXPIRY_NOTICE_DAYS = 90  # a document's validity end shows this long before it comes


@todo.provider("legality-reviews")
def reviews_due(org_ids: list[int], today: dt.date):
    from fazhi.legality.models import ReviewRequest

    for r in (
        todo.records(ReviewRequest, org_ids).filter(step__in=["received", "resumed"]).select_related("org")
    ):
        due = review_due(r)
        yield todo.Todo(
            "legality.review",
            "legality-reviews",
            r,
            due,
            f"“{r}”于{review_start(r):%Y-%m-%d}送审（或补齐材料），合法性审核一般不超过{days(REVIEW_MAX)}个工作日{LOCAL}",
        )


@todo.provider("normative-documents")
def documents_due(org_ids: list[int], today: dt.date):
    from fazhi.legality.models import NormativeDocument

    docs = todo.records(NormativeDocument, org_ids).select_related("org")
    reviewing = docs.filter(
        step="review", review_completed_on__isnull=True, review_submitted_on__isnull=False
    )
    for doc in reviewing:
        due = document_review_due(doc)
        yield todo.Todo(
            "legality.document_review",
            "normative-documents",
            doc,
            due,
            f"规范性文件“{doc}”送审于{doc.review_submitted_on:%Y-%m-%d}，合法性审核一般不超过{days(REVIEW_MAX)}个工作日{LOCAL}",
        )
    for doc in docs.filter(step="published", published_on__isnull=False):
        due = filing_due(doc)
        yield todo.Todo(
            "legality.filing",
            "normative-documents",
            doc,
            due,
            f"规范性文件“{doc}”于{doc.published_on:%Y-%m-%d}公布，应自公布之日起{days(FILING)}日内报送县政府备案{LOCAL}",
        )
    expiring = docs.filter(step__in=IN_FORCE, valid_until__isnull=False)
    for doc in expiring:
        yield todo.Todo(
            "legality.expiring",
            "normative-documents",
            doc,
            doc.valid_until,
            f"规范性文件“{doc}”有效期至{doc.valid_until:%Y-%m-%d}，届满前应评估是否继续施行、修订或废止{LOCAL}",
            # Listed in the last EXPIRY_NOTICE_DAYS before the end of validity.
            shown_from=doc.valid_until - dt.timedelta(days=EXPIRY_NOTICE_DAYS),
            shown_until=doc.valid_until,
        )


@todo.provider("village-rules")
def village_rules_due(org_ids: list[int], today: dt.date):
    from fazhi.legality.models import VillageRule

    open_orders = (
        todo.records(VillageRule, org_ids)
        .filter(step="correction", correction_due_on__isnull=False)
        .select_related("org", "village")
    )
    for v in open_orders:
        yield todo.Todo(
            "legality.village_rule_correction",
            "village-rules",
            v,
            v.correction_due_on,
            f"{v}经审查须改正，乡镇已于{v.correction_ordered_on:%Y-%m-%d}责令改正，期限至{v.correction_due_on:%Y-%m-%d}（{VILLAGE_LAW}）",
        )
