"""Automatic review of township annual reports on 法治政府建设 (plain Python, no Django).

Public API::

    review_text(text, name=..., year=..., against=[(name, text), ...]) -> ReviewResult
    review_file(path, year=..., against=...) -> ReviewResult
    review_batch(paths, against_dir=None, year=None) -> list[ReviewResult]
    render_html(results) -> str            # a self-contained page
    render_html_fragment(result) -> str    # one report, for embedding in a platform page
"""

from .engine import review_batch, review_file, review_text
from .model import Figure, Finding, ReviewInputError, ReviewResult
from .render import render_html, render_html_fragment, render_text

__all__ = [
    "Figure",
    "Finding",
    "ReviewInputError",
    "ReviewResult",
    "render_html",
    "render_html_fragment",
    "render_text",
    "review_batch",
    "review_file",
    "review_text",
]
