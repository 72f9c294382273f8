from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.orgs.models import Level, OrgUnit
from fazhi.reports import drafting, render, workflow


class Command(BaseCommand):
    help = (
        "Renders a township's annual report (the submitted version, else the latest draft, else a "
        "fresh draft made for the occasion) as docx, pdf or html."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="township code, e.g. SFX01")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", choices=sorted(render.FORMATS), default="docx")
        parser.add_argument("--out", required=True, help="output file")

    def handle(self, *args, org, year, format, out, **options):
        unit = OrgUnit.objects.filter(code=org, level=Level.TOWNSHIP).first()
        if unit is None:
            raise CommandError(f"没有编码为 {org} 的乡镇（街道）")
        report = workflow.current(unit, year)
        if report is None:
            report = drafting.draft_report(unit, year, None)
            self.stdout.write(f"{unit.name}{year}年度还没有报告：已根据台账起草第1版")
        try:
            content = render.render(report, format)
        except render.RenderUnavailable as exc:
            raise CommandError(str(exc)) from exc
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.stdout.write(
            self.style.SUCCESS(f"{report}（{report.get_state_display()}）→ {path}（{len(content)} 字节）")
        )
