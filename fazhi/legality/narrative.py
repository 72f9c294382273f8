"""The legality review area's paragraphs of the annual report (see fazhi.indicators.narrative)."""

from fazhi.indicators import narrative
from fazhi.indicators.narrative import nonzero, tok
from fazhi.legality.models import NormativeDocument, Result, ReviewRequest
from fazhi.lib.phrasing import Voice


def _amended(org_ids, year) -> dict[int, ReviewRequest]:
    return narrative.first_of(
        ReviewRequest.objects.filter(org_id__in=org_ids, completed_on__year=year, result=Result.AMENDED),
        "-kind",
        "completed_on",
    )


def _first_documents(org_ids, year) -> dict[int, NormativeDocument]:
    return narrative.first_of(
        NormativeDocument.objects.filter(org_id__in=org_ids, published_on__year=year).exclude(number=""),
        "published_on",
    )


def _example(org, year) -> str:
    """A review whose opinion changed what was reviewed (修改后合法), else the latest document."""
    r = narrative.per_org(_amended, org, year, None)
    if r is not None:
        title = r.title.strip().rstrip("。").strip("《》“”")
        return (
            f"{r.completed_on.month}月审核{r.department or '有关站所'}送审的《{title}》时，"
            f"{r.get_reviewer_display()}提出修改意见，送审单位据此修改完善后再行签订实施，避免了法律风险。"
        )
    doc = narrative.per_org(_first_documents, org, year, None)
    if doc is None:
        return ""
    title = doc.title.strip().strip("《》")
    return f"制定《{title}》（{doc.number}）时，经评估论证、征求意见、合法性审核和集体审议后公布实施。"


@narrative.register("legality", "强化合法性审核和规范性文件监督管理")
def draft(org, year) -> list[str]:
    f = narrative.figures(org, year, area="legality")
    v = Voice(org.code, year, "legality")
    paragraphs = []
    if nonzero(f["legality.reviews"]):
        kinds = []
        for label, code in (
            ("合同协议", "legality.reviews_contract"),
            ("规范性文件", "legality.reviews_normative"),
            ("重大行政决策", "legality.reviews_decision"),
            ("重大执法决定", "legality.reviews_enforcement"),
            ("村规民约", "legality.reviews_village_rule"),
        ):
            if nonzero(f[code]):
                kinds.append(f"{label}{tok(code)}")
        text = v.pick(
            "lead",
            [
                "发挥司法所和法律顾问作用，坚持应审必审，",
                "把合法性审核作为行政行为的前置关口，",
                "落实“未经合法性审核不得提交讨论”的要求，",
            ],
        )
        text += f"全年审核各类事项{tok('legality.reviews')}"
        if kinds:
            text += f"，涉及{'、'.join(kinds)}"
        if nonzero(f["legality.reviews_concluded"]):
            text += f"，出具书面审核意见{tok('legality.reviews_concluded')}"
        if nonzero(f["legality.reviews_unlawful"]):
            text += f"，对{tok('legality.reviews_unlawful')}认定不合法、退回起草单位"
        paragraphs.append(text + "。" + _example(org, year))
    docs = []
    if nonzero(f["legality.documents"]):
        text = f"制发行政规范性文件{tok('legality.documents')}"
        if nonzero(f["legality.documents_reviewed"]):
            text += f"，合法性审核率{tok('legality.document_review_rate')}"
        if nonzero(f["legality.documents_filed"]):
            text += f"，报县政府备案{tok('legality.documents_filed')}"
        docs.append(text)
    if nonzero(f["legality.documents_repealed"]):
        docs.append(f"清理废止不再适用的文件{tok('legality.documents_repealed')}")
    if nonzero(f["legality.village_rules"]):
        text = f"审查村规民约和居民公约{tok('legality.village_rules')}"
        if nonzero(f["legality.village_rules_corrected"]):
            text += f"，责令纠正违法内容{tok('legality.village_rules_corrected')}"
        docs.append(text)
    if docs:
        paragraphs.append("；".join(docs) + "。")
    if paragraphs:
        paragraphs.append(
            v.some(
                "measure",
                [
                    "建立以司法所为主、法律顾问协同的审核机制，明确送审材料清单和审核时限，审核意见书面反馈，采纳情况跟踪回访。",
                    "实行合法性审核目录管理，把村级重要合同、涉及群众切身利益的文件一并纳入审核范围，审核发现的问题逐项反馈、限期修改。",
                ],
            )
        )
    return paragraphs
