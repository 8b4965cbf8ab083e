"""Write a benchmark as ``report.md``, ``report.json`` and ``report.html`` (plus the plot PNGs).

The content comes from :func:`lintas.eval.report_sections.build_sections`; this module renders it as Markdown and as
one self-contained HTML page (plots embedded as base64 data URIs), and writes every file atomically.
"""

from __future__ import annotations

import base64
import html
import json
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lintas.eval.plots import matplotlib_available, render_plots
from lintas.eval.report_sections import SECTIONS, Code, Image, Section, Table, build_sections
from lintas.translate.errors import OutputError
from lintas.translate.io import atomic_writer, write_text

if TYPE_CHECKING:
    from lintas.eval.bench_report import BenchReport

logger = logging.getLogger("lintas")

__all__ = ["SECTIONS", "render_html", "render_markdown", "render_text_table", "write_reports"]


# -- plain text (the CLI) ---------------------------------------------------------------------------------------


def render_text_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()
) -> str:
    """An aligned plain-text table for the terminal; columns whose index is in ``right`` are right-aligned."""
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        out = [
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(out).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]) + "\n"


# -- Markdown ----------------------------------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|") or " "


def _md_blocks(blocks: Sequence[Any], out: list[str]) -> None:
    for block in blocks:
        if isinstance(block, str):
            out += [block, ""]
        elif isinstance(block, Table):
            out.append("| " + " | ".join(_md_cell(h) for h in block.headers) + " |")
            out.append("|" + "---|" * len(block.headers))
            out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
            out.append("")
        elif isinstance(block, Image):
            out += [f"![{block.alt}]({block.file})", ""]
        elif isinstance(block, Code):
            out += ["```", block.text, "```", ""]
        elif isinstance(block, Section):
            out += [f"{'#' * block.level} {block.title}", ""]
            _md_blocks(block.blocks, out)


def render_markdown(report: Mapping[str, Any]) -> str:
    """The report as Markdown (plots linked as PNG files in the same folder)."""
    title, sections = build_sections(report)
    out = [f"# {title}", ""]
    _md_blocks(sections, out)
    return "\n".join(out).rstrip() + "\n"


# -- HTML --------------------------------------------------------------------------------------------------------

_CSS = """body{font-family:system-ui,sans-serif;max-width:75rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;
vertical-align:top;text-align:left}th{background:#f3f3f3}code,pre{background:#f6f6f6}pre{padding:.5rem;
overflow-x:auto}img{max-width:100%}"""


def _html_inline(text: str) -> str:
    """Escape text; render `code` spans as <code>."""
    parts = str(text).split("`")
    return "".join(f"<code>{html.escape(p)}</code>" if i % 2 else html.escape(p) for i, p in enumerate(parts))


def _html_blocks(blocks: Sequence[Any], images: Mapping[str, bytes], out: list[str]) -> None:
    for block in blocks:
        if isinstance(block, str):
            out.append(f"<p>{_html_inline(block)}</p>")
        elif isinstance(block, Table):
            out.append("<table><thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in block.headers))
            out.append("</tr></thead><tbody>")
            out += [
                "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>"
                for row in block.rows
            ]
            out.append("</tbody></table>")
        elif isinstance(block, Image):
            data = base64.b64encode(images[block.file]).decode("ascii")
            out.append(f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(block.alt)}">')
            out.append(
                f"<figcaption>{html.escape(block.alt)} ({html.escape(block.file)})</figcaption></figure>"
            )
        elif isinstance(block, Code):
            out.append(f"<pre><code>{html.escape(block.text)}</code></pre>")
        elif isinstance(block, Section):
            out.append(f"<h{block.level}>{html.escape(block.title)}</h{block.level}>")
            _html_blocks(block.blocks, images, out)


def render_html(report: Mapping[str, Any], images: Mapping[str, bytes]) -> str:
    """The report as one self-contained HTML page (plots embedded as base64 data URIs)."""
    title, sections = build_sections(report)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
    ]
    _html_blocks(sections, images, out)
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# -- writing -----------------------------------------------------------------------------------------------------


def write_reports(report: BenchReport, out_dir: str | Path) -> dict[str, Path]:
    """Draw the plots and write every report file atomically into ``out_dir``.

    Sets ``report.plots`` (file names, or a note when matplotlib is missing).

    Returns:
        ``{"md": path, "json": path, "html": path, <plot file>: path, ...}``.
    """
    out = Path(out_dir)
    written: dict[str, Path] = {}
    images: dict[str, bytes] = {}
    if matplotlib_available():
        images = render_plots(report.to_dict())
        report.plots = {name.removesuffix(".png"): name for name in images}
        for name, png in images.items():
            try:
                with atomic_writer(out / name, "wb") as fh:
                    fh.write(png)
            except OSError as exc:
                raise OutputError(f"{out / name}: cannot be written ({exc.strerror or exc})") from None
            written[name] = out / name
    else:
        report.plots = {"note": "plots not drawn: matplotlib is not installed (pip install 'lintas[bench]')"}
    data = report.to_dict()
    write_text(out / "report.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    write_text(out / "report.md", render_markdown(data))
    write_text(out / "report.html", render_html(data, images))
    written.update(json=out / "report.json", md=out / "report.md", html=out / "report.html")
    logger.info("wrote %s", ", ".join(str(p) for p in written.values()))
    return written
