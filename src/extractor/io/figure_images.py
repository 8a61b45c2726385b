"""Figures (risk of bias, forest plots) as images for journals: PNG or TIFF at 600 dpi."""

from __future__ import annotations

import io
from pathlib import Path

import pymupdf

from extractor.io.files import write_output

DPI = 600


def page_images(pdf: bytes, suffix: str) -> list[bytes]:
    """Each page of a figure PDF as a PNG or TIFF at 600 dpi."""
    images = []
    with pymupdf.open(stream=pdf, filetype="pdf") as document:  # type: ignore[no-untyped-call]  # unannotated in PyMuPDF
        for page in document:
            pixmap = page.get_pixmap(dpi=DPI, alpha=False)
            images.append(pixmap.tobytes("png") if suffix == ".png" else _tiff(pixmap))
    return images


def write_images(out: Path, images: list[bytes]) -> list[Path]:
    """Write a figure's pages: `out` itself for one, `out-1`, `out-2`, … for more."""
    names = (
        [out]
        if len(images) == 1
        else [out.with_name(f"{out.stem}-{n}{out.suffix}") for n in range(1, len(images) + 1)]
    )
    for target, image in zip(names, images, strict=True):
        write_output(target, image)
    return names


def _tiff(pixmap: pymupdf.Pixmap) -> bytes:
    from PIL import Image  # reportlab's own dependency

    image = Image.frombytes("RGB", (pixmap.width, pixmap.height), pixmap.samples)
    buffer = io.BytesIO()
    image.save(buffer, format="TIFF", dpi=(DPI, DPI), compression="tiff_lzw")
    return buffer.getvalue()
