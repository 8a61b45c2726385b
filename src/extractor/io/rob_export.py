"""`extractor export rob`: the figures as vector PDF, or PNG / TIFF at 600 dpi."""

from __future__ import annotations

import io
from pathlib import Path

import pymupdf

from extractor.core.errors import ExtractorError
from extractor.io.files import write_output
from extractor.io.rob_data import assessments
from extractor.io.robvis import write_robvis
from extractor.reports.rob_figures import PALETTES, rob_pdf
from extractor.store.project import ProjectFile

DPI = 600


def export_rob(
    project: ProjectFile, out: Path, tool: str | None = None, weighted: bool = False,
    palette: str = "cochrane", source: str | None = None,
) -> tuple[list[Path], list[str]]:  # fmt: skip
    """Write the figures; returns the files written and warnings."""
    suffix = out.suffix.lower()
    if suffix not in {".pdf", ".png", ".tiff", ".tif", ".csv"}:
        raise ExtractorError(f"{out}: choose a file ending .pdf, .png, .tiff or .csv (robvis)")
    if palette not in PALETTES:
        raise ExtractorError(f"palette '{palette}' must be one of {', '.join(PALETTES)}")
    with project.transaction() as repo:
        used, rows, warnings = assessments(repo, tool, source)
    if suffix == ".csv":
        write_output(out, write_robvis(used, rows))
        return [out], warnings
    if not rows:
        raise ExtractorError(f"no {used.tool} assessments to draw yet")
    pdf = rob_pdf(used, rows, palette, weighted)
    if suffix == ".pdf":
        write_output(out, pdf)
        return [out], warnings
    written = []
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        names = [out] if document.page_count == 1 else [
            out.with_name(f"{out.stem}-{n}{out.suffix}") for n in range(1, document.page_count + 1)
        ]  # fmt: skip
        for page, target in zip(document, names, strict=True):
            pixmap = page.get_pixmap(dpi=DPI, alpha=False)
            write_output(target, pixmap.tobytes("png") if suffix == ".png" else _tiff(pixmap))
            written.append(target)
    return written, warnings


def _tiff(pixmap: pymupdf.Pixmap) -> bytes:
    from PIL import Image  # reportlab's own dependency

    image = Image.frombytes("RGB", (pixmap.width, pixmap.height), pixmap.samples)
    buffer = io.BytesIO()
    image.save(buffer, format="TIFF", dpi=(DPI, DPI), compression="tiff_lzw")
    return buffer.getvalue()
