"""Command line: python -m fazhi.review FILE... [--against DIR] [--format text|json|html] [--year YYYY]"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .engine import review_batch
from .model import ReviewInputError
from .render import render_html, render_text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m fazhi.review", description="法治政府建设年度报告自动审查"
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help=".docx、.txt、.pdf、.doc、.wps 报告文件")
    parser.add_argument("--against", metavar="DIR", help="与该目录中的其他报告比对雷同语句")
    parser.add_argument("--format", choices=("text", "json", "html"), default="text", help="输出格式")
    parser.add_argument("--year", type=int, help="报告年度（默认从标题和正文识别）")
    parser.add_argument("--output", "-o", metavar="FILE", help="写入文件而不是标准输出")
    parser.add_argument("--strict", action="store_true", help="发现错误级问题时以状态码 1 退出")
    args = parser.parse_args(argv)
    try:
        results = review_batch(args.files, against_dir=args.against, year=args.year)
    except ReviewInputError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        out = json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2)
    elif args.format == "html":
        out = render_html(results)
    else:
        out = render_text(results)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(out)
    else:
        sys.stdout.write(out + "\n")
    if args.strict and any(r.count("error") for r in results):
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
